// Secure messages against a real database (in-memory PGlite, or PostgreSQL with DATABASE_URL),
// seeded with the demo: the resident's routes called with real Requests and sessions, the
// caseworker's domain functions with employees of this and of another municipality. Every access
// rule is tried from the wrong side; internal notes never reach the resident; states, read
// receipts, audit entries, throttled notifications, double clicks and a database fault.
import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAccessLogForPerson } from "~/.server/audit/access-log";
import { upsertResident } from "~/.server/auth/people";
import { useDatabaseForTests } from "~/.server/db";
import { getDocumentForEmployee, getDocumentForPerson, listDocumentsForPerson } from "~/.server/documents/store";
import type { EmployeeActor } from "~/.server/messages/common";
import { assignThread, listInbox, moveThread, openThreadForEmployee, replyAsEmployee, setThreadState } from "~/.server/messages/inbox";
import { listThreadsForPerson, openThreadForPerson, unreadThreadCount } from "~/.server/messages/resident";
import { archiveTemplate, getTemplate, listTemplates, saveTemplate } from "~/.server/messages/templates";
import { lookupHash } from "~/.server/secrets";
import * as documentRoute from "~/routes/min-side_.dokumenter.$id";
import * as threadRoute from "~/routes/min-side_.meldinger.$id";
import * as listRoute from "~/routes/min-side_.meldinger._index";
import * as newRoute from "~/routes/min-side_.meldinger.ny";
import { addWorkingDays } from "~/utils/working-days";
import {
  auditEntries,
  documents,
  employees,
  messages,
  messageThreads,
  municipalities,
  notifications,
  persons,
  replyTemplates,
  units,
} from "../../db/schema";
import { demoMunicipality } from "../../db/seed/municipality";
import { syntheticPersons } from "../../db/seed/persons";
import { openPortalForTests } from "../support/database";
import { residentSession, run } from "../support/domain";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
const origin = "http://localhost:3000";

type Resident = { personId: string; cookie: string; csrf: string; name: string };
const residents: Record<string, Resident> = {};
let kari: EmployeeActor;
let nora: EmployeeActor;
let neighbour: EmployeeActor;
let neighbourUnitId: string;
const unitIds: Record<string, string> = {};

const pdf = () => new Blob([Buffer.from("%PDF-1.4\n% legeerklæring\n%%EOF\n", "latin1")], { type: "application/pdf" });
const notPdf = () => new Blob([Buffer.from("MZ this is a program, not a document", "latin1")], { type: "application/pdf" });

async function personIdOf(givenName: string) {
  const pid = syntheticPersons.find((p) => p.givenName === givenName)!.pid;
  const [row] = await test.db.select({ id: persons.id }).from(persons).where(eq(persons.pidHash, lookupHash(pid)));
  return row?.id ?? (await upsertResident(test.db, pid));
}

async function loginAs(givenName: string): Promise<Resident> {
  const known = syntheticPersons.find((p) => p.givenName === givenName)!;
  return { ...(await residentSession(test.db, await personIdOf(givenName), origin)), name: `${known.givenName} ${known.familyName}` };
}

async function addEmployee(municipalityId: string, name: string, subject: string, unit: string): Promise<EmployeeActor> {
  const [row] = await test.db
    .insert(employees)
    .values({ municipalityId, issuer: "test", subject, name, unit, roles: ["caseworker"] })
    .returning();
  return { id: row.id, municipalityId, name: row.name, unit: row.unit };
}

async function statusOf(promise: Promise<unknown>) {
  return (await run(() => promise)).status;
}

type Fields = Record<string, string | Blob | [Blob, string] | undefined>;

function multipart(who: Resident, url: string, fields: Fields) {
  const body = new FormData();
  body.set("csrf", who.csrf);
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) body.append(name, value[0], value[1]);
    else body.append(name, value);
  }
  return new Request(`${origin}${url}`, { method: "POST", headers: { Cookie: who.cookie }, body });
}

const sendNew = (who: Resident, fields: Fields) => run(() => newRoute.action({ request: multipart(who, "/min-side/meldinger/ny", fields), params: {}, context: {} }));
const sendReply = (who: Resident, threadId: string, fields: Fields) =>
  run(() => threadRoute.action({ request: multipart(who, `/min-side/meldinger/${threadId}`, fields), params: { id: threadId }, context: {} }));
