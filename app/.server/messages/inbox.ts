// The caseworker's side of secure messages (/saksbehandler/innboks): a unit's inbox with the
// views "unassigned", "mine" and "all", one thread with everything in it (internal notes too),
// and what a caseworker does with it: reply, write an internal note, assign, mark as waiting for
// the resident, close, reopen, move to another unit. Every function takes the acting employee and
// touches only their municipality's threads; another municipality's thread is a 404.
//
// Opening a thread writes "message.viewed" to the audit log (the resident's innsynslogg), and an
// answer writes "message.sent". An answer queues a content-free notification to the resident in
// the same transaction, at most one per thread per 30 minutes.

import { and, asc, count, desc, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { likePattern, matchesSearch } from "../db/search";
import { countUpTo, listCountLimit, onePage, pagesOf } from "../db/paging";
import { preparedPerShape } from "../db/prepared";
import {
  applications,
  auditEntries,
  documents,
  employees,
  messages,
  messageThreads,
  persons,
  units,
  unreadByMunicipality,
  type ThreadState,
} from "../../../db/schema";
import { maskFodselsnummer } from "~/utils/fodselsnummer";
import { inboxStateFilters, inboxViews, type InboxStateFilter, type InboxView } from "~/utils/messages";
import { addWorkingDays } from "~/utils/working-days";
import { isUuid } from "../applications/queries";
import type { Database } from "../db";
import { documentInfoColumns, type DocumentInfo } from "../documents/store";
import { notifyPerson } from "../notifications/outbox";
import { decrypt } from "../secrets";
import { insertMessage, notFound, type EmployeeActor, type Queryable } from "./common";
import type { NewFile, SendResult } from "./resident";
import { listUnitsCached } from "./units";

export const inboxPageSize = 25;
export { inboxStateFilters, inboxViews, type InboxStateFilter, type InboxView };

export type InboxFilters = { unitId: string; view: InboxView; state: InboxStateFilter; q?: string; page: number };

/** Filters from the inbox's query string; anything unknown falls back to the default. */
export function parseInboxFilters(params: URLSearchParams, defaultUnitId: string): InboxFilters {
  const unit = params.get("enhet") ?? "";
  const view = params.get("visning") ?? "";
  const state = params.get("status") ?? "";
  const q = (params.get("sok") ?? "").trim().slice(0, 100);
  const page = Number(params.get("side") ?? "1");
  return {
    unitId: isUuid(unit) ? unit : defaultUnitId,
    view: (inboxViews as readonly string[]).includes(view) ? (view as InboxView) : "unassigned",
    state: (inboxStateFilters as readonly string[]).includes(state) ? (state as InboxStateFilter) : "open",
    q: q || undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

export type InboxRow = {
  id: string;
  reference: string;
  subject: string;
  residentName: string;
  state: ThreadState;
  dueAt: Date | null;
  overdue: boolean;
  lastMessageAt: Date;
  assignedName: string | null;
  unread: number;
};

async function unitOfMunicipality(db: Queryable, actor: EmployeeActor, unitId: string) {
  if (!isUuid(unitId)) throw notFound();
  const [unit] = await db
    .select({ id: units.id, name: units.name, displayName: units.displayName, replyWorkingDays: units.replyWorkingDays })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.municipalityId, actor.municipalityId)))
    .limit(1);
  if (!unit) throw notFound();
  return unit;
}

/**
 * The inbox's SQL for a view, a state and whether there is a search. Values are placeholders,
 * filled in by listInbox.
 */
