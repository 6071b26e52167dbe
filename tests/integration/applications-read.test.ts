import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getApplicationForPerson, listApplicationsForPerson, assertCanRead } from "~/.server/applications/queries";
import { deriveStatus } from "~/.server/applications/status";
import { accessLogPageSize, listAccessLogForPerson } from "~/.server/audit/access-log";
import { and, eq } from "drizzle-orm";
import { applicationEvents, applications, auditEntries, municipalities, persons } from "../../db/schema";
import { seedDemoApplications } from "../../db/seed/applications";
import { demoMunicipality } from "../../db/seed/municipality";
import { createTestDatabase } from "../support/database";
import { personIdOf, statusOf } from "../support/domain";

// Reading applications and the innsynslogg against a real (in-memory or PostgreSQL) database,
// seeded with the demo applications: each resident sees only their own, and every denial is a
// 404 that does not reveal whether the application exists.

let test: Awaited<ReturnType<typeof createTestDatabase>>;
const ids: Record<string, string> = {};

/** The HTTP status a read ends in: 200, or the status of the Response it throws. */
beforeAll(async () => {
  test = await createTestDatabase();
  for (const name of ["Solveig", "Ingrid", "Randi"]) ids[name] = await personIdOf(test.db, name);
});
afterAll(async () => {
  await test?.cleanup();
});

const own = (name: string) => ({ actorPersonId: ids[name], subjectPersonId: ids[name], municipalityId: test.municipalityId });

describe("listing applications", () => {
  it("shows each resident only their own applications", async () => {
    const solveig = await listApplicationsForPerson(test.db, own("Solveig"));
    const ingrid = await listApplicationsForPerson(test.db, own("Ingrid"));
    expect(solveig.map((a) => a.application.reference)).toEqual(["SOK-2026-000101"]);
    expect(ingrid.map((a) => a.application.reference)).toEqual(["SOK-2026-000102"]);
  });

  it("refuses to list someone else's applications, with a 404", async () => {
    expect(await statusOf(listApplicationsForPerson(test.db, { actorPersonId: ids.Ingrid, subjectPersonId: ids.Solveig }))).toBe(404);
  });

  it("lists newest first, by when the municipality received them", async () => {
    // Give Solveig a second, newer application.
    const [second] = await test.db
      .insert(applications)
      .values({
        municipalityId: test.municipalityId,
        personId: ids.Solveig,
        reference: "SOK-2026-009999",
        serviceSlugs: ["trygghetsalarm"],
        channel: "phone",
      })
      .returning({ id: applications.id });
    await test.db.insert(applicationEvents).values({
      applicationId: second.id,
      municipalityId: test.municipalityId,
      type: "received",
      source: "fagsystem",
      idempotencyKey: "test-newer-1",
      bodyHash: "x",
      occurredAt: new Date(),
    });
    const list = await listApplicationsForPerson(test.db, own("Solveig"));
    expect(list.map((a) => a.application.reference)).toEqual(["SOK-2026-009999", "SOK-2026-000101"]);
  });

  it("returns nothing for a resident without applications", async () => {
    const [nobody] = await test.db
      .insert(persons)
      .values({ pidHash: "test-nobody", pidCiphertext: "v1.x.y", givenName: "Test", familyName: "Person" })
      .returning({ id: persons.id });
    expect(await listApplicationsForPerson(test.db, { actorPersonId: nobody.id, subjectPersonId: nobody.id })).toEqual([]);
  });
});

