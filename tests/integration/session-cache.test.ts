// The session cache (ADR 0017) must never let a session live on after it ended or changed, on
// this process or on another. These tests change the rows behind the portal's back, as another
// instance, an administrator or ID-porten's logout would, and check the next page sees it.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SessionCache, sessionCacheOf } from "~/.server/auth/session-cache";
import { createSession, getEmployeeSession, getResidentSession, requireEmployee } from "~/.server/auth/session";
import { rowsOf } from "~/.server/db";
import { requestContext } from "~/.server/logger";
import { employees, persons, sessions } from "../../db/schema";
import { openPortalForTests } from "../support/database";
import { personIdOf, residentSession, statusOf } from "../support/domain";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
const origin = "http://localhost:3000";
let requests = 0;

beforeAll(async () => {
  test = await openPortalForTests("session-cache");
  await vi.waitFor(() => expect(sessionCacheOf(test).active).toBe(true), soon);
});
afterAll(async () => {
  await test?.cleanup();
});

/** A page request of its own (each HTTP request looks the session up once). */
function page(cookie: string, method = "GET", pathname = "/min-side") {
  const request = new Request(`${origin}${pathname}`, { method, headers: { Cookie: cookie } });
  return { request, within: <T>(call: (r: Request) => Promise<T>) => requestContext.run({ requestId: `cache-${++requests}` }, () => call(request)) };
}
const resident = (cookie: string, method = "GET") => {
  const p = page(cookie, method);
  return p.within((r) => getResidentSession(r));
};
const employee = (cookie: string) => {
  const p = page(cookie, "GET", "/saksbehandler/saker");
  return p.within((r) => getEmployeeSession(r));
};

/** PostgreSQL delivers a notification on another connection, a moment after the commit. */
const soon = { timeout: 3000, interval: 20 };

describe("the session cache", () => {
  it("answers a second page from memory: the same person, no second read", async () => {
    const { cookie } = await residentSession(test.db, await personIdOf(test.db, "Solveig"), origin);
    const first = await resident(cookie);
    const second = await resident(cookie);
    expect(second?.person.id).toBe(first?.person.id);
    // The very object kept from the first read: the database was not asked again.
    expect(second?.person).toBe(first?.person);
  });

  it("forgets a session that ended elsewhere (another instance's logout, ID-porten's front-channel logout)", async () => {
    const { cookie } = await residentSession(test.db, await personIdOf(test.db, "Solveig"), origin);
    expect(await resident(cookie)).not.toBeNull();
    await test.db.delete(sessions).where(eq(sessions.personId, await personIdOf(test.db, "Solveig")));
    await vi.waitFor(async () => expect(await resident(cookie)).toBeNull(), soon);
  });

  it("forgets a session made idle or expired in the database", async () => {
    const personId = await personIdOf(test.db, "Solveig");
    const idle = await residentSession(test.db, personId, origin);
    const expired = await residentSession(test.db, personId, origin);
    expect(await resident(idle.cookie)).not.toBeNull();
    expect(await resident(expired.cookie)).not.toBeNull();
    const hashes = rowsOf<{ token_hash: string }>(
      await test.db.execute(sql`select token_hash from sessions where person_id = ${personId} order by created_at`),
    ).map((r) => r.token_hash);
    await test.db.update(sessions).set({ lastSeenAt: sql`now() - interval '2 days'` }).where(eq(sessions.tokenHash, hashes.at(-2)!));
    await test.db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.tokenHash, hashes.at(-1)!));
    await vi.waitFor(async () => {
      expect(await resident(idle.cookie)).toBeNull();
      expect(await resident(expired.cookie)).toBeNull();
    }, soon);
  });

  it("shows what changed about the person at once after the resident's own action, and soon after a change elsewhere", async () => {
    const personId = await personIdOf(test.db, "Solveig");
    const { cookie } = await residentSession(test.db, personId, origin);
    await resident(cookie);
    // The resident's own action: it asks the database, and the next page reads again.
    await resident(cookie, "POST");
    await test.db.update(persons).set({ email: "egen.endring@example.org" }).where(eq(persons.id, personId));
    expect((await resident(cookie))?.person.email).toBe("egen.endring@example.org");
    // A change made by another process (the register, an administrator).
    await test.db.update(persons).set({ email: "annen.prosess@example.org" }).where(eq(persons.id, personId));
    await vi.waitFor(async () => expect((await resident(cookie))?.person.email).toBe("annen.prosess@example.org"), soon);
  });

  it("takes a caseworker's role away on the next page once it is removed", async () => {
    const [worker] = await test.db
      .insert(employees)
      .values({ municipalityId: test.municipalityId, issuer: "test", subject: "cache-role", name: "Rolle Testesen", roles: ["caseworker"] })
      .returning();
    const cookie = (await createSession(test.db, new Request(origin), { kind: "employee", employeeId: worker.id })).split(";")[0];
    expect((await employee(cookie))?.employee.roles).toEqual(["caseworker"]);
    await test.db.update(employees).set({ roles: [] }).where(eq(employees.id, worker.id));
    await vi.waitFor(async () => expect((await employee(cookie))?.employee.roles).toEqual([]), soon);
    const p = page(cookie, "GET", "/saksbehandler/saker");
    expect(await statusOf(p.within((r) => requireEmployee(r, "caseworker")))).toBe(403);
  });

  it("never answers a resident's cookie with a cached employee session, or the other way", async () => {
    const { cookie } = await residentSession(test.db, await personIdOf(test.db, "Solveig"), origin);
    await resident(cookie);
    const asEmployee = cookie.replace(/^portal-innbygger=/, "portal-ansatt=");
    expect(await employee(asEmployee)).toBeNull();
  });
});