function inboxQueries(db: Queryable, { filters, countLimit }: { filters: InboxFilters; countLimit: number }) {
  const conditions: (SQL | undefined)[] = [eq(messageThreads.unitId, sql.placeholder("unitId"))];
  if (filters.view === "unassigned") conditions.push(isNull(messageThreads.assignedEmployeeId));
  if (filters.view === "mine") conditions.push(eq(messageThreads.assignedEmployeeId, sql.placeholder("employeeId")));
  switch (filters.state) {
    case "open":
      conditions.push(inArray(messageThreads.state, ["awaiting_municipality", "awaiting_resident"]));
      break;
    case "overdue":
      conditions.push(eq(messageThreads.state, "awaiting_municipality"), lt(messageThreads.dueAt, sql.placeholder("now")));
      break;
    case "any":
      break;
    default:
      conditions.push(eq(messageThreads.state, filters.state));
  }
  if (filters.q) conditions.push(matchesSearch(messageThreads.id, messageThreads, [messageThreads.reference, messageThreads.subject]));
  // The page's rows are the municipality's own: a unit of another municipality shows nothing.
  const where = and(eq(messageThreads.municipalityId, sql.placeholder("municipalityId")), ...conditions);
  // The counts leave the municipality out: a count is used only once the unit is known to be the
  // municipality's (the page has rows of it, or unitOfMunicipality said so), and a unit's threads
  // are all of its municipality. Then PostgreSQL can count from (unit, state, last message) alone,
  // without reading the threads (ADR 0017).
  const countWhere = and(...conditions);
  // The matching threads, for the count (a constant: PostgreSQL can count from an index alone).
  const matching = () => db.select({ one: sql`1` }).from(messageThreads).where(countWhere).$dynamic();
  // The page first, from the threads alone: newest first, so PostgreSQL walks
  // message_threads_unit_recent_idx backwards and stops after 25. Then the resident's name, the
  // caseworker's name and the unread count for the page's rows only.
  const pageQuery = (first: boolean) => {
    const threads = db
      .select({
        id: messageThreads.id,
        reference: messageThreads.reference,
        subject: messageThreads.subject,
        personId: messageThreads.personId,
        state: messageThreads.state,
        dueAt: messageThreads.dueAt,
        lastMessageAt: messageThreads.lastMessageAt,
        assignedEmployeeId: messageThreads.assignedEmployeeId,
      })
      .from(messageThreads)
      .where(where)
      .orderBy(desc(messageThreads.lastMessageAt), desc(messageThreads.id))
      .$dynamic();
    const found = onePage(threads, inboxPageSize, first ? undefined : sql.placeholder("offset")).as("found");
    return db
      .select({
        id: found.id,
        reference: found.reference,
        subject: found.subject,
        givenName: persons.givenName,
        familyName: persons.familyName,
        state: found.state,
        dueAt: found.dueAt,
        lastMessageAt: found.lastMessageAt,
        // Qualified by hand: inside a sql template a subquery's field is rendered unqualified.
        assignedName: sql<string | null>`(select e.name from ${employees} e where e.id = "found"."assigned_employee_id")`,
        unread: sql<number>`(select count(*)::int from ${messages} where ${messages.threadId} = "found"."id" and ${unreadByMunicipality})`,
        // The count of the matches (up to the limit), in the same round trip: PostgreSQL runs it
        // once, on its own (with the count as a window over the page's rows it would read and sort
        // them all).
        total: countUpTo(matching(), countLimit + 1),
      })
      .from(found)
      .innerJoin(persons, eq(persons.id, found.personId))
      .orderBy(desc(found.lastMessageAt), desc(found.id));
  };
  // All of them, for a page past the end.
  const all = db.select({ total: count() }).from(messageThreads).where(countWhere);
  return {
    first: pageQuery(true).prepare("inbox_page"),
    later: pageQuery(false).prepare("inbox_page_later"),
    count: all.prepare("inbox_count"),
  };
}

// Built once per database, view, state, search or not (3 × 6 × 2 at most) and count limit (one, but
// for tests).
const keptInboxQueries = preparedPerShape(inboxQueries);

/**
 * One page of a unit's inbox, the most recent conversation first. The page follows the index
 * (unit, last message); the count, (unit, state, last message) or (assigned, state, last message)
 * for "mine".
 */
