// The case-system API (/api/v1/applications…): the route modules' loaders and actions called
// directly with real Request objects, against in-memory PGlite or PostgreSQL (DATABASE_URL).
// Contract: auth, idempotency, 409, problem+json, 404, pagination, races, and the OpenAPI check.
import fs from "node:fs";
import path from "node:path";
import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ZodObject, ZodRawShape, ZodTypeAny } from "zod";
import { caseEventSchema, registerApplicationSchema } from "~/.server/applications/ingest";
import {
  authenticateIntegration,
  demoIntegrationKey,
  findIntegrationKey,
  hashIntegrationKey,
  keyCacheMs,
} from "~/.server/applications/integration-keys";
import { eventSchemaName, openApiDocument, type Schema } from "~/.server/applications/openapi";
import { recordEvent, writeEvent, type NewEvent } from "~/.server/applications/events";
import { readProjectionInput, refreshApplicationProjection } from "~/.server/applications/projection";
import { lookupHash } from "~/.server/secrets";
import { validateFodselsnummer } from "~/utils/fodselsnummer";
import * as listRoute from "~/routes/api.v1.applications";
import * as detailRoute from "~/routes/api.v1.applications.$reference";
import * as eventsRoute from "~/routes/api.v1.applications.$reference.events";
import * as openApiRoute from "~/routes/api.v1.openapi[.]json";
import {
  applicationDetails,
  applicationEvents,
  applications,
  applicationEventTypes,
  auditEntries,
  integrationKeys,
  municipalities,
  persons,
  services,
} from "../../db/schema";
import { demoMunicipality } from "../../db/seed/municipality";
import { syntheticPersons } from "../../db/seed/persons";
import { openPortalForTests } from "../support/database";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
const demoKey: string = demoIntegrationKey.key;
const neighbourKey = "nabovik-test-key-9f2c";
const revokedKey = "fjordvik-revoked-key-77aa";
const pagingKey = "sidevik-test-key-41bd";

async function addMunicipality(slug: string, key: string, keyName: string) {
  const [row] = await test.db
    .insert(municipalities)
    .values({ ...demoMunicipality, slug, name: `${slug} kommune`, organisationNumber: "999999999" })
    .returning({ id: municipalities.id });
  await test.db.insert(services).values(
    ["hjemmesykepleie", "praktisk-bistand"].map((s) => ({ municipalityId: row.id, slug: s, category: "hjemme" })),
  );
  await test.db.insert(integrationKeys).values({ municipalityId: row.id, name: keyName, keyHash: hashIntegrationKey(key) });
  return row.id;
}

beforeAll(async () => {
  test = await openPortalForTests("api");
  await addMunicipality("nabovik", neighbourKey, "Nabovik-fagsystem");
  await addMunicipality("sidevik", pagingKey, "Sidevik-fagsystem");
  await test.db.insert(integrationKeys).values({
    municipalityId: test.municipalityId,
    name: "Gammel nøkkel",
    keyHash: hashIntegrationKey(revokedKey),
    revokedAt: new Date(),
  });
});
afterAll(async () => {
  await test?.cleanup();
});

// ---------------------------------------------------------------------------------------------
// Helpers

const origin = "http://localhost:3000";

function request(
  method: "GET" | "POST" | "PUT",
  pathAndQuery: string,
  options: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(options.headers);
  const key = options.key === undefined ? demoKey : options.key;
  if (key !== null) headers.set("Authorization", `Bearer ${key}`);
  let body: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    body = options.raw ?? JSON.stringify(options.body);
  }
  return new Request(`${origin}${pathAndQuery}`, { method, headers, body });
}

const args = (req: Request, params: Record<string, string> = {}) => ({ request: req, params, context: {} });

async function read(response: Response) {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
}

const register = (body: unknown, key: string | null = demoKey) =>
  listRoute.action(args(request("POST", "/api/v1/applications", { key, body }))).then(read);
const list = (query = "", key = demoKey) =>
  listRoute.loader(args(request("GET", `/api/v1/applications${query}`, { key }))).then(read);
const detail = (reference: string, key = demoKey) =>
  detailRoute.loader(args(request("GET", `/api/v1/applications/${reference}`, { key }), { reference })).then(read);
const post = (reference: string, body: unknown, key = demoKey) =>
  eventsRoute
    .action(args(request("POST", `/api/v1/applications/${reference}/events`, { key, body }), { reference }))
    .then(read);

