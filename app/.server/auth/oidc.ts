import * as client from "openid-client";
import { and, eq, lt, sql } from "drizzle-orm";
import { loginAttempts } from "../../../db/schema";
import type { Database } from "../db";
import { getEnv, type Env } from "../env";
import { logger, describeError } from "../logger";
import { getSecrets, randomToken, sha256 } from "../secrets";
import { readCookie, serializeCookie, type SessionKind } from "./session";

// OpenID Connect against ID-porten (residents) and the municipality's employee login, with
// openid-client v6: authorization code + PKCE (S256) + state + nonce, the RFC 9207 `iss` check,
// ID token validation, `acr` checked by the caller. When no issuer is configured in a demo, the
// local stand-ins (dev-provider.ts) on this same server are used.

export type IdentityProvider = {
  kind: SessionKind;
  issuer: string;
  clientId: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  local: boolean;
};

export const devClientId = { resident: "portal-innbygger", employee: "portal-ansatt" } as const;
export const devIssuerPath = { resident: "/dev-idporten", employee: "/dev-ansatt" } as const;

export function identityProvider(kind: SessionKind, env: Env = getEnv()): IdentityProvider {
  const base = env.PUBLIC_URL;
  const paths =
    kind === "resident"
      ? { redirect: "/logg-inn/tilbake", postLogout: "/logget-ut" }
      : { redirect: "/saksbehandler/logg-inn/tilbake", postLogout: "/saksbehandler/logget-ut" };
  const issuer = kind === "resident" ? env.IDPORTEN_ISSUER : env.EMPLOYEE_OIDC_ISSUER;
  const clientId = kind === "resident" ? env.IDPORTEN_CLIENT_ID : env.EMPLOYEE_OIDC_CLIENT_ID;
  return {
    kind,
    issuer: issuer ?? `${base}${devIssuerPath[kind]}`,
    clientId: issuer && clientId ? clientId : devClientId[kind],
    redirectUri: `${base}${paths.redirect}`,
    postLogoutRedirectUri: `${base}${paths.postLogout}`,
    local: !issuer,
  };
}

async function clientAuthentication(kind: SessionKind, env: Env): Promise<client.ClientAuth> {
  if (kind === "resident" && env.IDPORTEN_ISSUER) {
    if (env.IDPORTEN_CLIENT_JWK) {
      const jwk = JSON.parse(env.IDPORTEN_CLIENT_JWK) as JsonWebKey & { kid?: string; alg?: string };
      const key = await crypto.subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
      return client.PrivateKeyJwt({ key, kid: jwk.kid });
    }
    return client.ClientSecretBasic(env.IDPORTEN_CLIENT_SECRET!);
  }
  if (kind === "employee" && env.EMPLOYEE_OIDC_ISSUER) return client.ClientSecretBasic(env.EMPLOYEE_OIDC_CLIENT_SECRET!);
  return client.ClientSecretBasic(getSecrets().devClientSecret);
}

// Provider metadata is discovered once and kept for a day, as Digdir recommends.
const discovered = new Map<SessionKind, { config: client.Configuration; at: number }>();
const metadataTtlMs = 24 * 60 * 60 * 1000;

export class LoginError extends Error {
  constructor(
    readonly reason: "expired" | "state" | "nonce" | "code" | "acr" | "cancelled" | "unavailable" | "failed",
    cause?: unknown,
  ) {
    super(`Login failed: ${reason}`, { cause });
    this.name = "LoginError";
  }
}

export async function getClientConfig(kind: SessionKind): Promise<client.Configuration> {
  const hit = discovered.get(kind);
  if (hit && Date.now() - hit.at < metadataTtlMs) return hit.config;
  const env = getEnv();
  const idp = identityProvider(kind, env);
  try {
    const config = await client.discovery(
      new URL(idp.issuer),
      idp.clientId,
      undefined,
      await clientAuthentication(kind, env),
      // http is accepted only for the local stand-in of a demo; real issuers are https.
      idp.local && idp.issuer.startsWith("http://") ? { execute: [client.allowInsecureRequests], timeout: 5 } : { timeout: 5 },
    );
    discovered.set(kind, { config, at: Date.now() });
    return config;
  } catch (error) {
    logger.error("login.discovery_failed", { kind, ...describeError(error) });
    throw new LoginError("unavailable", error);
  }
}

