// What keeps a page to as few database round trips as it needs (ADR 0015): the session is looked
// up once per HTTP request however many loaders ask, but read again after an action; and on
// PostgreSQL every statement drizzle sends is prepared, so it takes one round trip, not two.
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getResidentSession } from "~/.server/auth/session";
import { preparingClient, rowsOf } from "~/.server/db/client";
import { requestContext } from "~/.server/logger";
import { persons } from "../../db/schema";
import { openPortalForTests } from "../support/database";
import { personIdOf, residentSession } from "../support/domain";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
let cookie: string;
const origin = "http://localhost:3000";

beforeAll(async () => {
  test = await openPortalForTests("round-trips");
  cookie = (await residentSession(test.db, await personIdOf(test.db, "Solveig"), origin)).cookie;
});
afterAll(async () => {
  await test?.cleanup();
});

// Remix gives each loader its own copy of the Request; these are such copies.
const copy = (method = "GET") => new Request(`${origin}/min-side`, { method, headers: { Cookie: cookie } });

describe("the session of one request", () => {
  it("is looked up once for all the loaders of a request", async () => {
    const [root, page] = await requestContext.run({ requestId: "req-one-1" }, () =>
      Promise.all([getResidentSession(copy()), getResidentSession(copy())]),
    );
    expect(root).not.toBeNull();
    expect(page).toBe(root);
  });

  it("is looked up again by each request, and by an action (which may change what it shows)", async () => {
    const first = await requestContext.run({ requestId: "req-two-1" }, () => getResidentSession(copy()));
    const second = await requestContext.run({ requestId: "req-two-2" }, () => getResidentSession(copy()));
    expect(second).not.toBe(first);
    expect(second?.person.id).toBe(first?.person.id);
    const [action, loader] = await requestContext.run({ requestId: "req-two-3" }, async () => {
      const before = await getResidentSession(copy("POST"));
      await test.db.update(persons).set({ email: "ny.adresse@example.org" }).where(eq(persons.id, before!.person.id));
      return [before, await getResidentSession(copy())];
    });
    expect(action?.person.email).not.toBe("ny.adresse@example.org");
    expect(loader?.person.email).toBe("ny.adresse@example.org");
  });
});

describe.skipIf(!process.env.DATABASE_URL)("statements on PostgreSQL", () => {
  it("are prepared, also in a transaction: one round trip each", async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${(rowsOf<{ db: string }>(await test.db.execute(sql`select current_database() as db`)))[0].db}`;
    const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const db = drizzle(preparingClient(client));
      const prepared = async () => (await client`select statement from pg_prepared_statements`).map((r) => String(r.statement));
      await db.select({ id: persons.id }).from(persons).where(eq(persons.givenName, "Solveig"));
      await db.transaction(async (tx) => {
        await tx.select({ id: persons.id }).from(persons).where(eq(persons.familyName, "Nordmann"));
      });
      const after = await prepared();
      expect(after.filter((s) => s.includes('"given_name" = $1'))).toHaveLength(1);
      expect(after.filter((s) => s.includes('"family_name" = $1'))).toHaveLength(1);
      // The same statement with another value is not prepared again.
      await db.select({ id: persons.id }).from(persons).where(eq(persons.givenName, "Arne"));
      expect(await prepared()).toHaveLength(after.length);
    } finally {
      await client.end();
    }
  });
});