const openAsResident = (who: Resident, threadId: string) =>
  run(() =>
    threadRoute.loader({ request: new Request(`${origin}/min-side/meldinger/${threadId}`, { headers: { Cookie: who.cookie } }), params: { id: threadId }, context: {} }),
  );
const scopeOf = (who: Resident) => ({ actorPersonId: who.personId, subjectPersonId: who.personId, municipalityId: test.municipalityId });

const threadIdFrom = (location: string | null | undefined) => /\/min-side\/meldinger\/([0-9a-f-]{36})/.exec(location ?? "")![1];

async function threadRow(id: string) {
  const [row] = await test.db.select().from(messageThreads).where(eq(messageThreads.id, id));
  return row;
}

/** A new thread from the resident through the route, as the form sends it. */
async function newThread(who: Resident, extra: Fields = {}) {
  const outcome = await sendNew(who, { subject: "Spørsmål om hjelp", body: "Hei. Kan dere ringe meg?", clientKey: randomUUID(), ...extra });
  expect(outcome.status).toBe(303);
  return threadIdFrom(outcome.location);
}

beforeAll(async () => {
  test = await openPortalForTests("messages");
  for (const name of ["Solveig", "Ingrid", "Liv", "Håkon"]) residents[name] = await loginAs(name);
  for (const u of await test.db.select().from(units).where(eq(units.municipalityId, test.municipalityId))) unitIds[u.slug] = u.id;
  kari = await addEmployee(test.municipalityId, "Kari Nordmann", "ansatt-001", "Tildelingskontoret");
  nora = await addEmployee(test.municipalityId, "Nora Fjordheim", "ansatt-005", "Hjemmetjenesten");
  const [other] = await test.db
    .insert(municipalities)
    .values({ ...demoMunicipality, slug: "nabovik", name: "Nabovik kommune", organisationNumber: "999999999" })
    .returning({ id: municipalities.id });
  const [otherUnit] = await test.db
    .insert(units)
    .values({ municipalityId: other.id, slug: "tildelingskontoret", name: "Tildelingskontoret", displayName: { nb: "T", nn: "T", en: "T" } })
    .returning({ id: units.id });
  neighbourUnitId = otherUnit.id;
  neighbour = await addEmployee(other.id, "Nils Nabo", "nabo-001", "Tildelingskontoret");
});
afterAll(async () => {
  await test?.cleanup();
});

describe("demo data", () => {
  it("has the four units with their promises, three demo threads and templates per unit", async () => {
    expect(Object.keys(unitIds).sort()).toEqual(["frisklivssentralen", "hjemmetjenesten", "psykisk-helse-og-rus", "tildelingskontoret"]);
    const threads = await test.db.select().from(messageThreads).where(eq(messageThreads.municipalityId, test.municipalityId));
    expect(threads.map((t) => t.state).sort()).toEqual(["awaiting_municipality", "awaiting_resident", "closed"]);
    expect(threads.filter((t) => t.applicationId !== null)).toHaveLength(1);
    const templates = await test.db.select({ unitId: replyTemplates.unitId }).from(replyTemplates);
    expect(new Set(templates.map((t) => t.unitId)).size).toBe(4);
  });
});

