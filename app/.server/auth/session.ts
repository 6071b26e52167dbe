import { redirect } from "@remix-run/node";
import { and, eq, gt, lt, or, sql } from "drizzle-orm";
import { employees, persons, sessions, type EmployeeRole } from "../../../db/schema";
import { getDatabaseHandle, getDb, type Database } from "../db";
import { prepared } from "../db/prepared";
import { getEnv, isSecureDeployment } from "../env";
import { logger, requestContext } from "../logger";
import { csrfTokenFor, decrypt, encrypt, randomToken, sha256 } from "../secrets";
import { safeRedirectPath } from "~/utils/safe-redirect";
import { sessionCacheOf } from "./session-cache";

export type SessionKind = "resident" | "employee";

// Separate cookies, so a caseworker's and a resident's login never mix on a shared computer.
export function sessionCookieName(kind: SessionKind) {
  const base = kind === "resident" ? "portal-innbygger" : "portal-ansatt";
  return isSecureDeployment(getEnv()) ? `__Host-${base}` : base;
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("Cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

export function serializeCookie(name: string, value: string, maxAgeSeconds: number, path = "/") {
  const parts = [`${name}=${value}`, `Path=${path}`, `Max-Age=${maxAgeSeconds}`, "HttpOnly", "SameSite=Lax"];
  if (isSecureDeployment(getEnv())) parts.push("Secure");
  return parts.join("; ");
}

export type ResidentSession = {
  kind: "resident";
  tokenHash: string;
  csrfToken: string;
  acr: string | null;
  idleExpiresAt: Date;
  person: {
    id: string;
    givenName: string;
    familyName: string;
    email: string | null;
    mobile: string | null;
    pidCiphertext: string;
    reservedInKrr: boolean;
  };
};

export type EmployeeSession = {
  kind: "employee";
  tokenHash: string;
  csrfToken: string;
  idleExpiresAt: Date;
  employee: { id: string; municipalityId: string; name: string; unit: string | null; roles: EmployeeRole[] };
};

/** Starts a session and returns its cookie. Any session the browser already had is ended (fixation). */
export async function createSession(
  db: Database,
  request: Request,
  input: { kind: SessionKind; personId?: string; employeeId?: string; acr?: string; idpSid?: string; idToken?: string },
): Promise<string> {
  const env = getEnv();
  const previous = readCookie(request, sessionCookieName(input.kind));
  if (previous) await db.delete(sessions).where(eq(sessions.tokenHash, sha256(previous)));
  const token = randomToken();
  await db.insert(sessions).values({
    tokenHash: sha256(token),
    kind: input.kind,
    personId: input.personId,
    employeeId: input.employeeId,
    acr: input.acr,
    idpSid: input.idpSid,
    idTokenCiphertext: input.idToken ? encrypt(input.idToken) : undefined,
    expiresAt: new Date(Date.now() + env.SESSION_ABSOLUTE_SECONDS * 1000),
  });
  return serializeCookie(sessionCookieName(input.kind), token, env.SESSION_ABSOLUTE_SECONDS);
}

export function clearSessionCookie(kind: SessionKind) {
  return serializeCookie(sessionCookieName(kind), "", 0);
}

/** How often an active session's last-seen time is written: not on every request. */
const touchEverySeconds = 60;

async function touch(db: Database, tokenHash: string, lastSeenAt: Date, force = false) {
  if (!force && Date.now() - lastSeenAt.getTime() < touchEverySeconds * 1000) return lastSeenAt;
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.tokenHash, tokenHash));
  return new Date();
}

function idleExpiry(lastSeenAt: Date) {
  return new Date(lastSeenAt.getTime() + getEnv().SESSION_IDLE_SECONDS * 1000);
}

// The root loader and a page's loader both ask for the session of the same request: look it up
// once. Remix gives each loader its own copy of the Request, so the key is the HTTP request's
// context (server.mjs runs each request in one), or the Request where there is none (tests).
// Only loaders share (GET): an action may change what the session shows (contact details, a
// logout), and the loaders that run after it in the same HTTP request must see that.
const perRequest = new WeakMap<object, Map<SessionKind, Promise<unknown>>>();

