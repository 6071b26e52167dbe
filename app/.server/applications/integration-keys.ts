import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { integrationKeys } from "../../../db/schema";
import type { Database } from "../db";
import { getEnv, type Env } from "../env";
import { takeRateLimit } from "../rate-limit";
import { ApiProblem } from "./api-http";

// Case systems (Gerica, Profil, CosDoc, Visma …) authenticate with an integration key sent as
// `Authorization: Bearer <key>`. Each key belongs to one municipality; only its SHA-256 (hex) is
// stored, so a copy of the table does not give access. A key is revoked by setting revoked_at.

/** The demo municipality's key, seeded on the embedded default and refused in production. */
export const demoIntegrationKey = { key: "dev-fagsystem-key", name: "Demo-fagsystem" } as const;

/** SHA-256 of the key as lower-case hex, what `integration_keys.key_hash` holds. */
export function hashIntegrationKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

const demoKeyHash = hashIntegrationKey(demoIntegrationKey.key);

/** Who is calling: the key (its id and name, for the audit log) and the municipality it may touch. */
export type IntegrationActor = { keyId: string; name: string; municipalityId: string };

/** The token in an `Authorization: Bearer …` header, or null when there is none or it is malformed. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i.exec(header ?? "");
  return match ? match[1] : null;
}

/**
 * A valid key is remembered for a few seconds, so a case system posting events one after another
 * does not cost a database look-up each time. Revoking a key (setting revoked_at) therefore takes
 * effect within `keyCacheMs`, in every process. Unknown and revoked keys are never remembered.
 */
export const keyCacheMs = 5_000;
const knownKeys = new Map<string, { actor: IntegrationActor; until: number; db: Database }>();

/** The active key with this value, or null (unknown, revoked, or the demo key in production). */
export async function findIntegrationKey(
  db: Database,
  key: string,
  portalEnv: Env["PORTAL_ENV"] = getEnv().PORTAL_ENV,
): Promise<IntegrationActor | null> {
  const keyHash = hashIntegrationKey(key);
  if (portalEnv === "production" && keyHash === demoKeyHash) return null;
  const known = knownKeys.get(keyHash);
  if (known && known.db === db && known.until > Date.now()) return known.actor;
  const [row] = await db
    .select({ keyId: integrationKeys.id, name: integrationKeys.name, municipalityId: integrationKeys.municipalityId })
    .from(integrationKeys)
    .where(and(eq(integrationKeys.keyHash, keyHash), isNull(integrationKeys.revokedAt)))
    .limit(1);
  if (!row) {
    knownKeys.delete(keyHash);
    return null;
  }
  if (knownKeys.size >= 1_000) knownKeys.clear();
  knownKeys.set(keyHash, { actor: row, until: Date.now() + keyCacheMs, db });
  return row;
}

/** The caller of an API request; anything else is answered 401 with `WWW-Authenticate: Bearer`. */
export async function authenticateIntegration(
  db: Database,
  request: Request,
  portalEnv: Env["PORTAL_ENV"] = getEnv().PORTAL_ENV,
): Promise<IntegrationActor> {
  const header = request.headers.get("authorization");
  const token = bearerToken(header);
  const actor = token ? await findIntegrationKey(db, token, portalEnv) : null;
  if (actor) return actor;
  const challenge = header ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"';
  throw new ApiProblem(
    401,
    "Ikke autentisert",
    header ? "Integrasjonsnøkkelen er ukjent eller trukket tilbake." : "Send integrasjonsnøkkelen som Authorization: Bearer <nøkkel>.",
    {},
    { "WWW-Authenticate": challenge },
  );
}

/** 429 as problem+json with Retry-After (seconds). */
export function tooManyRequests(retryAfter: number) {
  return new ApiProblem(
    429,
    "For mange forespørsler",
    `Grensen for antall forespørsler per minutt er nådd. Prøv igjen om ${retryAfter} sekunder.`,
    { retryAfter },
    { "Retry-After": String(retryAfter) },
  );
}

/**
 * `authenticateIntegration` with rate limits (API_RATE_LIMIT, app/.server/rate-limit.ts): a key
 * may make API_RATE_LIMIT requests a minute; a client address may make at most 60 attempts a
 * minute without a valid key. Over either limit: 429 with Retry-After, before any work is done.
 * A valid key is never slowed down by others' failed attempts from the same address.
 */
export async function authenticateApiRequest(db: Database, request: Request, clientAddress: string | undefined): Promise<IntegrationActor> {
  let actor: IntegrationActor;
  try {
    actor = await authenticateIntegration(db, request);
  } catch (error) {
    const { retryAfter } = takeRateLimit("apiUnauthenticated", clientAddress);
    if (retryAfter !== undefined) throw tooManyRequests(retryAfter);
    throw error;
  }
  const { retryAfter } = takeRateLimit("api", actor.keyId);
  if (retryAfter !== undefined) throw tooManyRequests(retryAfter);
  return actor;
}