describe("a resident writes", () => {
  it("starts a thread with an attachment, waiting for the unit's promise in working days", async () => {
    const before = new Date();
    const id = await newThread(residents.Liv, {
      subject: "Nytt tidspunkt for besøk",
      body: "Hei.\r\nKan dere komme på torsdager?",
      unit: unitIds.hjemmetjenesten,
      vedlegg: [pdf(), "timeplan.pdf"],
    });
    const thread = await threadRow(id);
    expect(thread.reference).toMatch(/^MLD-\d{4}-\d{6}$/);
    expect(thread.state).toBe("awaiting_municipality");
    expect(thread.unitId).toBe(unitIds.hjemmetjenesten);
    expect(thread.dueAt!.getTime()).toBe(addWorkingDays(thread.createdAt, 2).getTime());
    expect(thread.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const opened = await openThreadForPerson(test.db, scopeOf(residents.Liv), id);
    expect(opened.messages).toHaveLength(1);
    expect(opened.messages[0].body).toBe("Hei.\nKan dere komme på torsdager?");
    expect(opened.messages[0].attachments.map((a) => [a.filename, a.mime])).toEqual([["timeplan.pdf", "application/pdf"]]);
  });

  it("without choosing, goes to Tildelingskontoret; tied to their own application only", async () => {
    const [own] = await test.db.select().from(messageThreads).where(eq(messageThreads.personId, residents.Solveig.personId));
    const solveigApplication = own.applicationId!;
    const id = await newThread(residents.Solveig, { application: solveigApplication });
    const thread = await threadRow(id);
    expect(thread.unitId).toBe(unitIds.tildelingskontoret);
    expect(thread.applicationId).toBe(solveigApplication);
    // Ingrid naming Solveig's application: refused, her text kept, nothing stored.
    const refused = await sendNew(residents.Ingrid, { subject: "Hei", body: "Tekst", application: solveigApplication, clientKey: randomUUID() });
    expect(refused.status).toBe(400);
    expect(refused.data.errors.application.key).toBe("form.errors.application");
    expect(refused.data.values.body).toBe("Tekst");
  });

  it("sends once when the same form is sent twice (a double click)", async () => {
    const key = randomUUID();
    const first = await sendNew(residents.Håkon, { subject: "To klikk", body: "Bare én gang, takk.", clientKey: key });
    const second = await sendNew(residents.Håkon, { subject: "To klikk", body: "Bare én gang, takk.", clientKey: key });
    expect(first.status).toBe(303);
    expect(second.location).toBe(first.location);
    const id = threadIdFrom(first.location);
    const stored = await test.db.select().from(messages).where(eq(messages.threadId, id));
    expect(stored).toHaveLength(1);

    const replyKey = randomUUID();
    await sendReply(residents.Håkon, id, { body: "Et tillegg.", clientKey: replyKey });
    await sendReply(residents.Håkon, id, { body: "Et tillegg.", clientKey: replyKey });
    expect(await test.db.select().from(messages).where(eq(messages.threadId, id))).toHaveLength(2);
  });

  it("gets a clear error for an empty or oversized message, with the text kept", async () => {
    const empty = await sendNew(residents.Håkon, { subject: "Emne", body: "   ", clientKey: randomUUID() });
    expect(empty.status).toBe(400);
    expect(empty.data.errors.body.key).toBe("form.errors.bodyRequired");
    expect(empty.data.values.subject).toBe("Emne");

    const long = "a".repeat(5001);
    const oversized = await sendNew(residents.Håkon, { subject: "", body: long, clientKey: randomUUID() });
    expect(oversized.status).toBe(400);
    expect(oversized.data.errors.body).toEqual({ key: "form.errors.bodyTooLong", values: { max: 5000, count: 5001 } });
    expect(oversized.data.errors.subject.key).toBe("form.errors.subjectRequired");
    expect(oversized.data.values.body).toBe(long);

    const [thread] = await test.db.select({ id: messageThreads.id }).from(messageThreads).where(eq(messageThreads.personId, residents.Håkon.personId));
    const emptyReply = await sendReply(residents.Håkon, thread.id, { body: "", clientKey: randomUUID() });
    expect(emptyReply.status).toBe(400);
    expect(emptyReply.data.errors.body.key).toBe("form.errors.bodyRequired");
  });

  it("gets an error for an attachment that is not PDF, JPEG or PNG by content, with the text kept", async () => {
    const count = (await test.db.select().from(messageThreads)).length;
    const wrong = await sendNew(residents.Håkon, { subject: "Vedlegg", body: "Se vedlegget.", clientKey: randomUUID(), vedlegg: [notPdf(), "skjema.pdf"] });
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors.vedlegg.key).toBe("form.errors.file_wrong_type");
    expect(wrong.data.values.body).toBe("Se vedlegget.");
    expect(wrong.data.hadFiles).toBe(true);
    const big = new Blob([Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(10 * 1024 * 1024)])]);
    const tooLarge = await sendNew(residents.Håkon, { subject: "Vedlegg", body: "Stor fil.", clientKey: randomUUID(), vedlegg: [big, "stor.pdf"] });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.data.errors.vedlegg.key).toBe("form.errors.file_too_large");
    expect((await test.db.select().from(messageThreads)).length).toBe(count);
  });

  it("is told the message was not sent, with the text kept, when the database is briefly away", async () => {
    const count = (await test.db.select().from(messages)).length;
    const failing = {
      ...test,
      db: new Proxy(test.db, {
        get(target, property, receiver) {
          if (property === "transaction") return () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
          return Reflect.get(target, property, receiver);
        },
      }),
    };
    useDatabaseForTests(failing);
    try {
      const key = randomUUID();
      const outcome = await sendNew(residents.Håkon, { subject: "Viktig", body: "Denne teksten må ikke bli borte.", clientKey: key });
      expect(outcome.status).toBe(503);
      expect(outcome.data.notSent).toBe(true);
      expect(outcome.data.values).toMatchObject({ subject: "Viktig", body: "Denne teksten må ikke bli borte." });
      // The same key comes back, so trying again cannot send it twice.
      expect(outcome.data.clientKey).toBe(key);
      const [thread] = await test.db.select({ id: messageThreads.id }).from(messageThreads).where(eq(messageThreads.personId, residents.Håkon.personId));
      const reply = await sendReply(residents.Håkon, thread.id, { body: "Svar som ikke kom fram.", clientKey: randomUUID() });
      expect(reply.status).toBe(503);
      expect(reply.data).toMatchObject({ notSent: true, body: "Svar som ikke kom fram." });
    } finally {
      useDatabaseForTests(test);
    }
    expect((await test.db.select().from(messages)).length).toBe(count);
  });
});

