// Rate limits of /api/v1 (app/.server/rate-limit.ts, integration-keys.ts): an integration key may
// make API_RATE_LIMIT requests a minute, a client address at most 60 attempts a minute without a
// valid key, and the public catalogue API_RATE_LIMIT requests a minute per address. Over the limit
// the answer is 429 as application/problem+json with Retry-After, and nothing is stored.
// The routes are called in-process with a low API_RATE_LIMIT, against PGlite or PostgreSQL.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoIntegrationKey, hashIntegrationKey } from "~/.server/applications/integration-keys";
import { resetRateLimitsForTests } from "~/.server/rate-limit";
import * as detailRoute from "~/routes/api.v1.applications.$reference";
import * as eventsRoute from "~/routes/api.v1.applications.$reference.events";
import * as listRoute from "~/routes/api.v1.applications";
import * as servicesRoute from "~/routes/api.v1.services";
import { applicationEvents, applications, integrationKeys } from "../../db/schema";
import { openPortalForTests } from "../support/database";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
const otherKey = "fjordvik-second-key-5b1e";
const origin = "http://localhost:3000";
const limit = 5;
let reference: string;
let applicationId: string;

function request(method: "GET" | "POST", pathAndQuery: string, key: string | null, body?: unknown) {
  const headers = new Headers();
  if (key !== null) headers.set("Authorization", `Bearer ${key}`);
  if (body !== undefined) headers.set("Content-Type", "application/json");
  return new Request(`${origin}${pathAndQuery}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
const from = (clientAddress: string, req: Request, params: Record<string, string> = {}) => ({ request: req, params, context: { clientAddress } });

const list = (key: string | null, address = "192.0.2.1") => listRoute.loader(from(address, request("GET", "/api/v1/applications", key)));
const detail = (key: string | null, address = "192.0.2.1") =>
  detailRoute.loader(from(address, request("GET", `/api/v1/applications/${reference}`, key), { reference }));
let eventCounter = 0;
const postEvent = (key: string | null, address = "192.0.2.1") =>
  eventsRoute.action(
    from(address, request("POST", `/api/v1/applications/${reference}/events`, key, { id: `rate-${++eventCounter}`, type: "received", occurredAt: new Date().toISOString() }), {
      reference,
    }),
  );

async function expect429(response: Response) {
  expect(response.status).toBe(429);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  const retryAfter = Number(response.headers.get("Retry-After"));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  const body = await response.json();
  expect(body).toMatchObject({ status: 429, title: "For mange forespørsler" });
}

beforeAll(async () => {
  process.env.API_RATE_LIMIT = String(limit);
  test = await openPortalForTests("rate-limit");
  await test.db.insert(integrationKeys).values({ municipalityId: test.municipalityId, name: "Andre fagsystem", keyHash: hashIntegrationKey(otherKey) });
  const [row] = await test.db.select({ id: applications.id, reference: applications.reference }).from(applications).limit(1);
  reference = row.reference;
  applicationId = row.id;
});
beforeEach(() => resetRateLimitsForTests());
afterAll(async () => {
  delete process.env.API_RATE_LIMIT;
  await test?.cleanup();
});

describe("per integration key", () => {
  it("answers API_RATE_LIMIT requests a minute, then 429 with Retry-After; the route does not matter", async () => {
    const calls = [list, detail, list, detail, list];
    for (const call of calls) expect((await call(demoIntegrationKey.key)).status).toBe(200);
    await expect429(await list(demoIntegrationKey.key));
    await expect429(await detail(demoIntegrationKey.key, "198.51.100.7")); // another address, same key
    // Another key of the same municipality has its own count.
    expect((await list(otherKey)).status).toBe(200);
  });

  it("stores nothing once the limit is reached", async () => {
    const events = async () =>
      (await test.db.select({ n: count() }).from(applicationEvents).where(eq(applicationEvents.applicationId, applicationId)))[0].n;
    for (let i = 0; i < limit; i++) expect([200, 201]).toContain((await postEvent(otherKey)).status);
    const before = await events();
    await expect429(await postEvent(otherKey));
    expect(await events()).toBe(before);
  });
});

describe("per client address without a valid key", () => {
  it("counts missing and unknown keys per address; a valid key from that address still works", async () => {
    for (let i = 0; i < limit; i++) expect((await list(i % 2 ? "gjettet-nokkel" : null, "203.0.113.9")).status).toBe(401);
    await expect429(await list("gjettet-nokkel", "203.0.113.9"));
    await expect429(await postEvent(null, "203.0.113.9"));
    // Another address has its own count; the real key is not slowed down by someone's guessing.
    expect((await list(null, "203.0.113.10")).status).toBe(401);
    expect((await list(demoIntegrationKey.key, "203.0.113.9")).status).toBe(200);
  });
});

describe("the public catalogue", () => {
  it("allows API_RATE_LIMIT requests a minute per address", async () => {
    const search = (address: string) =>
      servicesRoute.loader({ request: new Request(`${origin}/api/v1/services?q=hjemmehjelp`), params: {}, context: { clientAddress: address } });
    for (let i = 0; i < limit; i++) expect((await search("192.0.2.50")).status).toBe(200);
    const refused = await search("192.0.2.50");
    await expect429(refused);
    expect(refused.headers.get("Cache-Control")).toBe("no-store");
    expect((await search("192.0.2.51")).status).toBe(200);
  });
});