export function forgetClientConfig() {
  discovered.clear();
}

const attemptCookie = { resident: "portal-innlogging", employee: "portal-ansatt-innlogging" } as const;
const attemptTtlSeconds = 10 * 60;

/**
 * Begins a login: stores verifier, state and nonce under a random id kept in a short-lived cookie,
 * and returns where to send the browser.
 */
export async function beginLogin(
  db: Database,
  kind: SessionKind,
  options: { returnTo: string; acr?: string; uiLocale: string },
): Promise<{ url: string; cookie: string }> {
  const config = await getClientConfig(kind);
  const idp = identityProvider(kind);
  const id = randomToken();
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, sql`now() - make_interval(secs => ${attemptTtlSeconds})`));
  await db.insert(loginAttempts).values({
    idHash: sha256(id),
    kind,
    state,
    nonce,
    codeVerifier,
    acr: options.acr,
    returnTo: options.returnTo,
  });
  const parameters: Record<string, string> = {
    redirect_uri: idp.redirectUri,
    scope: "openid profile",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ui_locales: options.uiLocale,
  };
  if (options.acr) parameters.acr_values = options.acr;
  const url = client.buildAuthorizationUrl(config, parameters);
  return { url: url.href, cookie: serializeCookie(attemptCookie[kind], id, attemptTtlSeconds) };
}

export function clearAttemptCookie(kind: SessionKind) {
  return serializeCookie(attemptCookie[kind], "", 0);
}

export type CompletedLogin = {
  claims: client.IDToken;
  idToken: string;
  requiredAcr: string | null;
  returnTo: string;
};

/**
 * Finishes a login at the redirect URI. The attempt is used once: a reloaded or replayed callback
 * finds nothing. Every failure becomes a LoginError with a reason the page can explain.
 */
export async function completeLogin(db: Database, kind: SessionKind, request: Request): Promise<CompletedLogin> {
  const id = readCookie(request, attemptCookie[kind]);
  const incoming = new URL(request.url);
  const [attempt] = id
    ? await db
        .delete(loginAttempts)
        .where(and(eq(loginAttempts.idHash, sha256(id)), eq(loginAttempts.kind, kind)))
        .returning()
    : [];
  if (!attempt || Date.now() - attempt.createdAt.getTime() > attemptTtlSeconds * 1000) throw new LoginError("expired");

  const error = incoming.searchParams.get("error");
  if (error) throw new LoginError(error === "access_denied" ? "cancelled" : "failed");

  const config = await getClientConfig(kind);
  // The URL the provider redirected to, as the public sees it (behind a proxy request.url differs).
  const currentUrl = new URL(`${incoming.pathname}${incoming.search}`, getEnv().PUBLIC_URL);
  try {
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new LoginError("failed");
    return { claims, idToken: tokens.id_token, requiredAcr: attempt.acr, returnTo: attempt.returnTo };
  } catch (error) {
    if (error instanceof LoginError) throw error;
    throw new LoginError(classify(error), error);
  }
}

function classify(error: unknown): LoginError["reason"] {
  // openid-client wraps failed checks in a generic ClientError ("invalid response encountered");
  // what failed (e.g. 'unexpected "state" response parameter value') is in its cause.
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) messages.push(e.message);
  const message = messages.join(" | ");
  const code = (error as { error?: unknown })?.error;
  if (code === "invalid_grant") return "code";
  if (/"state"/.test(message)) return "state";
  if (/"nonce"/.test(message)) return "nonce";
  if (error instanceof TypeError || /fetch failed|ECONNREFUSED|timed? ?out/i.test(message)) return "unavailable";
  return "failed";
}

/** Where to send the browser to log out at the provider (RP-initiated logout), as a form to POST. */
export async function endSessionRequest(kind: SessionKind, idToken: string | null) {
  const idp = identityProvider(kind);
  try {
    const config = await getClientConfig(kind);
    const endpoint = config.serverMetadata().end_session_endpoint;
    if (!endpoint) return null;
    const fields: Record<string, string> = { client_id: idp.clientId, post_logout_redirect_uri: idp.postLogoutRedirectUri };
    if (idToken) fields.id_token_hint = idToken;
    return { action: endpoint, fields };
  } catch {
    return null;
  }
}
