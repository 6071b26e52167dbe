// The caseworker's side of applications (app/.server/applications/casework.ts) against a real
// database seeded with the demo: every action stores one event with source "caseworker" and an
// audit entry, bad input and actions that make no sense for the stage are refused, opening a case
// shows up in the resident's innsynslogg, and another municipality's case does not exist.
import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allowedActions,
  idempotencyKeyFor,
  listCases,
  openCase,
  osloLocalToIso,
  outcomeField,
  recordCaseworkAction,
  type CaseworkAction,
  type CaseworkActor,
  type CaseworkForm,
} from "~/.server/applications/casework";
import { refreshApplicationProjection } from "~/.server/applications/projection";
import { deriveStatus } from "~/.server/applications/status";
import { osloDate } from "~/utils/dates";
import { addCalendarDays } from "~/utils/working-days";
import { listAccessLogForPerson } from "~/.server/audit/access-log";
import { applicationEvents, applications, auditEntries, employees, municipalities, persons, services } from "../../db/schema";
import { demoMunicipality } from "../../db/seed/municipality";
import { syntheticPersons } from "../../db/seed/persons";
import { openPortalForTests } from "../support/database";
import { personIdOf, statusOf } from "../support/domain";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
let kari: CaseworkActor;
let neighbour: CaseworkActor;
let neighbourCaseId: string;
const people: Record<string, string> = {};

const today = () => osloDate(new Date());
const inDays = (days: number) => addCalendarDays(today(), days);

async function addEmployee(municipalityId: string, name: string, subject: string): Promise<CaseworkActor> {
  const [row] = await test.db
    .insert(employees)
    .values({ municipalityId, issuer: "test", subject, name, unit: "Tildelingskontoret", roles: ["caseworker"] })
    .returning();
  return { id: row.id, municipalityId, name: row.name, unit: row.unit };
}

let referenceCounter = 0;
/** A new application for `givenName`, received `daysAgo` days ago (or not received at all). */
async function newCase(givenName: string, serviceSlugs: string[], daysAgo: number | null, municipalityId = test.municipalityId) {
  const [application] = await test.db
    .insert(applications)
    .values({
      municipalityId,
      personId: people[givenName] ?? (await personIdOf(test.db, givenName)),
      reference: `SOK-TEST-${String(++referenceCounter).padStart(4, "0")}`,
      serviceSlugs,
      channel: "paper",
    })
    .returning();
  if (daysAgo !== null)
    await test.db.insert(applicationEvents).values({
      applicationId: application.id,
      municipalityId,
      type: "received",
      source: "fagsystem",
      idempotencyKey: `test-received-${application.id}`,
      bodyHash: "x",
      occurredAt: new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000),
    });
  // As registerApplication and recordEvent do: the list reads the projection.
  await refreshApplicationProjection(test.db, application.id);
  return application;
}

async function eventsOf(applicationId: string) {
  return test.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, applicationId));
}

const act = (applicationId: string, type: CaseworkAction, form: CaseworkForm = {}, key: string = randomUUID()) =>
  recordCaseworkAction(test.db, kari, applicationId, type, key, form);

beforeAll(async () => {
  test = await openPortalForTests("casework");
  for (const name of ["Solveig", "Ingrid", "Randi", "Liv"]) people[name] = await personIdOf(test.db, name).catch(() => "");
  kari = await addEmployee(test.municipalityId, "Kari Nordmann", "ansatt-001");

  const [other] = await test.db
    .insert(municipalities)
    .values({ ...demoMunicipality, slug: "nabovik", name: "Nabovik kommune", organisationNumber: "999999999" })
    .returning({ id: municipalities.id });
  await test.db.insert(services).values({ municipalityId: other.id, slug: "praktisk-bistand", category: "hjemme" });
  neighbour = await addEmployee(other.id, "Nils Nabo", "nabo-001");
  neighbourCaseId = (await newCase("Ingrid", ["praktisk-bistand"], 40, other.id)).id;
});
afterAll(async () => {
  await test?.cleanup();
});