function expectProblem(res: Awaited<ReturnType<typeof read>>, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  expect(res.json).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
}

let idCounter = 0;
const newId = (prefix = "t") => `${prefix}-${Date.now().toString(36)}-${++idCounter}`;

const solveig = syntheticPersons.find((p) => p.givenName === "Solveig")!;
const arne = syntheticPersons.find((p) => p.givenName === "Arne")!;

/**
 * A number that passes every check of a fødselsnummer but is not synthetic: born in 2039, so it
 * cannot belong to anyone alive (individnummer ≥ 500 with year 39 means 2039).
 */
function futureFodselsnummer() {
  for (let individ = 500; individ < 1000; individ++) {
    const nine = `010139${individ}`;
    for (let k1 = 0; k1 < 10; k1++)
      for (let k2 = 0; k2 < 10; k2++) {
        const candidate = `${nine}${k1}${k2}`;
        const result = validateFodselsnummer(candidate);
        if (result.valid && result.kind === "fnr") return candidate;
      }
  }
  throw new Error("no number found");
}

/** A synthetic number (month + 80) that is not one of the listed demo persons. */
function newSyntheticFodselsnummer() {
  const known = new Set(syntheticPersons.map((p) => p.pid));
  for (let individ = 100; individ < 500; individ++)
    for (let k = 0; k < 100; k++) {
      const candidate = `158341${individ}${String(k).padStart(2, "0")}`;
      const result = validateFodselsnummer(candidate);
      if (result.valid && result.kind === "synthetic" && !known.has(candidate)) return candidate;
    }
  throw new Error("no number found");
}