describe("access", () => {
  it("another resident gets 404 for the thread, its reply form and its attachments", async () => {
    const id = await newThread(residents.Liv, { vedlegg: [pdf(), "brev.pdf"] });
    const [doc] = await test.db
      .select({ id: documents.id })
      .from(documents)
      .innerJoin(messages, eq(messages.id, documents.messageId))
      .where(eq(messages.threadId, id));
    expect((await openAsResident(residents.Ingrid, id)).status).toBe(404);
    expect((await sendReply(residents.Ingrid, id, { body: "Hei", clientKey: randomUUID() })).status).toBe(404);
    expect((await openAsResident(residents.Ingrid, "not-a-uuid")).status).toBe(404);
    const download = (who: Resident) =>
      run(() => documentRoute.loader({ request: new Request(`${origin}/min-side/dokumenter/${doc.id}`, { headers: { Cookie: who.cookie } }), params: { id: doc.id }, context: {} }));
    expect((await download(residents.Ingrid)).status).toBe(404);
    expect((await download(residents.Liv)).status).toBe(200);
    // Asking as Liv while being Ingrid is refused before any query.
    expect(await statusOf(openThreadForPerson(test.db, { ...scopeOf(residents.Ingrid), subjectPersonId: residents.Liv.personId }, id))).toBe(404);
    expect((await listThreadsForPerson(test.db, scopeOf(residents.Ingrid))).rows.map((r) => r.id)).not.toContain(id);
  });

  it("a caseworker of another municipality gets 404 for the thread, its attachments and every action", async () => {
    const id = await newThread(residents.Liv, { vedlegg: [pdf(), "brev.pdf"] });
    const [doc] = await test.db
      .select({ id: documents.id })
      .from(documents)
      .innerJoin(messages, eq(messages.id, documents.messageId))
      .where(eq(messages.threadId, id));
    expect(await statusOf(openThreadForEmployee(test.db, neighbour, id))).toBe(404);
    expect(await statusOf(getDocumentForEmployee(test.db, neighbour, doc.id))).toBe(404);
    expect(await statusOf(replyAsEmployee(test.db, neighbour, { threadId: id, body: "Hei", internal: false, clientKey: randomUUID(), files: [] }))).toBe(404);
    expect(await statusOf(assignThread(test.db, neighbour, id, neighbour.id))).toBe(404);
    expect(await statusOf(setThreadState(test.db, neighbour, id, "closed"))).toBe(404);
    expect(await statusOf(moveThread(test.db, neighbour, id, neighbourUnitId))).toBe(404);
    // Their own unit's inbox does not list it; our unit's inbox is not theirs to read.
    const theirs = await listInbox(test.db, neighbour, { unitId: neighbourUnitId, view: "all", state: "any", page: 1 });
    expect(theirs.rows.map((r) => r.id)).not.toContain(id);
    expect(await statusOf(listInbox(test.db, neighbour, { unitId: unitIds.tildelingskontoret, view: "all", state: "any", page: 1 }))).toBe(404);
    // Our caseworker may not assign it to them or move it into their unit.
    expect((await assignThread(test.db, kari, id, neighbour.id)).ok).toBe(false);
    // Nor to a colleague outside the thread's unit (the page offers only the unit's caseworkers),
    // though that colleague may take it themselves.
    expect((await assignThread(test.db, kari, id, nora.id)).ok).toBe(false);
    expect((await assignThread(test.db, nora, id, nora.id)).ok).toBe(true);
    expect((await assignThread(test.db, kari, id, null)).ok).toBe(true);
    expect((await moveThread(test.db, kari, id, neighbourUnitId)).ok).toBe(false);
    // Nothing about the failed attempts reached the resident's innsynslogg.
    const audit = await test.db.select().from(auditEntries).where(eq(auditEntries.actorId, neighbour.id));
    expect(audit).toHaveLength(0);
  });

  it("internal notes and their files never reach the resident's pages, downloads or notifications", async () => {
    const id = await newThread(residents.Solveig);
    await openThreadForEmployee(test.db, kari, id);
    const before = await test.db.select().from(notifications).where(eq(notifications.personId, residents.Solveig.personId));
    await replyAsEmployee(test.db, kari, {
      threadId: id,
      body: "INTERNT: ring fastlegen først.",
      internal: true,
      clientKey: randomUUID(),
      files: [{ filename: "notat.pdf", bytes: new Uint8Array(await pdf().arrayBuffer()), mime: "application/pdf" }],
    });
    const after = await test.db.select().from(notifications).where(eq(notifications.personId, residents.Solveig.personId));
    expect(after).toHaveLength(before.length);
    // The thread still waits for the municipality: a note is not an answer.
    expect((await threadRow(id)).state).toBe("awaiting_municipality");

    const page = await openAsResident(residents.Solveig, id);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).not.toContain("INTERNT");
    expect(JSON.stringify(page.data)).not.toContain("notat.pdf");
    const [noteDoc] = await test.db
      .select({ id: documents.id })
      .from(documents)
      .innerJoin(messages, eq(messages.id, documents.messageId))
      .where(and(eq(messages.threadId, id), eq(messages.internal, true)));
    expect(await statusOf(getDocumentForPerson(test.db, scopeOf(residents.Solveig), noteDoc.id))).toBe(404);
    const listed = await listDocumentsForPerson(test.db, scopeOf(residents.Solveig), {
      messageIds: (await test.db.select({ id: messages.id }).from(messages).where(eq(messages.threadId, id))).map((m) => m.id),
    });
    expect(listed.map((d) => d.id)).not.toContain(noteDoc.id);
    // The list shows no unread marker for a note.
    const list = await listThreadsForPerson(test.db, scopeOf(residents.Solveig));
    expect(list.rows.find((r) => r.id === id)!.unread).toBe(0);
    // The caseworker sees it, marked as internal.
    const employeeView = await openThreadForEmployee(test.db, kari, id);
    expect(employeeView.messages.find((m) => m.internal)?.body).toBe("INTERNT: ring fastlegen først.");
  });
});