describe("reading one application", () => {
  it("gives the resident their application with its events in time order", async () => {
    const [listed] = await listApplicationsForPerson(test.db, own("Randi"));
    const found = await getApplicationForPerson(test.db, { ...own("Randi"), applicationId: listed.application.id });
    expect(found.application.reference).toBe("SOK-2026-000103");
    expect(found.events.map((e) => e.type)).toEqual(["received", "preliminary_reply", "decided", "service_started"]);
    const times = found.events.map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(found.events.every((e) => e.source === "fagsystem")).toBe(true);
  });

  it("answers 404 for another resident's application, exactly as for one that does not exist", async () => {
    const [solveigs] = await listApplicationsForPerson(test.db, own("Solveig"));
    expect(await statusOf(getApplicationForPerson(test.db, { ...own("Ingrid"), applicationId: solveigs.application.id }))).toBe(404);
    expect(await statusOf(getApplicationForPerson(test.db, { ...own("Ingrid"), applicationId: randomUUID() }))).toBe(404);
  });

  it("answers 404 when the actor asks about someone else, even naming the right owner", async () => {
    const [solveigs] = await listApplicationsForPerson(test.db, own("Solveig"));
    expect(
      await statusOf(
        getApplicationForPerson(test.db, { actorPersonId: ids.Ingrid, subjectPersonId: ids.Solveig, applicationId: solveigs.application.id }),
      ),
    ).toBe(404);
    expect(() => assertCanRead(ids.Ingrid, ids.Solveig)).toThrow(Response);
    expect(() => assertCanRead(ids.Ingrid, ids.Ingrid)).not.toThrow();
  });

  it("answers 404 for ids that are not uuids, before asking the database", async () => {
    for (const bad of ["1", "abc", "../../etc", "' or 1=1 --", `${randomUUID()}x`, ""]) {
      expect(await statusOf(getApplicationForPerson(test.db, { ...own("Solveig"), applicationId: bad }))).toBe(404);
    }
  });

  it("answers 404 for an application of another municipality", async () => {
    const [solveigs] = await listApplicationsForPerson(test.db, own("Solveig"));
    expect(
      await statusOf(
        getApplicationForPerson(test.db, { ...own("Solveig"), municipalityId: randomUUID(), applicationId: solveigs.application.id }),
      ),
    ).toBe(404);
  });
});

describe("the demo applications", () => {
  it("have the stages the demo promises", async () => {
    const now = new Date();
    const stageOf = async (name: string, reference: string) => {
      const list = await listApplicationsForPerson(test.db, own(name));
      const item = list.find((a) => a.application.reference === reference)!;
      return deriveStatus(item.events, now);
    };
    const solveig = await stageOf("Solveig", "SOK-2026-000101");
    expect(solveig.stage).toBe("decided");
    expect(solveig.outcomes.map((o) => o.outcome)).toEqual(["partly_granted"]);
    expect(solveig.decision?.reasoning).not.toBe("");
    expect(solveig.decision?.criteria.length).toBeGreaterThan(0);
    expect(solveig.deadlines.appealOpen).toBe(true);

    const ingrid = await stageOf("Ingrid", "SOK-2026-000102");
    expect(ingrid.stage).toBe("waiting_for_you");
    expect(ingrid.deadlines.preliminaryReplyDue?.overdue).toBe(true);
    expect(ingrid.openDocumentationRequest?.overdue).toBe(false);

    const randi = await stageOf("Randi", "SOK-2026-000103");
    expect(randi.stage).toBe("service_active");
    expect(randi.outcomes.map((o) => o.outcome)).toEqual(["granted"]);
    expect(randi.deadlines.appealOpen).toBe(false);
  });

  it("are seeded once, however often the seed runs", async () => {
    const count = async () => ({
      applications: (await test.db.select({ id: applications.id }).from(applications)).length,
      events: (await test.db.select({ id: applicationEvents.id }).from(applicationEvents)).length,
      audit: (await test.db.select({ id: auditEntries.id }).from(auditEntries)).length,
      persons: (await test.db.select({ id: persons.id }).from(persons)).length,
    });
    const before = await count();
    await seedDemoApplications(test.db, test.municipalityId);
    await seedDemoApplications(test.db, test.municipalityId);
    expect(await count()).toEqual(before);
  });
});