function once<T>(request: Request, kind: SessionKind, options: { keepAlive?: boolean }, load: () => Promise<T>): Promise<T> {
  if (options.keepAlive || request.method !== "GET") return load();
  const key = requestContext.getStore() ?? request;
  let byKind = perRequest.get(key);
  if (!byKind) perRequest.set(key, (byKind = new Map()));
  if (!byKind.has(kind)) byKind.set(kind, load());
  return byKind.get(kind) as Promise<T>;
}

/**
 * The logged-in resident, or null. Asked once per request; answered from this process's session
 * cache when it can be (session-cache.ts), else by one indexed query. Plus a write of the
 * last-seen time at most once a minute.
 */
export function getResidentSession(request: Request, options: { keepAlive?: boolean } = {}): Promise<ResidentSession | null> {
  return once(request, "resident", options, () => loadResidentSession(request, options));
}

export function getEmployeeSession(request: Request, options: { keepAlive?: boolean } = {}): Promise<EmployeeSession | null> {
  return once(request, "employee", options, () => loadEmployeeSession(request, options));
}

// The two look-ups every logged-in page makes are prepared once per database (db/prepared.ts):
// drizzle then skips building the SQL. Placeholders: the token's hash, the idle seconds.
const activeSessionWhere = (kind: SessionKind) =>
  and(
    eq(sessions.tokenHash, sql.placeholder("tokenHash")),
    eq(sessions.kind, kind),
    gt(sessions.expiresAt, sql`now()`),
    gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${sql.placeholder("idleSeconds")}::int)`),
  );

const prepareResidentLookup = (db: Database) =>
  db
    .select({
      acr: sessions.acr,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      person: {
        id: persons.id,
        givenName: persons.givenName,
        familyName: persons.familyName,
        email: persons.email,
        mobile: persons.mobile,
        pidCiphertext: persons.pidCiphertext,
        reservedInKrr: persons.reservedInKrr,
      },
    })
    .from(sessions)
    .innerJoin(persons, eq(persons.id, sessions.personId))
    .where(activeSessionWhere("resident"))
    .limit(1)
    .prepare("resident_session");

const prepareEmployeeLookup = (db: Database) =>
  db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      employee: {
        id: employees.id,
        municipalityId: employees.municipalityId,
        name: employees.name,
        unit: employees.unit,
        roles: employees.roles,
      },
    })
    .from(sessions)
    .innerJoin(employees, eq(employees.id, sessions.employeeId))
    .where(activeSessionWhere("employee"))
    .limit(1)
    .prepare("employee_session");

const residentLookup = prepared(prepareResidentLookup);
const employeeLookup = prepared(prepareEmployeeLookup);

/**
 * The cookie's session of this kind, if it is active: its row, and the last-seen time written at
 * most once a minute. A GET uses and fills the session cache; an action (any other method, or a
 * keep-alive) asks the database and makes every process read this session again next time.
 */
async function loadSession<Row extends { lastSeenAt: Date; expiresAt: Date }>(
  request: Request,
  kind: SessionKind,
  options: { keepAlive?: boolean },
  lookup: (db: Database) => { execute(placeholders: { tokenHash: string; idleSeconds: number }): Promise<Row[]> },
  ownerOf: (row: Row) => string,
) {
  const token = readCookie(request, sessionCookieName(kind));
  if (!token) return null;
  const handle = await getDatabaseHandle();
  const { db } = handle;
  const tokenHash = sha256(token);
  const idleSeconds = getEnv().SESSION_IDLE_SECONDS;
  const cache = sessionCacheOf<Row>(handle);
  const reading = request.method === "GET" && !options.keepAlive;
  if (!reading) cache.forget(tokenHash);
  const now = Date.now();
  let entry = reading ? cache.get(tokenHash) : undefined;
  if (entry && (entry.kind !== kind || entry.expiresAt.getTime() <= now || entry.lastSeenAt.getTime() <= now - idleSeconds * 1000)) {
    entry = undefined;
  }
  if (!entry) {
    const epoch = cache.current;
    const [row] = await lookup(db).execute({ tokenHash, idleSeconds });
    if (!row) return null;
    entry = { kind, row, ownerId: ownerOf(row), csrfToken: csrfTokenFor(tokenHash), expiresAt: row.expiresAt, lastSeenAt: row.lastSeenAt };
    if (reading) cache.keep(tokenHash, entry, epoch);
  }
  entry.lastSeenAt = await touch(db, tokenHash, entry.lastSeenAt, options.keepAlive);
  return { row: entry.row, tokenHash, csrfToken: entry.csrfToken, idleExpiresAt: idleExpiry(entry.lastSeenAt) };
}

async function loadResidentSession(request: Request, options: { keepAlive?: boolean }): Promise<ResidentSession | null> {
  const found = await loadSession(request, "resident", options, residentLookup, (row) => row.person.id);
  if (!found) return null;
  const { row, ...session } = found;
  return { kind: "resident", ...session, acr: row.acr, person: row.person };
}

async function loadEmployeeSession(request: Request, options: { keepAlive?: boolean }): Promise<EmployeeSession | null> {
  const found = await loadSession(request, "employee", options, employeeLookup, (row) => row.employee.id);
  if (!found) return null;
  const { row, ...session } = found;
  return { kind: "employee", ...session, employee: row.employee };
}

const acrRank: Record<string, number> = { "idporten-loa-substantial": 1, "idporten-loa-high": 2 };

export function acrSatisfies(actual: string | null | undefined, required: string) {
  return (acrRank[actual ?? ""] ?? 0) >= (acrRank[required] ?? 99);
}

function loginRedirect(request: Request, loginPath: string, extra: Record<string, string> = {}) {
  const url = new URL(request.url);
  const params = new URLSearchParams({ returnTo: safeRedirectPath(`${url.pathname}${url.search}`), ...extra });
  // A cookie that no longer finds a session means it expired: say so on the login page.
  return redirect(`${loginPath}?${params}`);
}

/**
 * The resident behind this request, or a redirect to log in (and back here afterwards). A route
 * that needs a higher level of assurance than the session has sends the resident to log in again.
 */
export async function requireResident(request: Request, options: { acr?: "idporten-loa-substantial" | "idporten-loa-high" } = {}) {
  const session = await getResidentSession(request);
  if (!session) {
    const expired = Boolean(readCookie(request, sessionCookieName("resident")));
    throw loginRedirect(request, "/logg-inn", expired ? { utlopt: "1" } : {});
  }
  if (options.acr && !acrSatisfies(session.acr, options.acr)) throw loginRedirect(request, "/logg-inn", { niva: "hoy" });
  return session;
}

export async function requireEmployee(request: Request, role?: EmployeeRole) {
  const session = await getEmployeeSession(request);
  if (!session) {
    const expired = Boolean(readCookie(request, sessionCookieName("employee")));
    throw loginRedirect(request, "/saksbehandler/logg-inn", expired ? { utlopt: "1" } : {});
  }
  if (role && !session.employee.roles.includes(role) && !session.employee.roles.includes("admin")) {
    logger.warn("access.role_missing", { role });
    throw new Response(null, { status: 403, statusText: "Forbidden" });
  }
  return session;
}

/** Ends the session; returns the ID token (for the logout hint at the identity provider). */
export async function endSession(request: Request, kind: SessionKind): Promise<string | null> {
  const token = readCookie(request, sessionCookieName(kind));
  if (!token) return null;
  const db = await getDb();
  const [row] = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, sha256(token)))
    .returning({ idToken: sessions.idTokenCiphertext });
  return row?.idToken ? decrypt(row.idToken) : null;
}

/** Front-channel logout: the identity provider names its session id. */
export async function endSessionsByIdpSid(idpSid: string) {
  const db = await getDb();
  const ended = await db.delete(sessions).where(eq(sessions.idpSid, idpSid)).returning({ kind: sessions.kind });
  return ended.length;
}

/** Removes sessions that can no longer be used. */
export async function purgeExpiredSessions(db: Database) {
  const idle = getEnv().SESSION_IDLE_SECONDS;
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, sql`now()`), lt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${idle})`)));
}

/** Refuses a form whose CSRF token does not belong to this session. */
export function assertCsrf(formData: FormData, session: { csrfToken: string }) {
  const sent = formData.get("csrf");
  if (typeof sent !== "string" || sent.length !== session.csrfToken.length || sent !== session.csrfToken) {
    logger.warn("request.csrf_refused");
    throw new Response("Skjemaet var utløpt eller ugyldig. Gå tilbake, last siden på nytt og prøv igjen.", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