describe("recording actions", () => {
  it("stores each action as one event from the caseworker, with an audit entry naming her", async () => {
    const { id } = await newCase("Ingrid", ["praktisk-bistand", "trygghetsalarm"], null);
    const steps: [CaseworkAction, CaseworkForm][] = [
      ["received", { caseNumber: "2026/123" }],
      ["assessment_planned", { plannedAt: `${inDays(3)}T10:00`, description: "Vi kommer hjem til deg." }],
      ["preliminary_reply", { expectedDecisionBy: inDays(20), description: "Vi venter på kartleggingen." }],
      ["documentation_requested", { description: "Uttalelse fra fastlegen.", dueDate: inDays(10) }],
      ["documentation_received", {}],
      [
        "decided",
        {
          [outcomeField("praktisk-bistand")]: "partly_granted",
          [`utfallBeskrivelse-praktisk-bistand`]: "Hjelp med rengjøring annenhver uke.",
          [outcomeField("trygghetsalarm")]: "refused",
          reasoning: "Du klarer det meste selv.\n\nDu trenger hjelp med tungt renhold.",
          criteria: "Hva du klarer selv\n\nHelseopplysninger fra fastlegen\n",
        },
      ],
      ["service_started", { service: "praktisk-bistand", startDate: inDays(1) }],
      ["appeal_received", { description: "Klage på papir." }],
      ["appeal_reconsidered", { outcome: "partly_granted" }],
      ["appeal_forwarded", {}],
      ["appeal_decided", { outcome: "partly_granted", reasoning: "Statsforvalteren er enig med kommunen." }],
      ["service_ended", { service: "praktisk-bistand", endDate: inDays(30) }],
    ];
    for (const [type, form] of steps) {
      const key = randomUUID();
      const result = await act(id, type, form, key);
      expect(result, type).toEqual({ status: "recorded", type, duplicate: false });
      const [event] = await test.db
        .select()
        .from(applicationEvents)
        .where(and(eq(applicationEvents.municipalityId, test.municipalityId), eq(applicationEvents.idempotencyKey, idempotencyKeyFor(key))));
      expect(event.type).toBe(type);
      expect(event.source).toBe("caseworker");
      const [audit] = await test.db.select().from(auditEntries).where(eq(auditEntries.objectId, event.id));
      expect(audit).toMatchObject({
        actorKind: "employee",
        actorId: kari.id,
        actorName: "Kari Nordmann",
        actorUnit: "Tildelingskontoret",
        subjectPersonId: people.Ingrid,
        action: "application.event_appended",
      });
    }
    const events = await eventsOf(id);
    expect(events).toHaveLength(steps.length);
    const decided = events.find((e) => e.type === "decided")!;
    expect(decided.payload).toEqual({
      outcomes: [
        { service: "praktisk-bistand", outcome: "partly_granted", description: "Hjelp med rengjøring annenhver uke." },
        { service: "trygghetsalarm", outcome: "refused" },
      ],
      reasoning: "Du klarer det meste selv.\n\nDu trenger hjelp med tungt renhold.",
      criteria: ["Hva du klarer selv", "Helseopplysninger fra fastlegen"],
      // The appeal rule of each service as it was when decided; the safety alarm is not a health
      // service in Fjordvik (three weeks, fvl § 29).
      appealRules: { "praktisk-bistand": "pbrl", trygghetsalarm: "fvl" },
      // The letter the portal wrote, stored as a document of the event.
      letter: { filename: expect.stringMatching(/^vedtaksbrev-SOK-TEST-\d+\.pdf$/), size: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), generated: true },
    });
    const planned = events.find((e) => e.type === "assessment_planned")!;
    // Ten o'clock on a Norwegian wall clock.
    expect(new Date(planned.payload.plannedAt as string).toISOString()).toBe(new Date(osloLocalToIso(`${inDays(3)}T10:00`)).toISOString());
    const status = deriveStatus(events, new Date());
    expect(status.stage).toBe("service_ended");
    expect(status.outcomes.find((o) => o.service === "praktisk-bistand")?.outcome).toBe("partly_granted");
  });

  it("stores one event when the same form is sent twice", async () => {
    const { id } = await newCase("Ingrid", ["praktisk-bistand"], 40);
    const key = randomUUID();
    const form = { expectedDecisionBy: inDays(14) };
    expect(await act(id, "preliminary_reply", form, key)).toMatchObject({ status: "recorded", duplicate: false });
    expect(await act(id, "preliminary_reply", form, key)).toMatchObject({ status: "recorded", duplicate: true });
    expect((await eventsOf(id)).filter((e) => e.type === "preliminary_reply")).toHaveLength(1);
    // A decision sent twice is not refused the second time because a decision now exists.
    const decisionKey = randomUUID();
    const decision = { [outcomeField("praktisk-bistand")]: "granted", reasoning: "Du har behov for hjelp." };
    expect(await act(id, "decided", decision, decisionKey)).toMatchObject({ status: "recorded", duplicate: false });
    expect(await act(id, "decided", decision, decisionKey)).toMatchObject({ status: "recorded", duplicate: true });
    expect((await eventsOf(id)).filter((e) => e.type === "decided")).toHaveLength(1);
  });

  it("refuses invalid input with errors per field and stores nothing", async () => {
    const { id } = await newCase("Ingrid", ["praktisk-bistand"], 40);
    expect(await act(id, "decided", { reasoning: "  " })).toEqual({
      status: "invalid",
      errors: { [outcomeField("praktisk-bistand")]: { key: "choose" }, reasoning: { key: "required" } },
    });
    expect(await act(id, "decided", { [outcomeField("praktisk-bistand")]: "maybe", reasoning: "Fordi." })).toEqual({
      status: "invalid",
      errors: { [outcomeField("praktisk-bistand")]: { key: "choose" } },
    });
    expect(await act(id, "preliminary_reply", { expectedDecisionBy: "31.12.2026" })).toEqual({
      status: "invalid",
      errors: { expectedDecisionBy: { key: "invalidDate" } },
    });
    expect(await act(id, "preliminary_reply", { expectedDecisionBy: inDays(-1) })).toEqual({
      status: "invalid",
      errors: { expectedDecisionBy: { key: "notPast" } },
    });
    expect(await act(id, "documentation_requested", { description: "x".repeat(4001), dueDate: "" })).toEqual({
      status: "invalid",
      errors: { description: { key: "tooLong", max: 4000 }, dueDate: { key: "required" } },
    });
    expect(await act(id, "assessment_planned", { plannedAt: "i morgen" })).toEqual({
      status: "invalid",
      errors: { plannedAt: { key: "invalidDate" } },
    });
    expect(await statusOf(act(id, "received", {}, "not-a-uuid"))).toBe(400);
    expect(await eventsOf(id)).toHaveLength(1);
  });

  it("allows only what makes sense for the stage, on the server", async () => {
    const notReceived = await newCase("Ingrid", ["praktisk-bistand"], null);
    const decision = { [outcomeField("praktisk-bistand")]: "refused", reasoning: "Du klarer deg selv." };
    expect(await act(notReceived.id, "decided", decision)).toEqual({ status: "not_allowed" });
    expect(await act(notReceived.id, "preliminary_reply", { expectedDecisionBy: inDays(10) })).toEqual({ status: "not_allowed" });

    const { id } = await newCase("Ingrid", ["praktisk-bistand"], 10);
    expect(await act(id, "received", {})).toEqual({ status: "not_allowed" });
    expect(await act(id, "appeal_received", {})).toEqual({ status: "not_allowed" });
    expect(await act(id, "documentation_received", {})).toEqual({ status: "not_allowed" });
    expect(await act(id, "service_started", { service: "praktisk-bistand", startDate: inDays(1) })).toEqual({ status: "not_allowed" });
    expect(await act(id, "decided", decision)).toMatchObject({ status: "recorded" });
    // Decided: no second decision, no preliminary reply; an appeal must be received before it is forwarded.
    expect(await act(id, "decided", decision)).toEqual({ status: "not_allowed" });
    expect(await act(id, "preliminary_reply", { expectedDecisionBy: inDays(10) })).toEqual({ status: "not_allowed" });
    expect(await act(id, "appeal_forwarded", {})).toEqual({ status: "not_allowed" });
    // A refused service cannot start.
    expect(await act(id, "appeal_received", {})).toMatchObject({ status: "recorded" });
    expect(await act(id, "appeal_forwarded", {})).toEqual({ status: "not_allowed" });
    expect(await act(id, "appeal_decided", { outcome: "granted", reasoning: "Ja." })).toEqual({ status: "not_allowed" });
    expect(await act(id, "appeal_reconsidered", { outcome: "granted" })).toMatchObject({ status: "recorded" });
    // Granted on reconsideration: the appeal ends there, nothing goes to Statsforvalteren.
    expect(await act(id, "appeal_forwarded", {})).toEqual({ status: "not_allowed" });
    expect(await act(id, "service_started", { service: "trygghetsalarm", startDate: inDays(1) })).toEqual({
      status: "invalid",
      errors: { service: { key: "choose" } },
    });
    expect(await act(id, "service_started", { service: "praktisk-bistand", startDate: inDays(1) })).toMatchObject({ status: "recorded" });
    expect(await act(id, "service_started", { service: "praktisk-bistand", startDate: inDays(1) })).toEqual({ status: "not_allowed" });
    const events = await eventsOf(id);
    expect(allowedActions(events, deriveStatus(events, new Date()))).toEqual(["service_changed", "service_ended"]);
  });
});