describe("the innsynslogg", () => {
  it("shows only entries about the resident, newest first, with who and what", async () => {
    const solveig = await listAccessLogForPerson(test.db, { actorPersonId: ids.Solveig, subjectPersonId: ids.Solveig });
    expect(solveig.total).toBe(3);
    expect(solveig.entries.map((e) => e.action)).toContain("application.decided");
    const times = solveig.entries.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(solveig.entries.find((e) => e.actorKind === "system")?.actorName).toBe("Gerica");
    expect(solveig.entries.find((e) => e.actorKind === "employee")).toMatchObject({ actorName: "Kari Nordmann", actorUnit: "Tildelingskontoret" });

    const ingrid = await listAccessLogForPerson(test.db, { actorPersonId: ids.Ingrid, subjectPersonId: ids.Ingrid });
    expect(ingrid.total).toBe(1);
    expect(ingrid.entries[0].actorName).toBe("Sigrid Bergsland");

    const randi = await listAccessLogForPerson(test.db, { actorPersonId: ids.Randi, subjectPersonId: ids.Randi });
    expect(randi.total).toBe(0);
  });

  it("refuses to show someone else's log, with a 404", async () => {
    expect(await statusOf(listAccessLogForPerson(test.db, { actorPersonId: ids.Ingrid, subjectPersonId: ids.Solveig }))).toBe(404);
  });

  it("pages 50 at a time", async () => {
    const base = Date.now() - 60 * 60 * 1000;
    await test.db.insert(auditEntries).values(
      Array.from({ length: 55 }, (_, i) => ({
        municipalityId: test.municipalityId,
        actorKind: "employee" as const,
        actorName: `Ansatt ${i}`,
        actorUnit: "Hjemmetjenesten",
        subjectPersonId: ids.Randi,
        action: "application.viewed",
        objectType: "application",
        at: new Date(base + i * 1000),
      })),
    );
    const first = await listAccessLogForPerson(test.db, { actorPersonId: ids.Randi, subjectPersonId: ids.Randi, page: 1 });
    expect(accessLogPageSize).toBe(50);
    expect(first).toMatchObject({ total: 55, page: 1, pageCount: 2 });
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0].actorName).toBe("Ansatt 54");
    const second = await listAccessLogForPerson(test.db, { actorPersonId: ids.Randi, subjectPersonId: ids.Randi, page: 2 });
    expect(second.entries.map((e) => e.actorName)).toEqual(["Ansatt 4", "Ansatt 3", "Ansatt 2", "Ansatt 1", "Ansatt 0"]);
    // Nobody else's log grew.
    expect((await listAccessLogForPerson(test.db, { actorPersonId: ids.Ingrid, subjectPersonId: ids.Ingrid })).total).toBe(1);
  });
});

describe("the demo's dates", () => {
  // Last in the file: it seeds the demo again, in a municipality of its own, for the same people.
  it("are whole days back from today's date in Norway, also seeded late in the evening with summer time in between", async () => {
    // 23:30 in Norway on 27 November: 42 days of 24 hours back is 00:30 on 17 October (summer
    // time), one day later than 16 October. The demo must say 16 October, as the pages count.
    const [other] = await test.db
      .insert(municipalities)
      .values({ ...demoMunicipality, slug: "kveldsvik", name: "Kveldsvik kommune", organisationNumber: "999999998" })
      .returning({ id: municipalities.id });
    await seedDemoApplications(test.db, other.id, new Date("2026-11-27T22:30:00Z"));
    const [randi] = await test.db
      .select({ id: applications.id, createdAt: applications.createdAt })
      .from(applications)
      .where(and(eq(applications.municipalityId, other.id), eq(applications.personId, ids.Randi)));
    const events = await test.db
      .select({ type: applicationEvents.type, occurredAt: applicationEvents.occurredAt, payload: applicationEvents.payload })
      .from(applicationEvents)
      .where(eq(applicationEvents.applicationId, randi.id));
    const on = (type: string) => events.find((e) => e.type === type)!;
    expect(on("decided").occurredAt.toISOString().slice(0, 10)).toBe("2026-10-16");
    expect(on("service_started").payload).toMatchObject({ startDate: "2026-10-23" });
    expect(on("preliminary_reply").payload).toMatchObject({ expectedDecisionBy: "2026-10-18" });
    expect(randi.createdAt).toEqual(on("received").occurredAt);
    const status = deriveStatus(events, new Date("2026-11-27T22:30:00Z"), { submittedAt: randi.createdAt });
    expect(status.deadlines.appealDeadline).toMatchObject({ decidedOn: "2026-10-16", date: "2026-11-13" });
  });
});