const paperApplication = (overrides: Record<string, unknown> = {}) => ({
  id: newId("reg"),
  pid: solveig.pid,
  services: ["praktisk-bistand"],
  channel: "paper",
  receivedAt: "2026-03-02T09:30:00+01:00",
  ...overrides,
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

// ---------------------------------------------------------------------------------------------

describe("authentication", () => {
  it("answers 401 problem+json with WWW-Authenticate: Bearer without a key, with a wrong or a revoked key", async () => {
    for (const key of [null, "not-a-key", revokedKey]) {
      const res = await list("", key as string);
      expectProblem(res, 401);
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    }
    const basic = await read(
      await listRoute.loader(args(request("GET", "/api/v1/applications", { key: null, headers: { Authorization: "Basic ZGV2OmRldg==" } }))),
    );
    expectProblem(basic, 401);
    // Writes too, before the body is looked at.
    expectProblem(await register(paperApplication(), null), 401);
    expectProblem(await post("SOK-2026-000101", {}, revokedKey), 401);
  });

  it("refuses a key revoked while in use, within a few seconds", async () => {
    const key = "fjordvik-revoked-later-31c0";
    await test.db.insert(integrationKeys).values({ municipalityId: test.municipalityId, name: "Snart trukket", keyHash: hashIntegrationKey(key) });
    expect((await list("", key)).status).toBe(200);
    await test.db.update(integrationKeys).set({ revokedAt: new Date() }).where(eq(integrationKeys.keyHash, hashIntegrationKey(key)));
    const later = Date.now() + keyCacheMs + 1;
    const clock = vi.spyOn(Date, "now").mockReturnValue(later);
    try {
      expectProblem(await list("", key), 401);
      expectProblem(await post("SOK-2026-000101", {}, key), 401);
    } finally {
      clock.mockRestore();
    }
  });

  it("accepts the demo key in demo mode and refuses it in production even though it is in the database", async () => {
    const [row] = await test.db
      .select({ revokedAt: integrationKeys.revokedAt })
      .from(integrationKeys)
      .where(eq(integrationKeys.keyHash, hashIntegrationKey(demoKey)));
    expect(row).toEqual({ revokedAt: null });

    const demo = await findIntegrationKey(test.db, demoKey, "demo");
    expect(demo).toMatchObject({ name: "Demo-fagsystem", municipalityId: test.municipalityId });
    expect(await findIntegrationKey(test.db, demoKey, "production")).toBeNull();

    const req = () => request("GET", "/api/v1/applications");
    const refused = await authenticateIntegration(test.db, req(), "production").catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 401, headers: { "WWW-Authenticate": expect.stringMatching(/^Bearer/) } });
    // Other keys work in production.
    expect(await findIntegrationKey(test.db, neighbourKey, "production")).toMatchObject({ name: "Nabovik-fagsystem" });
  });

  it("stores only the SHA-256 of keys", async () => {
    const rows = await test.db.select({ keyHash: integrationKeys.keyHash }).from(integrationKeys);
    expect(rows.map((r) => r.keyHash)).toContain(hashIntegrationKey(demoKey));
    for (const r of rows) expect(r.keyHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("POST /api/v1/applications (paper and phone applications)", () => {
  it("registers the application and its received event, creates the person, and never returns the fødselsnummer", async () => {
    const pid = newSyntheticFodselsnummer();
    expect(await test.db.select().from(persons).where(eq(persons.pidHash, lookupHash(pid)))).toEqual([]);
    const body = paperApplication({ pid, services: ["praktisk-bistand", "middagslevering"], caseNumber: "2026/0042" });
    const res = await register(body);
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.text).not.toContain(pid);
    expect(res.json).toMatchObject({
      reference: expect.stringMatching(/^SOK-2026-\d{6}$/),
      services: ["praktisk-bistand", "middagslevering"],
      channel: "paper",
      events: [{ id: body.id, type: "received", occurredAt: "2026-03-02T08:30:00.000Z", source: "fagsystem", caseNumber: "2026/0042" }],
    });
    expect(res.headers.get("Location")).toBe(`/api/v1/applications/${res.json.reference}`);

    const [person] = await test.db.select().from(persons).where(eq(persons.pidHash, lookupHash(pid)));
    expect(person).toMatchObject({ givenName: "Testperson" });
    expect(person.pidCiphertext).not.toContain(pid);
    const [app] = await test.db.select().from(applications).where(eq(applications.reference, res.json.reference));
    expect(app).toMatchObject({ municipalityId: test.municipalityId, personId: person.id, channel: "paper" });

    const audit = await test.db.select().from(auditEntries).where(eq(auditEntries.objectId, app.id));
    expect(audit).toEqual([
      expect.objectContaining({
        actorKind: "system",
        actorName: "Demo-fagsystem",
        action: "application.registered",
        subjectPersonId: person.id,
        municipalityId: test.municipalityId,
      }),
    ]);

    // The same request again: the same application, nothing new stored.
    const again = await register(body);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(res.json);
    const [{ n }] = await test.db.select({ n: count() }).from(applications).where(eq(applications.personId, person.id));
    expect(n).toBe(1);
    const [{ a }] = await test.db.select({ a: count() }).from(auditEntries).where(eq(auditEntries.objectId, app.id));
    expect(a).toBe(1);

    // The same id with another body is a conflict.
    expectProblem(await register({ ...body, services: ["praktisk-bistand"] }), 409);
  });

  it("uses a reference the case system gives, and refuses one that is taken", async () => {
    const res = await register(paperApplication({ reference: "GER-2026-17", pid: arne.pid, channel: "phone" }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ reference: "GER-2026-17", channel: "phone" });
    expectProblem(await register(paperApplication({ reference: "GER-2026-17" })), 409);
  });

  it("numbers generated references one after the other", async () => {
    const first = await register(paperApplication({ receivedAt: "2025-06-01T10:00:00+02:00" }));
    const second = await register(paperApplication({ receivedAt: "2025-06-02T10:00:00+02:00" }));
    const n = (ref: string) => Number(ref.split("-")[2]);
    expect(first.json.reference).toMatch(/^SOK-2025-\d{6}$/);
    expect(n(second.json.reference)).toBe(n(first.json.reference) + 1);
  });

  it("answers 422 when the person register does not know the number (demo: not synthetic)", async () => {
    const res = await register(paperApplication({ pid: futureFodselsnummer() }));
    expectProblem(res, 422);
  });

  it("answers 400 naming the fields that are wrong", async () => {
    const res = await register({
      id: newId(),
      pid: "14833921250",
      services: ["praktisk-bistand", "praktisk-bistand"],
      channel: "fax",
      receivedAt: "yesterday",
      extra: true,
    });
    expectProblem(res, 400);
    const names = res.json["invalid-params"].map((p: { name: string }) => p.name).sort();
    expect(names).toEqual(["channel", "extra", "pid", "receivedAt", "services[1]"]);
    for (const p of res.json["invalid-params"]) expect(p.reason).toEqual(expect.any(String));
    expect(res.text).not.toContain("14833921250");

    const unknownService = await register(paperApplication({ services: ["praktisk-bistand", "romreiser"] }));
    expectProblem(unknownService, 400);
    expect(unknownService.json["invalid-params"]).toEqual([{ name: "services[1]", reason: expect.any(String) }]);
    expect(await test.db.select().from(applications).where(eq(applications.reference, "romreiser"))).toEqual([]);
  });

  it("refuses bodies that are not JSON, not JSON objects, or larger than 1 MB", async () => {
    const send = (init: { raw: string; headers?: Record<string, string> }) =>
      listRoute.action(args(request("POST", "/api/v1/applications", init))).then(read);
    expectProblem(await send({ raw: "{not json" }), 400);
    expectProblem(await send({ raw: "[1,2]" }), 400);
    expectProblem(await send({ raw: "id=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 415);
    const huge = JSON.stringify({ ...paperApplication(), caseNumber: "x".repeat(1024 * 1024) });
    const tooLarge = await send({ raw: huge });
    expectProblem(tooLarge, 413);
    // Also when the sender does not say how long the body is (chunked).
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(" ".repeat(64 * 1024)));
        controller.close();
      },
    });
    const chunked = new Request(`${origin}/api/v1/applications`, {
      method: "POST",
      headers: { Authorization: `Bearer ${demoKey}`, "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expectProblem(await read(await listRoute.action(args(chunked))), 413);
  });

  it("answers 405 for other methods", async () => {
    const res = await read(await listRoute.action(args(request("PUT", "/api/v1/applications", { body: {} }))));
    expectProblem(res, 405);
    expect(res.headers.get("Allow")).toBe("POST");
  });
});

describe("POST /api/v1/applications/{reference}/events", () => {
  let reference: string;
  beforeAll(async () => {
    reference = (await register(paperApplication({ pid: arne.pid }))).json.reference;
  });

  const decided = (overrides: Record<string, unknown> = {}) => ({
    id: newId("evt"),
    type: "decided",
    occurredAt: minutesAgo(10),
    outcomes: [{ service: "praktisk-bistand", outcome: "partly_granted", description: "2 timer annenhver uke" }],
    reasoning: "Du får hjelp til tyngre rengjøring.",
    criteria: ["Behov for hjelp til rengjøring"],
    ...overrides,
  });

  it("stores an event once: 201, then 200 with the same event for the same body, 409 for another", async () => {
    const [before] = await test.db.select().from(applications).where(eq(applications.reference, reference));
    const body = decided();
    const first = await post(reference, body);
    expect(first.status).toBe(201);
    expect(first.headers.get("Cache-Control")).toBe("no-store");
    expect(first.json).toMatchObject({ ...body, occurredAt: new Date(body.occurredAt).toISOString(), source: "fagsystem" });
    expect(first.json.recordedAt).toEqual(expect.any(String));

    const replay = await post(reference, body);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
    // The same instant written another way is the same body.
    const sameInstant = await post(reference, { ...body, occurredAt: body.occurredAt.replace("Z", "+00:00") });
    expect(sameInstant.status).toBe(200);

    const conflict = await post(reference, { ...body, reasoning: "Noe annet." });
    expectProblem(conflict, 409);

    const rows = await test.db
      .select()
      .from(applicationEvents)
      .where(and(eq(applicationEvents.municipalityId, test.municipalityId), eq(applicationEvents.idempotencyKey, body.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "decided", source: "fagsystem", bodyHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(rows[0].payload).toEqual({
      outcomes: body.outcomes,
      reasoning: body.reasoning,
      criteria: body.criteria,
      // The appeal rule of each decided service is kept with the decision (docs/decisions/0010).
      appealRules: Object.fromEntries(body.outcomes.map((o: { service: string }) => [o.service, "pbrl"])),
    });

    const [after] = await test.db.select().from(applications).where(eq(applications.reference, reference));
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    const audit = await test.db.select().from(auditEntries).where(eq(auditEntries.objectId, rows[0].id));
    expect(audit).toEqual([
      expect.objectContaining({ actorKind: "system", actorName: "Demo-fagsystem", action: "application.event_appended", subjectPersonId: after.personId }),
    ]);
  });

  it("accepts every event type, and lists them in the order they happened", async () => {
    const [app] = await test.db.select().from(applications).where(eq(applications.reference, reference));
    const events: Record<string, unknown>[] = [
      { type: "preliminary_reply", expectedDecisionBy: "2026-05-01", description: "Vi venter på legeopplysninger." },
      { type: "assessment_planned", plannedAt: "2026-04-10T10:00:00+02:00" },
      { type: "documentation_requested", description: "Legeerklæring", dueDate: "2026-04-20" },
      { type: "documentation_received" },
      { type: "received", caseNumber: "2026/77" },
      { type: "appeal_received", description: "Jeg trenger mer hjelp." },
      { type: "appeal_reconsidered", outcome: "partly_granted" },
      { type: "appeal_forwarded" },
      { type: "appeal_decided", outcome: "granted", reasoning: "Statsforvalteren gir deg medhold." },
      { type: "service_started", service: "praktisk-bistand", startDate: "2026-06-01" },
      { type: "service_changed", service: "praktisk-bistand", description: "Nå hver uke." },
      { type: "service_ended", service: "praktisk-bistand", endDate: "2026-12-31" },
    ];
    const sent = new Set(events.map((e) => e.type));
    for (const t of applicationEventTypes) if (t !== "decided") expect(sent.has(t), t).toBe(true);
    // Sent in reverse: the oldest last.
    for (const [i, e] of [...events].reverse().entries()) {
      const res = await post(reference, { id: newId("all"), occurredAt: minutesAgo(100 + i), ...e });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    }
    const res = await detail(reference);
    expect(res.status).toBe(200);
    const times = res.json.events.map((e: { occurredAt: string }) => e.occurredAt);
    expect(times).toEqual([...times].sort());
    expect(res.json.events.map((e: { type: string }) => e.type)).toEqual([
      "received", // registered with receivedAt in March 2026
      ...events.map((e) => e.type),
      "decided",
    ]);
    expect(res.text).not.toContain(arne.pid);
    expect(res.json).toMatchObject({ reference, services: app.serviceSlugs, channel: "paper" });
  });

  it("answers 400 problem+json naming the field", async () => {
    const wrongOutcome = await post(reference, decided({ outcomes: [{ service: "praktisk-bistand", outcome: "maybe" }] }));
    expectProblem(wrongOutcome, 400);
    expect(wrongOutcome.json["invalid-params"]).toEqual([{ name: "outcomes[0].outcome", reason: expect.stringContaining("granted") }]);

    const cases: [Record<string, unknown>, string[]][] = [
      [{ id: newId(), type: "teleported", occurredAt: minutesAgo(1) }, ["type"]],
      [{ id: newId(), occurredAt: minutesAgo(1) }, ["type"]],
      [{ type: "documentation_requested", occurredAt: minutesAgo(1), description: "Legeerklæring" }, ["dueDate", "id"]],
      [{ id: newId(), type: "documentation_requested", occurredAt: "2026-13-01T00:00:00Z", description: "", dueDate: "2026-02-30" }, ["description", "dueDate", "occurredAt"]],
      [{ id: newId(), type: "service_started", occurredAt: minutesAgo(1), service: "romreiser", startDate: "2026-06-01" }, ["service"]],
      [{ id: newId(), type: "appeal_forwarded", occurredAt: minutesAgo(1), letter: {} }, ["letter"]],
      [{ id: "has spaces", type: "appeal_forwarded", occurredAt: new Date(Date.now() + 86_400_000).toISOString() }, ["id", "occurredAt"]],
      [decided({ outcomes: [] }), ["outcomes"]],
      [decided({ outcomes: [{ service: "praktisk-bistand", outcome: "granted" }, { service: "praktisk-bistand", outcome: "refused" }] }), ["outcomes[1].service"]],
    ];
    for (const [body, names] of cases) {
      const res = await post(reference, body);
      expectProblem(res, 400);
      expect(res.json["invalid-params"].map((p: { name: string }) => p.name).sort(), JSON.stringify(body)).toEqual(names);
    }
    const notObject = await post(reference, ["decided"]);
    expectProblem(notObject, 400);
  });

  it("answers 404 for an unknown reference", async () => {
    const res = await post("SOK-1999-999999", decided());
    expectProblem(res, 404);
    expectProblem(await detail("SOK-1999-999999"), 404);
  });

  it("stores one event when identical requests race each other", async () => {
    const body = decided({ type: "documentation_received", outcomes: undefined, reasoning: undefined, criteria: undefined });
    const results = await Promise.all(Array.from({ length: 8 }, () => post(reference, body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    for (const r of results) expect(r.json).toEqual(results[0].json);
    const [{ n }] = await test.db
      .select({ n: count() })
      .from(applicationEvents)
      .where(and(eq(applicationEvents.municipalityId, test.municipalityId), eq(applicationEvents.idempotencyKey, body.id)));
    expect(n).toBe(1);
    const [{ a }] = await test.db
      .select({ a: count() })
      .from(auditEntries)
      .innerJoin(applicationEvents, eq(applicationEvents.id, auditEntries.objectId))
      .where(eq(applicationEvents.idempotencyKey, body.id));
    expect(a).toBe(1);
  });

  it("keeps every event, and a status that counts them all, when different events for one application race each other", async () => {
    const ref = (await register(paperApplication({ pid: arne.pid }))).json.reference;
    const [app] = await test.db.select().from(applications).where(eq(applications.reference, ref));
    const bodies = [
      { type: "preliminary_reply", expectedDecisionBy: "2027-05-01", description: "Vi venter på legeopplysninger." },
      { type: "documentation_requested", description: "Legeerklæring", dueDate: "2027-04-20" },
      { type: "assessment_planned", plannedAt: "2027-04-10T10:00:00+02:00" },
      { type: "received", caseNumber: "2026/78" },
      { type: "service_started", service: "praktisk-bistand", startDate: "2027-06-01" },
    ].map((e, i) => ({ id: newId("race"), occurredAt: minutesAgo(60 - i), ...e }));
    const results = await Promise.all(bodies.map((b) => post(ref, b)));
    expect(results.map((r) => r.status)).toEqual(bodies.map(() => 201));

    // One event, one audit entry each; the projection the lists read is what the events give.
    const stored = await test.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, app.id));
    expect(stored.map((e) => e.idempotencyKey).sort()).toEqual(expect.arrayContaining(bodies.map((b) => b.id).sort()));
    expect(stored).toHaveLength(bodies.length + 1);
    const [{ a }] = await test.db
      .select({ a: count() })
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "application.event_appended"), inArray(auditEntries.objectId, stored.map((e) => e.id))));
    expect(a).toBe(bodies.length);
    const [projected] = await test.db.select().from(applicationDetails).where(eq(applicationDetails.applicationId, app.id));
    await refreshApplicationProjection(test.db, app.id);
    const [rebuilt] = await test.db.select().from(applicationDetails).where(eq(applicationDetails.applicationId, app.id));
    expect({ stage: projected.stage, dueAt: projected.dueAt }).toEqual({ stage: rebuilt.stage, dueAt: rebuilt.dueAt });
    // Requested documentation is due before the preliminary reply: the case is due then.
    expect(projected.dueAt?.toISOString().slice(0, 10)).toBe("2027-04-20");
  });

  it("writes nothing from a stale read: an event stored in between makes the next one read again", async () => {
    const ref = (await register(paperApplication({ pid: arne.pid }))).json.reference;
    const [app] = await test.db.select().from(applications).where(eq(applications.reference, ref));
    const event = (type: "preliminary_reply" | "documentation_requested", payload: Record<string, unknown>): NewEvent => ({
      application: app,
      type,
      payload,
      source: "fagsystem",
      idempotencyKey: newId("stale"),
      bodyHash: "x",
      occurredAt: new Date(),
      actor: { kind: "system", id: null, name: "Test" },
    });
    const stale = await readProjectionInput(test.db, app.id);
    expect(await recordEvent(test.db, event("documentation_requested", { description: "Legeerklæring", dueDate: "2027-04-20" }))).not.toBeNull();
    const late = event("preliminary_reply", { expectedDecisionBy: "2027-05-01" });
    expect(await writeEvent(test.db, late, stale!)).toEqual({ fresh: false, stored: null });
    const keys = (await test.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, app.id))).map((e) => e.idempotencyKey);
    expect(keys).not.toContain(late.idempotencyKey);
    // recordEvent reads again, so the projection counts both events.
    expect(await recordEvent(test.db, late)).not.toBeNull();
    const [projected] = await test.db.select().from(applicationDetails).where(eq(applicationDetails.applicationId, app.id));
    expect(projected.dueAt?.toISOString().slice(0, 10)).toBe("2027-04-20");
  });

  it("stores one application when identical registrations race each other", async () => {
    const body = paperApplication();
    const results = await Promise.all(Array.from({ length: 6 }, () => register(body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    for (const r of results) expect(r.json).toEqual(results[0].json);
    const [{ n }] = await test.db
      .select({ n: count() })
      .from(applicationEvents)
      .where(and(eq(applicationEvents.municipalityId, test.municipalityId), eq(applicationEvents.idempotencyKey, body.id)));
    expect(n).toBe(1);
  });
});

describe("another municipality's key", () => {
  it("cannot see or touch this municipality's applications", async () => {
    const mine = await register(paperApplication());
    const reference = mine.json.reference as string;
    expectProblem(await detail(reference, neighbourKey), 404);
    const event = { id: newId("x"), type: "appeal_forwarded", occurredAt: minutesAgo(1) };
    expectProblem(await post(reference, event, neighbourKey), 404);
    const [{ n }] = await test.db.select({ n: count() }).from(applicationEvents).where(eq(applicationEvents.idempotencyKey, event.id));
    expect(n).toBe(0);

    const theirs = await list("?limit=100", neighbourKey);
    expect(theirs.status).toBe(200);
    expect(theirs.json.items.map((i: { reference: string }) => i.reference)).not.toContain(reference);

    // Ids are per municipality: the neighbour may use the same id for its own application.
    const same = await register({ ...paperApplication(), id: mine.json.events[0].id }, neighbourKey);
    expect(same.status).toBe(201);
    expect(same.json.reference).toMatch(/^SOK-2026-000001$/);
  });
});

describe("GET /api/v1/applications (pagination)", () => {
  const references: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      const res = await register(paperApplication({ pid: syntheticPersons[i % syntheticPersons.length].pid }), pagingKey);
      expect(res.status).toBe(201);
      references.push(res.json.reference);
      await new Promise((r) => setTimeout(r, 5));
    }
  });

  async function walk(query: string) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, pagingKey);
      expect(res.status).toBe(200);
      seen.push(...res.json.items.map((i: { reference: string }) => i.reference));
      cursor = res.json.nextCursor;
      pages++;
      expect(pages).toBeLessThan(20);
    } while (cursor);
    return { seen, pages };
  }

  it("pages through every application once, least recently updated first", async () => {
    const first = await list("?limit=3", pagingKey);
    expect(first.headers.get("Cache-Control")).toBe("no-store");
    expect(first.json.items).toHaveLength(3);
    expect(first.json.items[0]).toEqual({
      reference: references[0],
      services: ["praktisk-bistand"],
      channel: "paper",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      eventCount: 1,
      // Registered by the case system: no portal answers, no documents yet.
      answers: null,
      documents: [],
    });
    expect(first.text).not.toMatch(/\d{11}/);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    expect(await walk("limit=3")).toEqual({ seen: references, pages: 3 });
    expect(await walk("limit=7")).toEqual({ seen: references, pages: 1 });
    expect((await list("", pagingKey)).json).toMatchObject({ nextCursor: null });
  });

  it("moves an application to the end when an event is added, and filters by updatedSince", async () => {
    const res = await post(references[1], { id: newId("p"), type: "appeal_forwarded", occurredAt: minutesAgo(1) }, pagingKey);
    expect(res.status).toBe(201);
    const order = [references[0], ...references.slice(2), references[1]];
    expect((await walk("limit=2")).seen).toEqual(order);
    const all = (await list("?limit=100", pagingKey)).json.items as { reference: string; updatedAt: string; eventCount: number }[];
    expect(all.at(-1)).toMatchObject({ reference: references[1], eventCount: 2 });

    const since = all[4].updatedAt;
    const recent = await walk(`limit=2&updatedSince=${encodeURIComponent(since)}`);
    expect(recent.seen).toEqual(order.slice(4));
  });

  it("answers 400 naming limit, updatedSince or cursor when they are wrong", async () => {
    for (const [query, name] of [
      ["?limit=101", "limit"],
      ["?limit=0", "limit"],
      ["?limit=ti", "limit"],
      ["?updatedSince=i%20går", "updatedSince"],
      ["?cursor=bogus", "cursor"],
      [`?cursor=${Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000000Z", "'; drop table x"])).toString("base64url")}`, "cursor"],
    ] as const) {
      const res = await list(query, pagingKey);
      expectProblem(res, 400);
      expect(res.json["invalid-params"].map((p: { name: string }) => p.name)).toEqual([name]);
    }
  });
});

// ---------------------------------------------------------------------------------------------

/** The URL path a flat-routes file name answers, e.g. api.v1.applications.$reference.ts → /api/v1/applications/{reference}. */
function routePath(file: string) {
  const name = file.replace(/\.(tsx?|jsx?)$/, "");
  const segments = name
    .split(/\.(?![^[]*\])/)
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1").replace(/^\$(.+)$/, "{$1}"));
  return `/${segments.join("/")}`;
}

type Json = Record<string, unknown>;

function resolveRef(doc: Json, pointer: string): unknown {
  expect(pointer.startsWith("#/")).toBe(true);
  return pointer
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Json)[key] : undefined), doc);
}