export async function listInbox(db: Queryable, actor: EmployeeActor, filters: InboxFilters, now = new Date(), countLimit = listCountLimit) {
  if (!isUuid(filters.unitId)) throw notFound();
  const queries = keptInboxQueries(db, `${filters.view}|${filters.state}|${filters.q ? "search" : ""}|${countLimit}`, { filters, countLimit });
  const values = {
    unitId: filters.unitId,
    municipalityId: actor.municipalityId,
    employeeId: actor.id,
    now: now.toISOString(),
    pattern: filters.q ? likePattern(filters.q) : null,
  };
  const pageOf = (n: number) => (n === 1 ? queries.first.execute(values) : queries.later.execute({ ...values, offset: (n - 1) * inboxPageSize }));
  let page = filters.page;
  let rows = await pageOf(page);
  let counted = rows[0]?.total ?? 0;
  const countedAll = rows.length === 0;
  if (countedAll) {
    // Nothing here: a unit of another municipality is a 404; past the last page shows the last.
    await unitOfMunicipality(db, actor, filters.unitId);
    counted = (await queries.count.execute(values))[0].total;
    if (page > 1) {
      page = Math.max(1, Math.ceil(counted / inboxPageSize));
      if (counted > 0) rows = await pageOf(page);
    }
  }
  // After counting them all, the count is exact.
  const { total, more, pageCount } = pagesOf(counted, page, rows.length, inboxPageSize, countedAll ? Infinity : countLimit);
  return {
    rows: rows.map(
      (r): InboxRow => ({
        id: r.id,
        reference: r.reference,
        subject: r.subject,
        residentName: `${r.givenName} ${r.familyName}`,
        state: r.state,
        dueAt: r.dueAt,
        overdue: isOverdue(r, now),
        lastMessageAt: r.lastMessageAt,
        assignedName: r.assignedName,
        unread: r.unread,
      }),
    ),
    page,
    pageCount,
    total,
    more,
  };
}

/** Waiting for the municipality past the promised time (counted in working days when it was set). */
export function isOverdue(thread: { state: ThreadState; dueAt: Date | null }, now: Date) {
  return thread.state === "awaiting_municipality" && thread.dueAt !== null && thread.dueAt.getTime() < now.getTime();
}

async function threadOfMunicipality(db: Queryable, actor: EmployeeActor, threadId: string) {
  if (!isUuid(threadId)) throw notFound();
  const [thread] = await db
    .select()
    .from(messageThreads)
    .where(and(eq(messageThreads.id, threadId), eq(messageThreads.municipalityId, actor.municipalityId)))
    .limit(1);
  if (!thread) throw notFound();
  return thread;
}

export type EmployeeMessage = {
  id: string;
  fromResident: boolean;
  internal: boolean;
  authorName: string;
  authorUnit: string | null;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  attachments: DocumentInfo[];
};

/**
 * Opens one of the municipality's threads for an employee: everything in it, internal notes
 * included. Writes "message.viewed" for the resident's innsynslogg, and marks the resident's
 * messages as read by the municipality (the resident sees "Lest av kommunen").
 */
