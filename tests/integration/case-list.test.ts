// The caseworkers' list read from the projection (application_details) and who has a case
// (assignment.ts), against in-memory PGlite or PostgreSQL (DATABASE_URL), seeded with the demo.
//
// The list's "overdue" filter is SQL (`due_at <= now`); the case page's is the fold over the
// events (isOverdue(deriveStatus(...))). The first tests prove they agree — on the seeded cases
// and on generated ones whose deadlines fall around midnight in Norway and on the days summer time
// starts and ends — at instants a millisecond either side of each deadline.
import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignCase, caseAssignment } from "~/.server/applications/assignment";
import { casePageSize, isOverdue, listCases, parseCaseFilters, type CaseFilters, type CaseworkActor } from "~/.server/applications/casework";
import { refreshApplicationProjection } from "~/.server/applications/projection";
import { endOfOsloDay } from "~/utils/dates";
import { deriveStatus, stages } from "~/.server/applications/status";
import { listAccessLogForPerson } from "~/.server/audit/access-log";
import { createSession } from "~/.server/auth/session";
import * as caseRoute from "~/routes/saksbehandler.saker.$id";
import {
  applicationDetails,
  applicationEvents,
  applications,
  auditEntries,
  employees,
  municipalities,
  
  type ApplicationEventType,
} from "../../db/schema";
import { demoMunicipality } from "../../db/seed/municipality";
import { openPortalForTests } from "../support/database";
import { personIdOf } from "../support/domain";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
let kari: CaseworkActor;
let per: CaseworkActor;
let generated: CaseworkActor; // a caseworker of the municipality with the generated cases
let neighbour: CaseworkActor;
let neighbourCaseId: string;
let editorId: string;
const origin = "http://localhost:3000";

async function addEmployee(municipalityId: string, name: string, subject: string, roles: ("caseworker" | "editor")[] = ["caseworker"]) {
  const [row] = await test.db.insert(employees).values({ municipalityId, issuer: "test", subject, name, unit: "Tildelingskontoret", roles }).returning();
  return { id: row.id, municipalityId, name: row.name, unit: row.unit } satisfies CaseworkActor;
}

async function newMunicipality(slug: string, organisationNumber: string) {
  const [row] = await test.db
    .insert(municipalities)
    .values({ ...demoMunicipality, slug, name: `${slug} kommune`, organisationNumber })
    .returning({ id: municipalities.id });
  return row.id;
}

let counter = 0;
/** An application made at `createdAt` with the given events, its projection written as recordEvent would. */
async function newCase(
  municipalityId: string,
  createdAt: Date,
  events: { type: ApplicationEventType; at: Date; payload?: Record<string, unknown> }[],
  serviceSlugs = ["praktisk-bistand"],
) {
  const [application] = await test.db
    .insert(applications)
    .values({
      municipalityId,
      personId: await personIdOf(test.db, "Solveig"),
      reference: `SOK-LIST-${String(++counter).padStart(5, "0")}`,
      serviceSlugs,
      channel: "paper",
      createdAt,
      updatedAt: createdAt,
    })
    .returning();
  for (const [i, e] of events.entries())
    await test.db.insert(applicationEvents).values({
      applicationId: application.id,
      municipalityId,
      type: e.type,
      payload: e.payload ?? {},
      source: "fagsystem",
      idempotencyKey: `list-${application.id}-${i}`,
      bodyHash: "x",
      occurredAt: e.at,
    });
  await refreshApplicationProjection(test.db, application.id);
  return application;
}

/** Every id the list gives for these filters, over all its pages. */
async function listedIds(actor: CaseworkActor, filters: CaseFilters, now: Date) {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const list = await listCases(test.db, actor, { ...filters, page }, now);
    if (list.page !== page) break;
    ids.push(...list.rows.map((r) => r.id));
    if (page >= list.pageCount) break;
  }
  return ids.sort();
}