function zodFields(schema: ZodObject<ZodRawShape>) {
  const shape = schema.shape as Record<string, ZodTypeAny>;
  return {
    properties: Object.keys(shape).sort(),
    required: Object.keys(shape)
      .filter((k) => !shape[k].isOptional())
      .sort(),
  };
}

const schemaFields = (schema: Schema) => ({
  properties: Object.keys(schema.properties ?? {}).sort(),
  required: [...(schema.required ?? [])].sort(),
});

describe("GET /api/v1/openapi.json", () => {
  it("is valid JSON, OpenAPI 3.1.0, and served without a key", async () => {
    const res = await read(await openApiRoute.loader());
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.json.openapi).toBe("3.1.0");
    expect(res.json).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
    expect(res.json.components.securitySchemes.integrationKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("describes every api.v1 route file, and every described path has one with the described methods", async () => {
    const routesDir = path.resolve("app/routes");
    const files = fs.readdirSync(routesDir).filter((f) => f.startsWith("api.v1.") && /\.(tsx?|jsx?)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const byPath = new Map(files.map((f) => [routePath(f), f]));
    expect([...byPath.keys()].sort()).toEqual(Object.keys(openApiDocument.paths).sort());

    for (const [p, item] of Object.entries(openApiDocument.paths)) {
      const mod = (await import(/* @vite-ignore */ path.join(routesDir, byPath.get(p)!))) as Json;
      const methods = Object.keys(item).filter((k) => k !== "parameters");
      for (const method of methods) expect(typeof mod[method === "get" ? "loader" : "action"], `${method} ${p}`).toBe("function");
      expect(methods.includes("get"), `GET ${p}`).toBe(typeof mod.loader === "function");
      expect(methods.some((m) => m !== "get"), `writes to ${p}`).toBe(typeof mod.action === "function");
      // Path parameters are declared.
      for (const [, param] of p.matchAll(/\{(\w+)\}/g)) {
        const declared = (item.parameters ?? []).map((x) => ("$ref" in x ? (resolveRef(openApiDocument as unknown as Json, x.$ref) as Json) : x));
        expect(declared.some((d) => d.name === param && d.in === "path"), `${p} declares ${param}`).toBe(true);
      }
    }
  });

  it("resolves every $ref, and describes the problem responses and the bearer scheme", () => {
    const doc = openApiDocument as unknown as Json;
    const refs: string[] = [];
    (function visit(node: unknown) {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === "object")
        for (const [k, v] of Object.entries(node)) {
          if (k === "$ref" && typeof v === "string") refs.push(v);
          else visit(v);
        }
    })(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect(resolveRef(doc, r), r).toBeDefined();

    const post = openApiDocument.paths["/api/v1/applications/{reference}/events"].post!;
    expect(Object.keys(post.responses).sort()).toEqual(["200", "201", "400", "401", "404", "409", "413", "415", "429", "500"]);
    expect(openApiDocument.components.responses.TooManyRequests.headers!["Retry-After"]).toBeDefined();
    expect(openApiDocument.components.responses.BadRequest.content!["application/problem+json"]).toBeDefined();
    expect(openApiDocument.components.responses.Unauthorized.headers!["WWW-Authenticate"]).toBeDefined();
    expect(openApiDocument.security).toEqual([{ integrationKey: [] }]);
  });

  it("has exactly the fields the API accepts, for registration and for every event type", () => {
    const schemas = openApiDocument.components.schemas;
    expect(schemaFields(schemas.RegisterApplication)).toEqual(zodFields(registerApplicationSchema));
    const options = caseEventSchema.options as unknown as ZodObject<ZodRawShape>[];
    expect(options.map((o) => (o.shape.type as unknown as { value: string }).value).sort()).toEqual([...applicationEventTypes].sort());
    for (const option of options) {
      const type = (option.shape.type as unknown as { value: (typeof applicationEventTypes)[number] }).value;
      const described = schemas[eventSchemaName(type)];
      expect(described, type).toBeDefined();
      expect(schemaFields(described), type).toEqual(zodFields(option));
      expect(described.properties!.type.const).toBe(type);
    }
    expect(Object.keys(schemas.CaseEvent.discriminator!.mapping!).sort()).toEqual([...applicationEventTypes].sort());
  });
});