export async function openThreadForEmployee(db: Database, actor: EmployeeActor, threadId: string, now = new Date()) {
  const thread = await threadOfMunicipality(db, actor, threadId);
  await db.transaction(async (tx) => {
    await tx.insert(auditEntries).values({
      municipalityId: actor.municipalityId,
      actorKind: "employee",
      actorId: actor.id,
      actorName: actor.name,
      actorUnit: actor.unit,
      subjectPersonId: thread.personId,
      action: "message.viewed",
      objectType: "message_thread",
      objectId: thread.id,
      at: now,
    });
    await tx
      .update(messages)
      .set({ readAt: now })
      .where(and(eq(messages.threadId, thread.id), unreadByMunicipality));
  });
  const rows = await db
    .select({
      id: messages.id,
      authorKind: messages.authorKind,
      internal: messages.internal,
      authorName: messages.authorName,
      authorUnit: messages.authorUnit,
      body: messages.body,
      createdAt: messages.createdAt,
      readAt: messages.readAt,
    })
    .from(messages)
    .where(eq(messages.threadId, thread.id))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  const docs = rows.length
    ? await db
        .select(documentInfoColumns)
        .from(documents)
        .where(
          and(
            eq(documents.municipalityId, actor.municipalityId),
            inArray(
              documents.messageId,
              rows.map((r) => r.id),
            ),
          ),
        )
        .orderBy(asc(documents.createdAt))
    : [];
  const [person] = await db
    .select({ givenName: persons.givenName, familyName: persons.familyName, pidCiphertext: persons.pidCiphertext })
    .from(persons)
    .where(eq(persons.id, thread.personId));
  const [application] = thread.applicationId
    ? await db
        .select({ id: applications.id, reference: applications.reference })
        .from(applications)
        .where(and(eq(applications.id, thread.applicationId), eq(applications.municipalityId, actor.municipalityId)))
    : [];
  const unitList = await listUnitsCached(db, actor.municipalityId);
  const unit = unitList.find((u) => u.id === thread.unitId)!;
  const colleagues = await db
    .select({ id: employees.id, name: employees.name })
    .from(employees)
    .where(
      and(
        eq(employees.municipalityId, actor.municipalityId),
        eq(employees.unit, unit.name),
        sql`(${employees.roles} @> array['caseworker']::text[] or ${employees.roles} @> array['admin']::text[])`,
      ),
    )
    .orderBy(asc(employees.name));
  const [assigned] = thread.assignedEmployeeId
    ? await db.select({ id: employees.id, name: employees.name }).from(employees).where(eq(employees.id, thread.assignedEmployeeId))
    : [];
  return {
    thread: {
      id: thread.id,
      reference: thread.reference,
      subject: thread.subject,
      state: thread.state,
      dueAt: thread.dueAt,
      overdue: isOverdue(thread, now),
      createdAt: thread.createdAt,
    },
    resident: {
      name: person ? `${person.givenName} ${person.familyName}` : "",
      // Only the birth date part ever leaves this function.
      maskedPid: person ? maskFodselsnummer(decrypt(person.pidCiphertext)) : "",
    },
    application: application ?? null,
    unit,
    units: unitList,
    assigned: assigned ?? null,
    colleagues,
    messages: rows.map(
      (r): EmployeeMessage => ({
        id: r.id,
        fromResident: r.authorKind === "person",
        internal: r.internal,
        authorName: r.authorName,
        authorUnit: r.authorUnit,
        body: r.body,
        createdAt: r.createdAt,
        readAt: r.readAt,
        attachments: docs.filter((d) => d.messageId === r.id),
      }),
    ),
  };
}

/** The municipality's threads about one application (for the caseworker's case page). */
export async function threadsForApplicationEmployee(db: Queryable, actor: EmployeeActor, applicationId: string) {
  if (!isUuid(applicationId)) return [];
  return db
    .select({
      id: messageThreads.id,
      reference: messageThreads.reference,
      subject: messageThreads.subject,
      state: messageThreads.state,
      lastMessageAt: messageThreads.lastMessageAt,
    })
    .from(messageThreads)
    .where(and(eq(messageThreads.applicationId, applicationId), eq(messageThreads.municipalityId, actor.municipalityId)))
    .orderBy(desc(messageThreads.lastMessageAt));
}

/**
 * A caseworker's answer to the resident, or an internal note for colleagues (`internal`). An
 * answer puts the thread in "waiting for the resident" (or closes it with `close`), writes
 * "message.sent" and queues the resident's notification, all in one transaction. A note changes
 * nothing the resident can see. The same form twice stores one message and notifies once.
 */