describe("states, receipts, audit and notifications", () => {
  it("answer, wait, close; a resident's reply reopens; read receipts both ways", async () => {
    const id = await newThread(residents.Liv, { unit: unitIds.hjemmetjenesten });
    // The caseworker opens it: the resident's message is read by the municipality.
    await openThreadForEmployee(test.db, nora, id);
    const asResident = await openAsResident(residents.Liv, id);
    expect(asResident.data.messages[0].read).not.toBeNull();
    expect(asResident.data.thread.due).not.toBeNull();

    await replyAsEmployee(test.db, nora, { threadId: id, body: "Ja, det går fint.", internal: false, clientKey: randomUUID(), files: [] });
    let thread = await threadRow(id);
    expect(thread.state).toBe("awaiting_resident");
    expect(thread.dueAt).toBeNull();
    expect(thread.assignedEmployeeId).toBe(nora.id);
    expect(await unreadThreadCount(test.db, scopeOf(residents.Liv))).toBeGreaterThanOrEqual(1);
    // Not read until the resident opens it; then the caseworker sees when.
    let employeeView = await openThreadForEmployee(test.db, nora, id);
    expect(employeeView.messages.at(-1)!.readAt).toBeNull();
    const opened = await openAsResident(residents.Liv, id);
    expect(opened.data.thread.state).toBe("awaiting_resident");
    expect(opened.data.thread.due).toBeNull();
    employeeView = await openThreadForEmployee(test.db, nora, id);
    expect(employeeView.messages.at(-1)!.readAt).not.toBeNull();
    expect((await listThreadsForPerson(test.db, scopeOf(residents.Liv))).rows.find((r) => r.id === id)!.unread).toBe(0);

    await setThreadState(test.db, nora, id, "closed");
    expect((await threadRow(id)).state).toBe("closed");
    const before = new Date();
    await sendReply(residents.Liv, id, { body: "En ting til.", clientKey: randomUUID() });
    thread = await threadRow(id);
    expect(thread.state).toBe("awaiting_municipality");
    expect(thread.dueAt!.getTime()).toBeGreaterThan(before.getTime());
    const due = thread.dueAt!;
    // A follow-up while waiting keeps the date already promised.
    await sendReply(residents.Liv, id, { body: "Og en til.", clientKey: randomUUID() });
    expect((await threadRow(id)).dueAt!.getTime()).toBe(due.getTime());

    await setThreadState(test.db, nora, id, "awaiting_resident");
    expect((await threadRow(id)).state).toBe("awaiting_resident");
    await setThreadState(test.db, nora, id, "awaiting_municipality");
    expect((await threadRow(id)).dueAt).not.toBeNull();
  });

  it("every opening by an employee is in the resident's innsynslogg as message.viewed", async () => {
    const id = await newThread(residents.Ingrid);
    await openThreadForEmployee(test.db, kari, id);
    await openThreadForEmployee(test.db, kari, id);
    const entries = await test.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.objectId, id), eq(auditEntries.action, "message.viewed")));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actorId: kari.id, actorName: "Kari Nordmann", actorUnit: "Tildelingskontoret", subjectPersonId: residents.Ingrid.personId });
    const log = await listAccessLogForPerson(test.db, { actorPersonId: residents.Ingrid.personId, subjectPersonId: residents.Ingrid.personId });
    expect(log.entries.filter((e) => e.action === "message.viewed").length).toBeGreaterThanOrEqual(2);
    // The resident's own reading is not in their log.
    await openAsResident(residents.Ingrid, id);
    expect((await test.db.select().from(auditEntries).where(eq(auditEntries.objectId, id))).length).toBe(2);
  });

  it("an answer queues one content-free notification per thread per 30 minutes, in the answer's transaction", async () => {
    const id = await newThread(residents.Solveig, { subject: "Hemmelig emne", body: "Hemmelig tekst" });
    const ofThread = async () =>
      (await test.db.select().from(notifications).where(eq(notifications.personId, residents.Solveig.personId))).filter((n) =>
        n.idempotencyKey.includes(`thread:${id}`),
      );
    await replyAsEmployee(test.db, kari, { threadId: id, body: "Første svar.", internal: false, clientKey: randomUUID(), files: [] });
    const first = await ofThread();
    // Solveig has both e-mail and mobile: one row per channel.
    expect(first.map((n) => n.channel).sort()).toEqual(["email", "sms"]);
    for (const n of first) {
      expect(n.kind).toBe("message_reply");
      expect(n.status).toBe("pending");
      expect(JSON.stringify(n)).not.toMatch(/Hemmelig|Første svar/);
    }
    // A second answer within 30 minutes: no new notification.
    await replyAsEmployee(test.db, kari, { threadId: id, body: "Andre svar.", internal: false, clientKey: randomUUID(), files: [] });
    expect(await ofThread()).toHaveLength(2);
    // The same form twice stores one message.
    const key = randomUUID();
    await replyAsEmployee(test.db, kari, { threadId: id, body: "Tredje.", internal: false, clientKey: key, files: [] });
    await replyAsEmployee(test.db, kari, { threadId: id, body: "Tredje.", internal: false, clientKey: key, files: [] });
    expect((await test.db.select().from(messages).where(and(eq(messages.threadId, id), eq(messages.body, "Tredje.")))).length).toBe(1);
    // An hour later the window has passed.
    await test.db
      .update(notifications)
      .set({ createdAt: new Date(Date.now() - 60 * 60 * 1000) })
      .where(eq(notifications.personId, residents.Solveig.personId));
    await replyAsEmployee(test.db, kari, { threadId: id, body: "Fjerde.", internal: false, clientKey: randomUUID(), files: [] });
    expect(await ofThread()).toHaveLength(4);
    // The answer is in the innsynslogg as sent to them.
    const sent = await test.db.select().from(auditEntries).where(and(eq(auditEntries.subjectPersonId, residents.Solveig.personId), eq(auditEntries.action, "message.sent")));
    expect(sent.length).toBeGreaterThanOrEqual(3);
  });
});

