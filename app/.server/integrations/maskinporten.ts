import { createPrivateKey, randomUUID, sign, type KeyObject } from "node:crypto";
import { IntegrationError, readJson, request } from "./http";

// Access tokens from Maskinporten (Digdir) for the registers, by the JWT grant of RFC 7523:
// the portal signs a short JWT with the organisation's own key (RS256) and trades it for an
// access token with the scopes it asks for. No client secret, and no library beyond node:crypto.
//
// Contract (docs.digdir.no, "Maskinporten: JWT grant", felleslosninger/docs
// _docs/Maskinporten/maskinporten_protocol_jwtgrant.md):
//   POST <token endpoint>  (https://maskinporten.no/token; test: https://test.maskinporten.no/token)
//   Content-Type: application/x-www-form-urlencoded
//   grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>
// JWT header: alg RS256, kid (the key registered on the client in Samarbeidsportalen).
// JWT claims: aud = the issuer exactly as published ("https://maskinporten.no/"), iss = client id,
// scope (space separated), iat, exp (at most 120 s later), jti (unique).
// Answer: { access_token, token_type: "Bearer", expires_in, scope } or { error, error_description }.

export type MaskinportenConfig = {
  /** The issuer identifier, exactly as Maskinporten publishes it, e.g. https://maskinporten.no/ */
  issuer: string;
  clientId: string;
  /** A PEM private key (PKCS#8 or PKCS#1) or a private JWK, RSA. */
  key: string;
  /** The key id registered in Maskinporten (taken from the JWK when not given). */
  kid?: string;
  /** Defaults to <issuer>/token. */
  tokenEndpoint?: string;
};

export type SigningKey = { key: KeyObject; kid: string | undefined };

/**
 * Reads the organisation's key: a PEM (literal newlines, or `\n` as an environment variable often
 * has them) or a JWK in JSON. Throws a plain message on anything that is not an RSA private key.
 */
export function parseSigningKey(source: string, kid?: string): SigningKey {
  const text = !source.includes("\n") && source.includes("\\n") ? source.replace(/\\n/g, "\n") : source.trim();
  let key: KeyObject;
  let jwkKid: string | undefined;
  try {
    if (text.startsWith("{")) {
      const jwk = JSON.parse(text) as JsonWebKey & { kid?: string };
      if (!jwk.d) throw new Error("not a private key");
      jwkKid = jwk.kid;
      key = createPrivateKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" });
    } else {
      key = createPrivateKey(text);
    }
  } catch {
    throw new Error("must be an RSA private key, as PEM or as a JWK with its private part");
  }
  if (key.asymmetricKeyType !== "rsa") throw new Error("must be an RSA key (Maskinporten's grant is signed RS256)");
  return { key, kid: kid ?? jwkKid };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The signed grant (RFC 7523 §2.1) Maskinporten trades for an access token. */
export function createGrant(config: { issuer: string; clientId: string }, signingKey: SigningKey, scopes: string[], now = Date.now()) {
  const iat = Math.floor(now / 1000);
  const header = { alg: "RS256", typ: "JWT", ...(signingKey.kid ? { kid: signingKey.kid } : {}) };
  const claims = { aud: config.issuer, iss: config.clientId, scope: scopes.join(" "), iat, exp: iat + 60, jti: randomUUID() };
  const input = `${base64url(header)}.${base64url(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), signingKey.key).toString("base64url")}`;
}

type CachedToken = { token: string; expiresAt: number };

/** Tokens are reused until this long before they expire (Maskinporten's last ~120 s). */
const renewBeforeMs = 30_000;

export type MaskinportenClient = {
  /** An access token with exactly these scopes; from the cache while it has some life left. */
  token(scopes: string[], signal: AbortSignal): Promise<string>;
  /** Forget a token the API refused (revoked, or the API's clock disagrees). */
  forget(scopes: string[]): void;
};

export function createMaskinportenClient(config: MaskinportenConfig): MaskinportenClient {
  const signingKey = parseSigningKey(config.key, config.kid);
  const tokenEndpoint = config.tokenEndpoint ?? new URL("token", config.issuer.endsWith("/") ? config.issuer : `${config.issuer}/`).href;
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<string>>();

  async function fetchToken(scopeKey: string, scopes: string[], signal: AbortSignal) {
    const response = await request("maskinporten", tokenEndpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        assertion: createGrant(config, signingKey, scopes),
      }),
      signal,
    });
    const body = (await readJson("maskinporten", response)) as Record<string, unknown>;
    if (!response.ok) {
      // Maskinporten's error and description name the client and scope problem, never a person.
      const code = typeof body.error === "string" ? body.error : "error";
      const description = typeof body.error_description === "string" ? `: ${body.error_description.slice(0, 200)}` : "";
      throw new IntegrationError("maskinporten", response.status >= 500 ? "unavailable" : "rejected", `token refused (${response.status} ${code}${description})`, {
        status: response.status,
      });
    }
    const token = body.access_token;
    const expiresIn = Number(body.expires_in);
    if (typeof token !== "string" || token === "" || !Number.isFinite(expiresIn) || expiresIn <= 0)
      throw new IntegrationError("maskinporten", "invalid_response", "answer without access_token or expires_in", { status: response.status });
    cache.set(scopeKey, { token, expiresAt: Date.now() + expiresIn * 1000 });
    return token;
  }

  return {
    async token(scopes, signal) {
      const scopeKey = [...scopes].sort().join(" ");
      const hit = cache.get(scopeKey);
      if (hit && hit.expiresAt - renewBeforeMs > Date.now()) return hit.token;
      // Logins arriving together share one request for the same scopes.
      let pending = inFlight.get(scopeKey);
      if (!pending) {
        pending = fetchToken(scopeKey, scopes, signal).finally(() => inFlight.delete(scopeKey));
        inFlight.set(scopeKey, pending);
      }
      return pending;
    },
    forget(scopes) {
      cache.delete([...scopes].sort().join(" "));
    },
  };
}
