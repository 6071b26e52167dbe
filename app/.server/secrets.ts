import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "./env";
import { logger } from "./logger";

// Keys come from the environment. A demo without them generates its own once, keeps them in
// DATA_DIR/dev-secrets.json (so sessions survive a restart) and says so in the log.

type Secrets = { sessionSecret: string; pidKey: Buffer; devClientSecret: string };

let cached: Secrets | undefined;

function devSecrets(dataDir: string): { sessionSecret: string; pidKey: string; devClientSecret: string } {
  const file = path.resolve(dataDir, "dev-secrets.json");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    const fresh = {
      sessionSecret: randomBytes(32).toString("base64url"),
      pidKey: randomBytes(32).toString("base64"),
      devClientSecret: randomBytes(24).toString("base64url"),
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(fresh), { mode: 0o600 });
    logger.warn("secrets.generated_for_demo", { file: "dev-secrets.json" });
    return fresh;
  }
}

export function getSecrets(): Secrets {
  if (cached) return cached;
  const env = getEnv();
  const needDev = !env.SESSION_SECRET || !env.PID_ENCRYPTION_KEY;
  if (needDev && env.PORTAL_ENV === "production") throw new Error("Keys are missing in production");
  const dev = needDev || !env.IDPORTEN_ISSUER ? devSecrets(env.DATA_DIR) : undefined;
  cached = {
    sessionSecret: env.SESSION_SECRET ?? dev!.sessionSecret,
    pidKey: Buffer.from(env.PID_ENCRYPTION_KEY ?? dev!.pidKey, "base64"),
    devClientSecret: dev?.devClientSecret ?? randomBytes(24).toString("base64url"),
  };
  return cached;
}

function subKey(purpose: string) {
  return Buffer.from(hkdfSync("sha256", getSecrets().pidKey, Buffer.alloc(0), purpose, 32));
}

let encryptionKey: Buffer | undefined;
let lookupKey: Buffer | undefined;

/** AES-256-GCM; the result is "v1.<iv>.<ciphertext+tag>" in base64url. */
export function encrypt(plaintext: string): string {
  encryptionKey ??= subKey("portal encryption v1");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

export function decrypt(value: string): string {
  encryptionKey ??= subKey("portal encryption v1");
  const [version, iv, body] = value.split(".");
  if (version !== "v1" || !iv || !body) throw new Error("Unknown ciphertext format");
  const data = Buffer.from(body, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}

/** A keyed hash for looking a fødselsnummer up without storing it in the clear. */
export function lookupHash(value: string): string {
  lookupKey ??= subKey("portal lookup hash v1");
  return createHmac("sha256", lookupKey).update(value).digest("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** A token bound to one session, for forms that change something. */
export function csrfTokenFor(sessionTokenHash: string): string {
  return createHmac("sha256", getSecrets().sessionSecret).update(`csrf:${sessionTokenHash}`).digest("base64url");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** For tests: forget cached keys after the environment changed. */
export function resetSecretsForTests() {
  cached = undefined;
  encryptionKey = undefined;
  lookupKey = undefined;
}