describe("the inbox", () => {
  it("shows unassigned, mine and all, marks overdue by working days, and searches", async () => {
    const id = await newThread(residents.Ingrid, { subject: "Rullator til låns", unit: unitIds.hjemmetjenesten });
    const base = { unitId: unitIds.hjemmetjenesten, state: "open" as const, page: 1 };
    const ids = async (view: "unassigned" | "mine" | "all", extra: Partial<Parameters<typeof listInbox>[2]> = {}) =>
      (await listInbox(test.db, nora, { ...base, view, ...extra })).rows.map((r) => r.id);
    expect(await ids("unassigned")).toContain(id);
    expect(await ids("mine")).not.toContain(id);
    await assignThread(test.db, nora, id, nora.id);
    expect(await ids("unassigned")).not.toContain(id);
    expect(await ids("mine")).toContain(id);
    expect(await ids("all")).toContain(id);
    // Another unit's inbox does not have it.
    expect((await listInbox(test.db, kari, { ...base, unitId: unitIds.tildelingskontoret, view: "all" })).rows.map((r) => r.id)).not.toContain(id);

    // Past the promised time: overdue.
    const row = async () => (await listInbox(test.db, nora, { ...base, view: "all", state: "any" })).rows.find((r) => r.id === id)!;
    expect((await row()).overdue).toBe(false);
    expect(await row()).toMatchObject({ assignedName: "Nora Fjordheim", unread: 1, residentName: "Ingrid Åsheim", subject: "Rullator til låns" });
    await test.db.update(messageThreads).set({ dueAt: new Date(Date.now() - 60_000) }).where(eq(messageThreads.id, id));
    expect((await row()).overdue).toBe(true);
    expect(await ids("all", { state: "overdue" })).toContain(id);

    const reference = (await threadRow(id)).reference;
    expect(await ids("all", { q: reference })).toEqual([id]);
    expect(await ids("all", { q: "rullator" })).toContain(id);
    expect(await ids("all", { q: "Ingrid Åsheim" })).toContain(id);
    expect(await ids("all", { q: "finnes ikke 100%" })).toEqual([]);

    // The count is of the whole view; a page past the end (an old link) shows the last page.
    const all = await listInbox(test.db, nora, { ...base, view: "all", state: "any" });
    expect(all.total).toBeGreaterThanOrEqual(all.rows.length);
    expect(all.total).toBe((await test.db.select({ n: count() }).from(messageThreads).where(eq(messageThreads.unitId, unitIds.hjemmetjenesten)))[0].n);
    const past = await listInbox(test.db, nora, { ...base, view: "all", state: "any", page: 99 });
    expect(past).toMatchObject({ page: all.pageCount, pageCount: all.pageCount, total: all.total });
    expect(past.rows.length).toBeGreaterThan(0);
    // Past the count limit (1 000 in the portal; here one less than there are): "more than".
    const capped = await listInbox(test.db, nora, { ...base, view: "all", state: "any" }, new Date(), all.total - 1);
    expect(capped).toMatchObject({ total: all.total - 1, more: true, page: 1 });
    expect(capped.rows.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    expect(all.more).toBe(false);

    // Moved to another unit: out of this inbox, unassigned there.
    expect((await moveThread(test.db, nora, id, unitIds.tildelingskontoret)).ok).toBe(true);
    expect(await ids("all")).not.toContain(id);
    expect((await threadRow(id)).assignedEmployeeId).toBeNull();
    expect((await listInbox(test.db, kari, { ...base, unitId: unitIds.tildelingskontoret, view: "unassigned" })).rows.map((r) => r.id)).toContain(id);
  });
});

describe("reply templates", () => {
  it("are kept per unit, can be changed and archived, and belong to one municipality", async () => {
    const id = await saveTemplate(test.db, kari, { unitId: unitIds.tildelingskontoret, title: "Ny mal", body: "Takk for meldingen." });
    expect((await listTemplates(test.db, kari, { unitId: unitIds.tildelingskontoret })).map((t) => t.id)).toContain(id);
    expect((await listTemplates(test.db, kari, { unitId: unitIds.hjemmetjenesten })).map((t) => t.id)).not.toContain(id);
    await saveTemplate(test.db, kari, { unitId: unitIds.tildelingskontoret, title: "Endret mal", body: "Takk." }, id);
    expect((await getTemplate(test.db, kari, id)).title).toBe("Endret mal");
    await archiveTemplate(test.db, kari, id);
    expect((await listTemplates(test.db, kari, { unitId: unitIds.tildelingskontoret })).map((t) => t.id)).not.toContain(id);
    expect(await statusOf(getTemplate(test.db, neighbour, id))).toBe(404);
    expect(await statusOf(archiveTemplate(test.db, neighbour, id, false))).toBe(404);
    expect(await statusOf(saveTemplate(test.db, neighbour, { unitId: unitIds.tildelingskontoret, title: "x", body: "y" }))).toBe(404);
  });
});

describe("the resident's list", () => {
  it("lists their own threads newest first with unread markers, and its title names no subject", async () => {
    const list = await run(() =>
      listRoute.loader({ request: new Request(`${origin}/min-side/meldinger`, { headers: { Cookie: residents.Solveig.cookie } }), params: {}, context: {} }),
    );
    expect(list.status).toBe(200);
    const rows = list.data.threads as { lastIso: string; subject: string; unread: boolean }[];
    expect(rows.length).toBeGreaterThan(1);
    expect([...rows].sort((a, b) => b.lastIso.localeCompare(a.lastIso))).toEqual(rows);
    expect(rows.some((r) => r.unread)).toBe(true);
    for (const r of rows) expect(list.data.title).not.toContain(r.subject);
  });
});

describe("long lists", () => {
  it("pages after the first carry on where it stopped, for the resident and in the inbox, also among threads of the same minute", async () => {
    // A unit of its own and a resident of no other test here: 45 threads, the last 15 of them with
    // the same last-message time (a batch), so that the order between those comes from the id.
    const [unit] = await test.db
      .insert(units)
      .values({ municipalityId: test.municipalityId, slug: "lang-liste", name: "Lang liste", displayName: { nb: "Lang liste", nn: "Lang liste", en: "Long list" } })
      .returning({ id: units.id });
    const margit = await loginAs("Margit");
    const base = Date.parse("2026-03-02T08:00:00Z");
    const rows = Array.from({ length: 45 }, (_, i) => ({
      municipalityId: test.municipalityId,
      personId: margit.personId,
      reference: `MLD-2026-9${String(i).padStart(5, "0")}`,
      subject: `Tråd ${i}`,
      unitId: unit.id,
      lastMessageAt: new Date(base + Math.min(i, 30) * 60_000),
    }));
    const inserted = await test.db.insert(messageThreads).values(rows).returning({ id: messageThreads.id, lastMessageAt: messageThreads.lastMessageAt });
    // Newest first; the same time: the greater id first (the lists' order).
    const expected = inserted
      .sort((a, b) => b.lastMessageAt.getTime() - a.lastMessageAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((t) => t.id);

    const residentPages = [1, 2, 3].map((page) => listThreadsForPerson(test.db, scopeOf(margit), page));
    const resident = await Promise.all(residentPages);
    expect(resident.map((p) => p.rows.length)).toEqual([20, 20, 5]);
    expect(resident.flatMap((p) => p.rows.map((r) => r.id))).toEqual(expected);
    expect(resident[2]).toMatchObject({ page: 3, pageCount: 3, total: 45 });

    const filters = { unitId: unit.id, view: "all", state: "any", page: 1 } as const;
    const inbox = await Promise.all([1, 2].map((page) => listInbox(test.db, kari, { ...filters, page })));
    expect(inbox.map((p) => p.rows.length)).toEqual([25, 20]);
    expect(inbox.flatMap((p) => p.rows.map((r) => r.id))).toEqual(expected);
    expect(inbox[1]).toMatchObject({ page: 2, pageCount: 2, total: 45, more: false });
  });
});