/** The ids isOverdue(deriveStatus(...)) calls overdue at `now`, from the events themselves. */
async function derivedOverdueIds(municipalityId: string, now: Date) {
  const rows = await test.db
    .select({ id: applications.id, createdAt: applications.createdAt })
    .from(applications)
    .where(eq(applications.municipalityId, municipalityId));
  const ids: string[] = [];
  for (const row of rows) {
    const events = await test.db
      .select({ type: applicationEvents.type, payload: applicationEvents.payload, occurredAt: applicationEvents.occurredAt })
      .from(applicationEvents)
      .where(eq(applicationEvents.applicationId, row.id))
      .orderBy(asc(applicationEvents.occurredAt), asc(applicationEvents.recordedAt), asc(applicationEvents.id));
    if (isOverdue(deriveStatus(events, now, { submittedAt: row.createdAt }))) ids.push(row.id);
  }
  return ids.sort();
}

const hour = 3_600_000;
const ms = (iso: string) => new Date(iso);

// Deadlines that end around the changes of summer time in 2026 (29 March, 25 October) and an
// ordinary winter and summer night.
const dueDates = ["2026-01-15", "2026-03-28", "2026-03-29", "2026-03-30", "2026-06-30", "2026-10-24", "2026-10-25", "2026-10-26", "2026-12-31"];

let generatedMunicipalityId: string;

beforeAll(async () => {
  test = await openPortalForTests("case-list");
  kari = await addEmployee(test.municipalityId, "Kari Nordmann", "list-kari");
  per = await addEmployee(test.municipalityId, "Per Hansen", "list-per");
  editorId = (await addEmployee(test.municipalityId, "Eva Redaktør", "list-eva", ["editor"])).id;

  const other = await newMunicipality("nabovik", "999999998");
  neighbour = await addEmployee(other, "Nils Nabo", "list-nils");
  neighbourCaseId = (await newCase(other, new Date(), [{ type: "received", at: new Date() }])).id;

  // Generated cases: received (or only submitted) just before and after midnight in Norway, one
  // month before each due date, so the preliminary reply (fvl § 11 a) falls due on it; documentation
  // requested with each due date; and cases where a reply, a received document or a decision ends
  // the deadline.
  generatedMunicipalityId = await newMunicipality("testvik", "999999997");
  generated = await addEmployee(generatedMunicipalityId, "Gro Generert", "list-gro");
  for (const due of dueDates) {
    const end = endOfOsloDay(due).getTime();
    // One month earlier, around midnight: the preliminary reply is due on `due` or the day before.
    const [y, m, d] = due.split("-").map(Number);
    const monthBefore = Date.UTC(y, m - 2, d) - 1 * hour; // 23:00 or 00:00–01:00 in Norway
    for (const offset of [-hour, -1, 0, 1, hour]) {
      const at = new Date(monthBefore + offset);
      await newCase(generatedMunicipalityId, at, [{ type: "received", at }]);
      await newCase(generatedMunicipalityId, at, []); // submitted in the portal, not yet received
    }
    const requestedAt = new Date(end - 20 * 24 * hour);
    await newCase(generatedMunicipalityId, requestedAt, [
      { type: "received", at: requestedAt },
      { type: "preliminary_reply", at: requestedAt, payload: { expectedDecisionBy: due } },
      { type: "documentation_requested", at: new Date(requestedAt.getTime() + 1), payload: { description: "Legeerklæring", dueDate: due } },
    ]);
    // The due date given as an instant: its date in Norway counts.
    await newCase(generatedMunicipalityId, requestedAt, [
      { type: "received", at: requestedAt },
      { type: "preliminary_reply", at: requestedAt },
      { type: "documentation_requested", at: new Date(requestedAt.getTime() + 1), payload: { dueDate: new Date(end - 1).toISOString() } },
    ]);
    await newCase(generatedMunicipalityId, requestedAt, [
      { type: "received", at: requestedAt },
      { type: "documentation_requested", at: requestedAt, payload: { dueDate: due } },
      { type: "documentation_received", at: new Date(requestedAt.getTime() + hour) },
    ]);
    await newCase(generatedMunicipalityId, requestedAt, [
      { type: "received", at: requestedAt },
      { type: "decided", at: new Date(requestedAt.getTime() + hour), payload: { outcomes: [{ service: "praktisk-bistand", outcome: "granted" }] } },
    ]);
  }
});
afterAll(async () => {
  await test?.cleanup();
});

