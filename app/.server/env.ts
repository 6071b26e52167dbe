import { z } from "zod";
import { parseSigningKey } from "./integrations/maskinporten";

// Every setting the portal reads, validated once at start-up. Unknown or malformed values stop
// the process with a list of what is wrong; nothing falls back silently. PORTAL_ENV=production
// demands the real identity providers and keys: it can never run on the local stand-ins.

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const optionalUrl = optional.pipe(z.string().url().optional());
const flag = (fallback: "true" | "false") =>
  z
    .enum(["true", "false"])
    .default(fallback)
    .transform((v) => v === "true");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORTAL_ENV: z.enum(["demo", "production"]).default("demo"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    PUBLIC_URL: optionalUrl,
    DATABASE_URL: optional.pipe(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional()),
    DATA_DIR: z.string().min(1).default("./.data"),
    MUNICIPALITY: z.string().regex(/^[a-z0-9-]+$/).default("fjordvik"),
    TRUST_PROXY: flag("false"),
    SEED_DEMO_DATA: optional.pipe(z.enum(["true", "false"]).optional()).transform((v) => (v === undefined ? undefined : v === "true")),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),

    SESSION_SECRET: optional.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    PID_ENCRYPTION_KEY: optional.pipe(
      z
        .string()
        .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded")
        .optional(),
    ),
    SESSION_IDLE_SECONDS: z.coerce.number().int().min(5).default(30 * 60),
    SESSION_ABSOLUTE_SECONDS: z.coerce.number().int().min(60).default(12 * 60 * 60),

    IDPORTEN_ISSUER: optionalUrl,
    IDPORTEN_CLIENT_ID: optional,
    IDPORTEN_CLIENT_SECRET: optional,
    IDPORTEN_CLIENT_JWK: optional,
    IDPORTEN_DEFAULT_ACR: z.enum(["idporten-loa-substantial", "idporten-loa-high"]).default("idporten-loa-substantial"),

    EMPLOYEE_OIDC_ISSUER: optionalUrl,
    EMPLOYEE_OIDC_CLIENT_ID: optional,
    EMPLOYEE_OIDC_CLIENT_SECRET: optional,
    EMPLOYEE_ROLES_CLAIM: z.string().default("roles"),
    EMPLOYEE_UNIT_CLAIM: z.string().default("unit"),
    EMPLOYEE_NAME_CLAIM: z.string().default("name"),
    EMPLOYEE_ROLE_MAP: optional,

    // The person register (Folkeregisteret + KRR, through Maskinporten): all or none. Without
    // them a demo uses the synthetic register; production demands them.
    MASKINPORTEN_ISSUER: optionalUrl,
    MASKINPORTEN_CLIENT_ID: optional,
    MASKINPORTEN_KEY: optional,
    MASKINPORTEN_KID: optional,
    MASKINPORTEN_TOKEN_URL: optionalUrl,
    KRR_URL: optionalUrl,
    FREG_URL: optionalUrl,
    PERSON_REGISTER_TIMEOUT_MS: z.coerce.number().int().min(200).max(30_000).default(4000),

    // Notifications (app/.server/notifications). Without SMTP_URL / SMS_GATEWAY_URL a demo captures
    // what it would send and shows it at /dev/utboks; production demands both.
    SMTP_URL: optional.pipe(z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional()),
    NOTIFY_FROM: optional,
    SMS_GATEWAY_URL: optionalUrl,
    SMS_GATEWAY_TOKEN: optional,
    NOTIFICATION_WORKER: z.enum(["on", "off"]).default("on"),
  })
  .superRefine((env, ctx) => {
    const need = (key: keyof typeof env, why: string) => {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: why });
    };
    if (env.PORTAL_ENV === "production") {
      for (const key of ["IDPORTEN_ISSUER", "IDPORTEN_CLIENT_ID", "EMPLOYEE_OIDC_ISSUER", "EMPLOYEE_OIDC_CLIENT_ID"] as const)
        need(key, "is required when PORTAL_ENV=production (the local test login is never used in production)");
      need("SESSION_SECRET", "is required when PORTAL_ENV=production");
      need("PID_ENCRYPTION_KEY", "is required when PORTAL_ENV=production");
      need("DATABASE_URL", "is required when PORTAL_ENV=production (PGlite is for demos and development)");
      need("PUBLIC_URL", "is required when PORTAL_ENV=production");
      for (const key of ["SMTP_URL", "NOTIFY_FROM", "SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN"] as const)
        need(key, "is required when PORTAL_ENV=production (notifications are only captured locally without it)");
      if (env.PUBLIC_URL && !env.PUBLIC_URL.startsWith("https://"))
        ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "must be https:// in production" });
    }
    if (env.IDPORTEN_ISSUER && !env.IDPORTEN_CLIENT_SECRET && !env.IDPORTEN_CLIENT_JWK)
      ctx.addIssue({ code: "custom", path: ["IDPORTEN_CLIENT_JWK"], message: "set IDPORTEN_CLIENT_JWK (private_key_jwt) or IDPORTEN_CLIENT_SECRET" });
    if (env.SMTP_URL && !env.NOTIFY_FROM) need("NOTIFY_FROM", "is required with SMTP_URL (the sender address)");
    if (env.SMS_GATEWAY_URL && !env.SMS_GATEWAY_TOKEN) need("SMS_GATEWAY_TOKEN", "is required with SMS_GATEWAY_URL");
    if (env.EMPLOYEE_OIDC_ISSUER && !env.EMPLOYEE_OIDC_CLIENT_SECRET)
      need("EMPLOYEE_OIDC_CLIENT_SECRET", "is required with EMPLOYEE_OIDC_ISSUER");
    const register = ["MASKINPORTEN_ISSUER", "MASKINPORTEN_CLIENT_ID", "MASKINPORTEN_KEY", "KRR_URL", "FREG_URL"] as const;
    if (env.PORTAL_ENV === "production" || register.some((key) => env[key]))
      for (const key of register)
        need(
          key,
          env.PORTAL_ENV === "production"
            ? "is required when PORTAL_ENV=production (names and contact details come from Folkeregisteret and KRR)"
            : "is required with the other person-register settings (set all of them, or none for the synthetic register)",
        );
    if (env.MASKINPORTEN_KEY) {
      try {
        parseSigningKey(env.MASKINPORTEN_KEY, env.MASKINPORTEN_KID);
      } catch (error) {
        ctx.addIssue({ code: "custom", path: ["MASKINPORTEN_KEY"], message: (error as Error).message });
      }
    }
    // The grant's aud must be the issuer exactly as Maskinporten publishes it, with the slash.
    if (env.MASKINPORTEN_ISSUER && /^https:\/\/(test\.)?maskinporten\.no$/.test(env.MASKINPORTEN_ISSUER))
      ctx.addIssue({ code: "custom", path: ["MASKINPORTEN_ISSUER"], message: `must be ${env.MASKINPORTEN_ISSUER}/ (with the slash)` });
    if (env.PORTAL_ENV === "production")
      for (const key of ["MASKINPORTEN_ISSUER", "MASKINPORTEN_TOKEN_URL", "KRR_URL", "FREG_URL"] as const)
        if (env[key] && !env[key].startsWith("https://"))
          ctx.addIssue({ code: "custom", path: [key], message: "must be https:// in production" });
  });

export type Env = z.infer<typeof schema> & { PUBLIC_URL: string };

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  return { ...env, PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "") };
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Demo data is seeded on the embedded default, and never on a real PostgreSQL unless asked. */
export function shouldSeedDemoData(env: Env) {
  return env.SEED_DEMO_DATA ?? !env.DATABASE_URL;
}

export const isSecureDeployment = (env: Env) => env.PUBLIC_URL.startsWith("https://");