export async function replyAsEmployee(
  db: Database,
  actor: EmployeeActor,
  input: { threadId: string; body: string; internal: boolean; clientKey: string; files: NewFile[]; close?: boolean; now?: Date },
): Promise<SendResult | { invalid: "key" }> {
  const thread = await threadOfMunicipality(db, actor, input.threadId);
  if (!isUuid(input.clientKey)) return { invalid: "key" };
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const message = await insertMessage(tx, thread, {
      author: { kind: "employee", id: actor.id, name: actor.name, unit: actor.unit },
      body: input.body,
      internal: input.internal,
      clientKey: input.clientKey,
      files: input.files,
      createdAt: now,
    });
    if (!message) return { threadId: thread.id, duplicate: true };
    if (input.internal) return { threadId: thread.id, duplicate: false };
    await tx
      .update(messageThreads)
      .set({
        state: input.close ? "closed" : "awaiting_resident",
        dueAt: null,
        lastMessageAt: now,
        // Whoever answers an unassigned thread takes it.
        assignedEmployeeId: thread.assignedEmployeeId ?? actor.id,
      })
      .where(eq(messageThreads.id, thread.id));
    await tx.insert(auditEntries).values({
      municipalityId: actor.municipalityId,
      actorKind: "employee",
      actorId: actor.id,
      actorName: actor.name,
      actorUnit: actor.unit,
      subjectPersonId: thread.personId,
      action: "message.sent",
      objectType: "message",
      objectId: message.id,
      at: now,
    });
    await notifyPerson(tx, {
      municipalityId: thread.municipalityId,
      personId: thread.personId,
      kind: "message_reply",
      cause: `message:${message.id}`,
      throttle: { key: `thread:${thread.id}`, minutes: 30 },
    });
    return { threadId: thread.id, duplicate: false };
  });
}

/**
 * Assigns the thread to the caseworker themselves, to a colleague with casework in the thread's
 * unit (the ones the page offers), or to no one (`null`). Anyone else is refused.
 */
export async function assignThread(db: Database, actor: EmployeeActor, threadId: string, employeeId: string | null) {
  const thread = await threadOfMunicipality(db, actor, threadId);
  if (employeeId !== null && employeeId !== actor.id) {
    if (!isUuid(employeeId)) return { ok: false as const };
    const unit = (await listUnitsCached(db, actor.municipalityId)).find((u) => u.id === thread.unitId);
    if (!unit) return { ok: false as const };
    const [employee] = await db
      .select({ id: employees.id })
      .from(employees)
      .where(
        and(
          eq(employees.id, employeeId),
          eq(employees.municipalityId, actor.municipalityId),
          eq(employees.unit, unit.name),
          sql`(${employees.roles} @> array['caseworker']::text[] or ${employees.roles} @> array['admin']::text[])`,
        ),
      );
    if (!employee) return { ok: false as const };
  }
  await db.update(messageThreads).set({ assignedEmployeeId: employeeId }).where(eq(messageThreads.id, thread.id));
  return { ok: true as const };
}

/**
 * "Venter på innbygger", "Lukk" or "Gjenåpne". Reopening makes the thread wait for the
 * municipality again, due the unit's promise counted from the resident's last message.
 */
export async function setThreadState(
  db: Database,
  actor: EmployeeActor,
  threadId: string,
  state: ThreadState,
  now = new Date(),
) {
  const thread = await threadOfMunicipality(db, actor, threadId);
  if (thread.state === state) return { ok: true as const };
  let dueAt: Date | null = null;
  if (state === "awaiting_municipality") {
    const unit = await unitOfMunicipality(db, actor, thread.unitId);
    const [last] = await db
      .select({ at: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.threadId, thread.id), eq(messages.authorKind, "person")))
      .orderBy(desc(messages.createdAt))
      .limit(1);
    dueAt = addWorkingDays(last?.at ?? now, unit.replyWorkingDays);
  }
  await db.update(messageThreads).set({ state, dueAt }).where(eq(messageThreads.id, thread.id));
  return { ok: true as const };
}

/**
 * Moves the thread to another unit of the municipality. It leaves the person it was assigned to
 * (the new unit decides who takes it); the date promised to the resident stands.
 */
export async function moveThread(db: Database, actor: EmployeeActor, threadId: string, unitId: string) {
  const thread = await threadOfMunicipality(db, actor, threadId);
  const unit = await unitOfMunicipality(db, actor, unitId).catch(() => null);
  if (!unit) return { ok: false as const };
  if (unit.id === thread.unitId) return { ok: true as const };
  await db.update(messageThreads).set({ unitId: unit.id, assignedEmployeeId: null }).where(eq(messageThreads.id, thread.id));
  return { ok: true as const };
}