describe("overdue in SQL is overdue as the case page derives it", () => {
  it("on the seeded demo cases, now and in the coming weeks", async () => {
    for (const days of [0, 3, 10, 20, 40, 70]) {
      const now = new Date(Date.now() + days * 24 * hour);
      const derived = await derivedOverdueIds(test.municipalityId, now);
      expect(await listedIds(kari, { overdue: true }, now), `in ${days} days`).toEqual(derived);
    }
    expect((await derivedOverdueIds(test.municipalityId, new Date())).length).toBeGreaterThan(0);
  });

  it("a millisecond either side of midnight in Norway, also when summer time starts and ends", async () => {
    let overdueSomewhere = 0;
    for (const due of dueDates) {
      const end = endOfOsloDay(due).getTime();
      for (const offset of [-hour, -1, 0, 1, hour]) {
        const now = new Date(end + offset);
        const derived = await derivedOverdueIds(generatedMunicipalityId, now);
        expect(await listedIds(generated, { overdue: true }, now), `${due} ${offset} ms`).toEqual(derived);
        overdueSomewhere += derived.length;
      }
    }
    // The comparison meant something: cases turned overdue at these instants.
    expect(overdueSomewhere).toBeGreaterThan(0);
    // Midnight in Norway is 23:00 UTC in winter and 22:00 UTC in summer.
    expect(endOfOsloDay("2026-03-28").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(endOfOsloDay("2026-03-29").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(endOfOsloDay("2026-10-24").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(endOfOsloDay("2026-10-25").toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("turns a case overdue at the first instant of the day after its deadline", async () => {
    const end = endOfOsloDay("2026-03-29");
    const [application] = await test.db
      .select({ id: applications.id })
      .from(applications)
      .innerJoin(applicationDetails, eq(applicationDetails.applicationId, applications.id))
      .where(and(eq(applications.municipalityId, generatedMunicipalityId), eq(applicationDetails.dueAt, end)))
      .limit(1);
    expect(application).toBeDefined();
    expect(await listedIds(generated, { overdue: true }, new Date(end.getTime() - 1))).not.toContain(application.id);
    expect(await listedIds(generated, { overdue: true }, end)).toContain(application.id);
  });
});

describe("the list from the projection", () => {
  it("filters stage, service and overdue together, and counts what it filters", async () => {
    const now = new Date();
    const list = await listCases(test.db, kari, { stage: "received", service: "praktisk-bistand", overdue: true }, now);
    for (const r of list.rows) {
      expect(r.stage).toBe("received");
      expect(r.serviceSlugs).toContain("praktisk-bistand");
      expect(r.deadline?.overdue).toBe(true);
    }
    expect(list.total).toBe(list.rows.length);
  });

  it("counts every match, also on a page past the end (an old link shows the last page) and when nothing matches", async () => {
    const all = await listCases(test.db, kari, {});
    const [{ n }] = await test.db.select({ n: count() }).from(applicationDetails).where(eq(applicationDetails.municipalityId, test.municipalityId));
    expect(all.total).toBe(n);
    const past = await listCases(test.db, kari, { page: 99 });
    expect({ page: past.page, total: past.total }).toEqual({ page: all.pageCount, total: n });
    expect(past.rows.length).toBeGreaterThan(0);
    expect(await listCases(test.db, kari, { q: "ingen-har-denne-referansen" })).toMatchObject({ rows: [], total: 0, page: 1, pageCount: 1 });
  });

  it("past the count limit says 'more than', and the pages go on as long as they are full", async () => {
    const all = await listCases(test.db, generated, {});
    expect(all.more).toBe(false);
    const limit = 2 * casePageSize; // the limit in this test; 1 000 in the portal
    expect(all.total).toBeGreaterThan(limit + 2 * casePageSize);

    const first = await listCases(test.db, generated, {}, new Date(), limit);
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: limit, more: true });
    expect(first.rows.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    // Past the limit: the next page is there while this one is full.
    const third = await listCases(test.db, generated, { page: 3 }, new Date(), limit);
    expect(third).toMatchObject({ page: 3, pageCount: 4, total: limit, more: true });
    expect(third.rows).toHaveLength(casePageSize);
    // The last page has no next page; past the end, everything is counted to find the last page.
    const lastPage = all.pageCount;
    expect(await listCases(test.db, generated, { page: lastPage }, new Date(), limit)).toMatchObject({ page: lastPage, pageCount: lastPage, more: true });
    expect(await listCases(test.db, generated, { page: lastPage + 5 }, new Date(), limit)).toMatchObject({
      page: lastPage,
      pageCount: lastPage,
      total: all.total,
      more: false,
    });
    // At the limit exactly: not "more".
    expect(await listCases(test.db, generated, {}, new Date(), all.total)).toMatchObject({ total: all.total, more: false, pageCount: all.pageCount });
  });

  it("orders by the earliest deadline when asked, cases without one last", async () => {
    const sorted = await listCases(test.db, generated, { sort: "frist" }, ms("2026-01-01T12:00:00Z"));
    const dues = await test.db
      .select({ id: applicationDetails.applicationId, dueAt: applicationDetails.dueAt })
      .from(applicationDetails)
      .where(eq(applicationDetails.municipalityId, generatedMunicipalityId));
    const dueOf = new Map(dues.map((d) => [d.id, d.dueAt?.getTime() ?? Infinity]));
    const order = sorted.rows.map((r) => dueOf.get(r.id)!);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("reads the filters from the address, ignoring what it does not know", () => {
    const f = parseCaseFilters(new URLSearchParams("tildelt=meg&sorter=frist&status=decided&forsinket=1&side=2"));
    expect(f).toMatchObject({ assigned: "meg", sort: "frist", stage: "decided", overdue: true, page: 2 });
    const g = parseCaseFilters(new URLSearchParams("tildelt=alle&sorter=navn&status=x"));
    expect(g.assigned).toBeUndefined();
    expect(g.sort).toBeUndefined();
    expect(g.stage).toBeUndefined();
  });

  it("searches by part of the reference or of the applicant's name, in any case, with % taken literally", async () => {
    const now = new Date();
    const solveigs = await test.db
      .select({ id: applications.id, reference: applications.reference })
      .from(applications)
      .where(and(eq(applications.municipalityId, test.municipalityId), eq(applications.personId, await personIdOf(test.db, "Solveig"))));
    const all = await listedIds(kari, {}, now);
    const theirs = solveigs.map((a) => a.id).sort();
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.length).toBeLessThan(all.length);

    expect(await listedIds(kari, { q: "solveig FJELL" }, now)).toEqual(theirs);
    expect(await listedIds(kari, { q: "Fjellstad" }, now)).toEqual(theirs);
    expect(await listedIds(kari, { q: solveigs[0].reference.slice(4).toLowerCase() }, now)).toEqual([solveigs[0].id]);
    // The count and the pages agree with what is listed, together with another filter.
    const received = await listCases(test.db, kari, { q: "Fjellstad", stage: "received" }, now);
    expect(received.total).toBe((await listedIds(kari, { q: "Fjellstad", stage: "received" }, now)).length);
    expect(await listedIds(kari, { q: "100%" }, now)).toEqual([]);
    expect(await listedIds(kari, { q: "_" }, now)).toEqual([]);
    expect(await listedIds(kari, { q: "SOK" }, now)).toEqual(all);
  });

  it("a search that matches every case pages and orders as the whole list does", async () => {
    // The search takes its page from its own matches (casework.ts), not by walking the list.
    const now = ms("2026-01-01T12:00:00Z");
    const limit = 2 * casePageSize;
    for (const sort of [undefined, "frist" as const])
      for (const page of [1, 2, 3]) {
        const plain = await listCases(test.db, generated, { sort, page }, now, limit);
        const searched = await listCases(test.db, generated, { sort, page, q: "sok" }, now, limit);
        expect(searched.rows.length).toBe(casePageSize);
        expect(searched.rows).toEqual(plain.rows);
        expect({ ...searched, rows: [] }).toEqual({ ...plain, rows: [] });
      }
  });

  it("counts a service's cases exactly, only the municipality's own", async () => {
    // A service alone is counted from the applications (casework.ts); with another filter, from
    // the projection. Both must give the number of the municipality's cases with that service.
    const service = "praktisk-bistand";
    const [{ n }] = await test.db
      .select({ n: count() })
      .from(applications)
      .where(and(eq(applications.municipalityId, test.municipalityId), sql`${applications.serviceSlugs} @> array[${service}]::text[]`));
    expect(n).toBeGreaterThan(0);
    const alone = await listCases(test.db, kari, { service });
    expect(alone.total).toBe(n);
    for (const r of alone.rows) expect(r.serviceSlugs).toContain(service);
    const perStage = await Promise.all(
      stages.map(async (stage) => (await listCases(test.db, kari, { service, stage })).total),
    );
    expect(perStage.reduce((a, b) => a + b, 0)).toBe(n);
    expect((await listedIds(kari, { service }, new Date())).length).toBe(Math.min(n, casePageSize));
    expect(await listedIds(neighbour, { service }, new Date())).toEqual([neighbourCaseId]);
  });

  it("filters by a service that is no longer in the catalogue, and finds nothing for one that never was", async () => {
    // A service of the catalogue is written into the SQL; any other slug is a value (casework.ts).
    const { id: old } = await newCase(test.municipalityId, new Date(), [], ["nedlagt-tjeneste"]);
    expect(await listedIds(kari, { service: "nedlagt-tjeneste" }, new Date())).toEqual([old]);
    expect((await listCases(test.db, kari, { service: "nedlagt-tjeneste", stage: "received" })).total).toBe(1);
    expect(await listedIds(kari, { service: "finnes-ikke" }, new Date())).toEqual([]);
    expect(await listedIds(kari, { service: "praktisk-bistand" }, new Date())).not.toContain(old);
  });

  it("never lists another municipality's cases, whatever the filters", async () => {
    for (const filters of [{}, { assigned: "ingen" as const }, { q: "SOK-LIST" }, { overdue: true }])
      expect(await listedIds(kari, filters, new Date())).not.toContain(neighbourCaseId);
    // The SQL of a combination of filters is kept and reused (listCases); whose list it is is not.
    expect(await listedIds(neighbour, {}, new Date())).toEqual([neighbourCaseId]);
    expect(await listedIds(neighbour, { assigned: "ingen" }, new Date())).toEqual([neighbourCaseId]);
  });
});

describe("who has the case", () => {
  it("a caseworker takes a case, gives it to a colleague and lets it go; the list shows it", async () => {
    const [first] = (await listCases(test.db, kari, { assigned: "ingen" })).rows;
    expect(first.assignee).toBeUndefined();
    const eventsBefore = await test.db.select({ n: count() }).from(applicationEvents).where(eq(applicationEvents.applicationId, first.id));
    const [before] = await test.db.select({ updatedAt: applications.updatedAt }).from(applications).where(eq(applications.id, first.id));

    expect(await assignCase(test.db, kari, first.id, kari.id)).toEqual({ status: "assigned" });
    const mine = await listCases(test.db, kari, { assigned: "meg" });
    expect(mine.rows.map((r) => r.id)).toEqual([first.id]);
    expect(mine.rows[0].assignee).toEqual({ id: kari.id, name: "Kari Nordmann" });
    expect((await listCases(test.db, kari, { assigned: "ingen" })).rows.map((r) => r.id)).not.toContain(first.id);
    expect((await caseAssignment(test.db, kari, first.id)).assignee?.name).toBe("Kari Nordmann");
    // Taking it twice changes nothing and logs nothing more.
    expect(await assignCase(test.db, kari, first.id, kari.id)).toEqual({ status: "unchanged" });

    expect(await assignCase(test.db, kari, first.id, per.id)).toEqual({ status: "assigned" });
    expect((await listCases(test.db, kari, { assigned: "meg" })).total).toBe(0);
    expect((await listCases(test.db, per, { assigned: "meg" })).rows.map((r) => r.id)).toEqual([first.id]);

    expect(await assignCase(test.db, per, first.id, null)).toEqual({ status: "assigned" });
    expect((await listCases(test.db, kari, { assigned: "ingen" })).rows.map((r) => r.id)).toContain(first.id);

    // Work distribution, not a step in the case: no event, and the resident's case did not change.
    const eventsAfter = await test.db.select({ n: count() }).from(applicationEvents).where(eq(applicationEvents.applicationId, first.id));
    expect(eventsAfter).toEqual(eventsBefore);
    const [after] = await test.db.select({ updatedAt: applications.updatedAt }).from(applications).where(eq(applications.id, first.id));
    expect(after.updatedAt).toEqual(before.updatedAt);

    // The resident's innsynslogg says who changed their application, three times.
    const [{ personId }] = await test.db.select({ personId: applications.personId }).from(applications).where(eq(applications.id, first.id));
    const log = await listAccessLogForPerson(test.db, { actorPersonId: personId, subjectPersonId: personId });
    const updates = log.entries.filter((e) => e.action === "application.updated" && e.actorKind === "employee");
    expect(updates.slice(0, 3).map((e) => e.actorName)).toEqual(["Per Hansen", "Kari Nordmann", "Kari Nordmann"]);
  });

  it("refuses an assignee who is not a caseworker of the municipality, and another municipality's case", async () => {
    const [row] = (await listCases(test.db, kari, {})).rows;
    const [{ n: before }] = await test.db.select({ n: count() }).from(auditEntries);
    expect(await assignCase(test.db, kari, row.id, neighbour.id)).toEqual({ status: "invalid_assignee" });
    expect(await assignCase(test.db, kari, row.id, editorId)).toEqual({ status: "invalid_assignee" });
    expect(await assignCase(test.db, kari, row.id, "ikke-en-id")).toEqual({ status: "invalid_assignee" });
    const status = (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof Response ? e.status : Promise.reject(e)));
    expect(await status(assignCase(test.db, kari, neighbourCaseId, kari.id))).toBe(404);
    expect(await status(assignCase(test.db, neighbour, row.id, neighbour.id))).toBe(404);
    expect(await status(caseAssignment(test.db, kari, neighbourCaseId))).toBe(404);
    const [{ n: after }] = await test.db.select({ n: count() }).from(auditEntries);
    expect(after).toBe(before);
    const [details] = await test.db.select().from(applicationDetails).where(eq(applicationDetails.applicationId, neighbourCaseId));
    expect(details.assignedEmployeeId).toBeNull();
  });

  it("the case page's form assigns with a CSRF token and refuses without one", async () => {
    const [row] = (await listCases(test.db, kari, { assigned: "ingen" })).rows;
    const cookie = (await createSession(test.db, new Request(origin), { kind: "employee", employeeId: kari.id })).split(";")[0];
    const page = await caseRoute.loader({
      request: new Request(`${origin}/saksbehandler/saker/${row.id}`, { headers: { Cookie: cookie } }),
      params: { id: row.id },
      context: {},
    });
    const csrf = page.csrfToken;
    expect(page.assignment.assignee).toBeNull();
    expect(page.assignment.colleagues.map((c) => c.name)).toEqual(["Kari Nordmann", "Per Hansen"]);
    const post = (fields: Record<string, string>) =>
      caseRoute
        .action({
          request: new Request(`${origin}/saksbehandler/saker/${row.id}`, {
            method: "POST",
            headers: { Cookie: cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(fields),
          }),
          params: { id: row.id },
          context: {},
        })
        .catch((e: unknown) => e as Response);
    expect(((await post({ intent: "assign", assignee: per.id })) as Response).status).toBe(403);
    const done = (await post({ csrf, intent: "assign", assignee: per.id })) as Response;
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/saksbehandler/saker/${row.id}?lagret=tildeling`);
    expect((await caseAssignment(test.db, kari, row.id)).assignee?.name).toBe("Per Hansen");
    expect(((await post({ csrf, intent: "assign", assignee: neighbour.id })) as Response).status).toBe(400);
    expect(((await post({ csrf, intent: "unassign" })) as Response).status).toBe(303);
    expect((await caseAssignment(test.db, kari, row.id)).assignee).toBeNull();
  });
});