describe("opening a case", () => {
  it("writes a 'viewed' entry the resident reads in the innsynslogg, and shows only a masked fødselsnummer", async () => {
    const { id } = await newCase("Randi", ["avlastning"], 5);
    const before = await listAccessLogForPerson(test.db, { actorPersonId: people.Randi, subjectPersonId: people.Randi });
    const opened = await openCase(test.db, kari, id);
    expect(opened.applicant.name).toBe("Randi Kvernes");
    const pid = syntheticPersons.find((p) => p.givenName === "Randi")!.pid;
    expect(opened.applicant.maskedPid).toBe(`${pid.slice(0, 6)} *****`);
    expect(JSON.stringify(opened)).not.toContain(pid);
    expect(opened.allowed).toContain("decided");
    await openCase(test.db, kari, id);

    const after = await listAccessLogForPerson(test.db, { actorPersonId: people.Randi, subjectPersonId: people.Randi });
    expect(after.total).toBe(before.total + 2);
    expect(after.entries[0]).toMatchObject({
      actorKind: "employee",
      actorName: "Kari Nordmann",
      actorUnit: "Tildelingskontoret",
      action: "application.viewed",
      objectType: "application",
    });
  });

  it("answers 404 for another municipality's case, for a malformed id, and logs nothing", async () => {
    const [{ n: before }] = await test.db.select({ n: count() }).from(auditEntries);
    expect(await statusOf(openCase(test.db, kari, neighbourCaseId))).toBe(404);
    expect(await statusOf(openCase(test.db, kari, "ikke-en-id"))).toBe(404);
    expect(await statusOf(act(neighbourCaseId, "preliminary_reply", { expectedDecisionBy: inDays(10) }))).toBe(404);
    const [{ n: after }] = await test.db.select({ n: count() }).from(auditEntries);
    expect(after).toBe(before);
    expect(await eventsOf(neighbourCaseId)).toHaveLength(1);
    // The neighbour's caseworker sees it; Kari's list does not have it.
    expect((await openCase(test.db, neighbour, neighbourCaseId)).application.id).toBe(neighbourCaseId);
    expect((await listCases(test.db, kari, {})).rows.map((r) => r.id)).not.toContain(neighbourCaseId);
  });
});

