import { data, redirect, redirectDocument } from "@remix-run/node";
import { getDb } from "../db";
import { getEnv } from "../env";
import { randomToken } from "../secrets";
import { getLocale } from "../i18n";
import { describeError, logger } from "../logger";
import { getCurrentMunicipality } from "../municipality";
import { checkRateLimit } from "../rate-limit";
import { beginLogin, clearAttemptCookie, completeLogin, endSessionRequest, identityProvider, LoginError } from "./oidc";
import { RegisterUnavailableError, upsertEmployee, upsertResident, UnknownPersonError } from "./people";
import {
  acrSatisfies,
  assertCsrf,
  clearSessionCookie,
  createSession,
  endSession,
  getEmployeeSession,
  getResidentSession,
  type SessionKind,
} from "./session";
import { safeRedirectPath } from "~/utils/safe-redirect";

// The login, callback and logout steps for both kinds of user; the route modules call these.

const home: Record<SessionKind, string> = { resident: "/min-side", employee: "/saksbehandler" };
export const loginPath: Record<SessionKind, string> = { resident: "/logg-inn", employee: "/saksbehandler/logg-inn" };

export type LoginProblem = { reason: LoginError["reason"] | "unknown-person" | "register-unavailable"; retry: string };

const statusFor: Record<LoginProblem["reason"], number> = {
  expired: 400,
  state: 400,
  nonce: 400,
  code: 400,
  acr: 403,
  cancelled: 400,
  "unknown-person": 403,
  "register-unavailable": 503,
  unavailable: 503,
  failed: 502,
};

function problem(kind: SessionKind, reason: LoginProblem["reason"], returnTo: string, headers: Record<string, string> = {}) {
  const retry = `${loginPath[kind]}?${new URLSearchParams({ returnTo })}`;
  return data(
    { problem: { reason, retry } satisfies LoginProblem, employee: kind === "employee" },
    { status: statusFor[reason], headers: { "Cache-Control": "no-store", ...headers } },
  );
}

/** GET /logg-inn: straight on to the identity provider, unless the page must first explain something. */
export async function startLogin(request: Request, kind: SessionKind, clientAddress: string | undefined) {
  const url = new URL(request.url);
  const returnTo = safeRedirectPath(url.searchParams.get("returnTo"), home[kind]);
  if (url.searchParams.get("utlopt") === "1")
    return data({ continueTo: `${url.pathname}?${new URLSearchParams({ returnTo })}`, employee: kind === "employee" });
  checkRateLimit("login", clientAddress);
  const acr =
    kind === "resident" ? (url.searchParams.get("niva") === "hoy" ? "idporten-loa-high" : getEnv().IDPORTEN_DEFAULT_ACR) : undefined;
  try {
    const db = await getDb();
    const { url: target, cookie } = await beginLogin(db, kind, { returnTo, acr, uiLocale: getLocale(request) });
    // A document redirect: the provider's pages are not this app's routes, even when the local
    // stand-in answers on the same origin (a client-side navigation there would end in a 404).
    return redirectDocument(target, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof LoginError) return problem(kind, error.reason, returnTo);
    throw error;
  }
}

/** The redirect URI: checks everything, starts a fresh session, and goes back where the visitor was. */
export async function finishLogin(request: Request, kind: SessionKind, clientAddress: string | undefined) {
  checkRateLimit("loginCallback", clientAddress);
  const db = await getDb();
  const clear = clearAttemptCookie(kind);
  let returnTo = home[kind];
  try {
    const login = await completeLogin(db, kind, request);
    returnTo = login.returnTo;
    const { claims } = login;
    let cookie: string;
    if (kind === "resident") {
      const required = login.requiredAcr ?? getEnv().IDPORTEN_DEFAULT_ACR;
      const acr = typeof claims.acr === "string" ? claims.acr : undefined;
      if (!acrSatisfies(acr, required)) throw new LoginError("acr");
      const pid = claims.pid;
      if (typeof pid !== "string" || !/^\d{11}$/.test(pid)) throw new LoginError("failed");
      const personId = await upsertResident(db, pid);
      cookie = await createSession(db, request, {
        kind,
        personId,
        acr,
        idpSid: typeof claims.sid === "string" ? claims.sid : undefined,
        idToken: login.idToken,
      });
    } else {
      const municipality = await getCurrentMunicipality();
      const employee = await upsertEmployee(db, municipality.id, identityProvider("employee").issuer, claims);
      if (employee.roles.length === 0) throw new LoginError("acr");
      cookie = await createSession(db, request, {
        kind,
        employeeId: employee.id,
        idpSid: typeof claims.sid === "string" ? claims.sid : undefined,
        idToken: login.idToken,
      });
    }
    logger.info("login.succeeded", { kind });
    const headers = new Headers({ "Cache-Control": "no-store" });
    headers.append("Set-Cookie", cookie);
    headers.append("Set-Cookie", clear);
    return redirect(returnTo, { headers });
  } catch (error) {
    const reason =
      error instanceof LoginError
        ? error.reason
        : error instanceof UnknownPersonError
          ? "unknown-person"
          : error instanceof RegisterUnavailableError
            ? "register-unavailable"
            : null;
    if (!reason) throw error;
    logger.warn("login.failed", { kind, reason, ...describeError((error as Error).cause ?? error) });
    return problem(kind, reason, returnTo, { "Set-Cookie": clear });
  }
}

/**
 * POST /logg-ut: ends the local session at once, then sends the browser to the provider's logout
 * (OpenID Connect RP-Initiated Logout at the end_session_endpoint from the provider's metadata).
 * For ID-porten, as its /logout documentation describes: by POST (recommended, so the ID token
 * stays out of browser history and access logs), with id_token_hint, post_logout_redirect_uri
 * (registered on the client; honoured only together with id_token_hint), client_id and a random
 * `state` (printable ASCII), which comes back on the redirect to /logget-ut.
 */
export async function logout(request: Request, kind: SessionKind) {
  const session = kind === "resident" ? await getResidentSession(request) : await getEmployeeSession(request);
  const headers = { "Set-Cookie": clearSessionCookie(kind), "Cache-Control": "no-store" };
  if (!session) return redirect(identityProvider(kind).postLogoutRedirectUri, { headers });
  assertCsrf(await request.formData(), session);
  const idToken = await endSession(request, kind);
  logger.info("logout.local", { kind });
  const form = await endSessionRequest(kind, idToken);
  if (!form) return redirect(identityProvider(kind).postLogoutRedirectUri, { headers });
  form.fields.state = randomToken(16);
  // The local stand-in takes logout by GET only (oidc-provider's POST needs SameSite=None cookies).
  // The ID token holds the fødselsnummer, so it never goes into a URL: client_id identifies us.
  if (identityProvider(kind).local) {
    const { id_token_hint: _hint, ...fields } = form.fields;
    return redirectDocument(`${form.action}?${new URLSearchParams(fields)}`, { headers });
  }
  return data({ endSession: form }, { headers });
}

/**
 * The loader of the logged-out pages: the provider sends the browser back with the `state` it was
 * given (and nothing that needs checking: the session already ended before it left). The page
 * answers at its plain address, so the value does not linger in the address bar or history.
 */
export function loggedOutLoader({ request }: { request: Request }) {
  const url = new URL(request.url);
  if (url.search) throw redirect(url.pathname, { headers: { "Cache-Control": "no-store" } });
  return null;
}