describe.skipIf(!process.env.DATABASE_URL)("when the listening connection is lost", () => {
  it("asks the database on every page until it listens again", async () => {
    const cache = sessionCacheOf(test);
    const personId = await personIdOf(test.db, "Solveig");
    const { cookie } = await residentSession(test.db, personId, origin);
    await resident(cookie);
    await test.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %'`,
    );
    await vi.waitFor(() => expect(cache.active).toBe(false), soon);
    // While nobody listens a change would go unnoticed, so nothing is served from memory.
    await test.db.delete(sessions).where(eq(sessions.personId, personId));
    expect(await resident(cookie)).toBeNull();
    await vi.waitFor(() => expect(cache.active).toBe(true), { ...soon, timeout: 5000 });
    const again = await residentSession(test.db, personId, origin);
    const first = await resident(again.cookie);
    expect((await resident(again.cookie))?.person).toBe(first?.person);
  });
});

describe("SESSION_CACHE=off (a PgBouncer in transaction mode delivers no notifications)", () => {
  it("never listens, so every request asks the database", () => {
    const listen = vi.fn(async () => {});
    process.env.SESSION_CACHE = "off";
    try {
      const cache = sessionCacheOf({ db: {} as never, listen });
      expect(listen).not.toHaveBeenCalled();
      expect(cache.active).toBe(false);
    } finally {
      delete process.env.SESSION_CACHE;
    }
  });
});

describe("a read that raced with a change", () => {
  it("is not kept: the old row cannot come back after the change was announced", () => {
    const cache = new SessionCache<{ name: string }>();
    cache.setLive(true);
    const entry = (name: string) => ({ kind: "resident" as const, row: { name }, ownerId: "p1", csrfToken: "c", expiresAt: new Date(Date.now() + 60_000), lastSeenAt: new Date() });
    const before = cache.current;
    cache.changed("p:p1"); // announced while the read was on its way
    cache.keep("hash", entry("old"), before);
    expect(cache.get("hash")).toBeUndefined();
    cache.keep("hash", entry("new"), cache.current);
    expect(cache.get("hash")?.row.name).toBe("new");
    cache.setLive(false);
    expect(cache.get("hash")).toBeUndefined();
  });
});