describe("the list", () => {
  it("filters by overdue, stage, service and search", async () => {
    const overdue = await listCases(test.db, kari, { overdue: true });
    const refs = overdue.rows.map((r) => r.reference);
    expect(refs).toContain("SOK-2026-000102"); // Ingrid: no preliminary reply after five weeks
    expect(refs).not.toContain("SOK-2026-000101");
    expect(overdue.rows.every((r) => r.deadline?.overdue)).toBe(true);

    const decided = await listCases(test.db, kari, { stage: "decided" });
    expect(decided.rows.map((r) => r.reference)).toContain("SOK-2026-000101");
    expect(decided.rows.every((r) => r.stage === "decided")).toBe(true);

    const bySlug = await listCases(test.db, kari, { service: "hjemmesykepleie" });
    expect(bySlug.rows.every((r) => r.serviceSlugs.includes("hjemmesykepleie"))).toBe(true);

    expect((await listCases(test.db, kari, { q: "åsheim" })).rows.every((r) => r.applicantName === "Ingrid Åsheim")).toBe(true);
    expect((await listCases(test.db, kari, { q: "ingrid åsheim" })).total).toBeGreaterThan(0);
    expect((await listCases(test.db, kari, { q: "000103" })).rows.map((r) => r.reference)).toEqual(["SOK-2026-000103"]);
    expect((await listCases(test.db, kari, { q: "%" })).total).toBe(0);
  });

  it("pages by 25", async () => {
    for (let i = 0; i < 26; i++) await newCase("Solveig", ["trygghetsalarm"], 1);
    const first = await listCases(test.db, kari, { service: "trygghetsalarm" });
    expect(first.rows).toHaveLength(25);
    expect(first.pageCount).toBe(Math.ceil(first.total / 25));
    const pages = [first];
    for (let page = 2; page <= first.pageCount; page++) pages.push(await listCases(test.db, kari, { service: "trygghetsalarm", page }));
    expect(pages.at(-1)!.rows.length).toBe(first.total - 25 * (first.pageCount - 1));
    expect(new Set(pages.flatMap((p) => p.rows).map((r) => r.id)).size).toBe(first.total);
  });
});
