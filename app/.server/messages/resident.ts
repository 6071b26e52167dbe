// The resident's side of secure messages (/min-side/meldinger): their threads, one thread, a new
// message and a reply. Every function takes the scope (who asks, whose threads) and checks access
// before any query; someone else's thread is a 404, exactly like one that does not exist.
// Internal notes (`messages.internal`) are filtered out in every query here, so they never reach
// the resident's pages, their attachments or anything built on these functions.

import { and, asc, count, desc, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { applications, documents, messages, messageThreads, units, unreadByResident } from "../../../db/schema";
import { addWorkingDays } from "~/utils/working-days";
import { assertCanRead, isUuid } from "../applications/queries";
import type { Database } from "../db";
import { onePage } from "../db/paging";
import { prepared } from "../db/prepared";
import { documentInfoColumns, type AcceptedFile, type DocumentInfo } from "../documents/store";
import { insertMessage, nextThreadReference, notFound, type Queryable, type ResidentAuthor, type ResidentScope } from "./common";
import { osloYear } from "~/utils/dates";
import { defaultUnit, listUnits } from "./units";

export const residentPageSize = 20;

/** How many of the thread's messages from the municipality the resident has not opened yet. */
const unreadForResident = (threadId: SQL | AnyColumn) =>
  sql<number>`(select count(*)::int from ${messages} where ${messages.threadId} = ${threadId} and ${unreadByResident})`;

export type ResidentThreadRow = {
  id: string;
  reference: string;
  subject: string;
  state: "awaiting_municipality" | "awaiting_resident" | "closed";
  unitName: { nb: string; nn: string; en: string };
  lastMessageAt: Date;
  unread: number;
};

/** One page (from 1) of the resident's threads, the most recent conversation first. */
export async function listThreadsForPerson(db: Queryable, scope: ResidentScope, page = 1) {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  const where = and(eq(messageThreads.personId, scope.subjectPersonId), eq(messageThreads.municipalityId, scope.municipalityId));
  const pageOf = async (n: number) => {
    // The page with the count riding along (one round trip), then the unit's name and the unread
    // count for the page's rows only.
    const threads = db
      .select({
        id: messageThreads.id,
        reference: messageThreads.reference,
        subject: messageThreads.subject,
        state: messageThreads.state,
        unitId: messageThreads.unitId,
        lastMessageAt: messageThreads.lastMessageAt,
        total: sql<number>`count(*) over ()`.as("total"),
      })
      .from(messageThreads)
      .where(where)
      .orderBy(desc(messageThreads.lastMessageAt), desc(messageThreads.id))
      .$dynamic();
    const found = onePage(threads, residentPageSize, (n - 1) * residentPageSize).as("found");
    return db
      .select({
        id: found.id,
        reference: found.reference,
        subject: found.subject,
        state: found.state,
        unitName: units.displayName,
        lastMessageAt: found.lastMessageAt,
        // Qualified by hand: inside a sql template a subquery's field is rendered unqualified.
        unread: unreadForResident(sql`"found"."id"`),
        total: sql<number>`${found.total}`.mapWith(Number),
      })
      .from(found)
      .innerJoin(units, eq(units.id, found.unitId))
      .orderBy(desc(found.lastMessageAt), desc(found.id));
  };
  let current = Math.max(1, Math.floor(page));
  let found = await pageOf(current);
  let total = found[0]?.total ?? 0;
  if (found.length === 0 && current > 1) {
    // Past the last page: count, and show the last page instead.
    [{ total }] = await db.select({ total: count() }).from(messageThreads).where(where);
    current = Math.max(1, Math.ceil(total / residentPageSize));
    found = await pageOf(current);
  }
  const rows: ResidentThreadRow[] = found.map(({ total: _total, ...row }) => row);
  return { rows, page: current, pageCount: Math.max(1, Math.ceil(total / residentPageSize)), total };
}

const unreadThreads = prepared((db: Queryable) =>
  db
    .select({ n: sql<number>`count(distinct ${messages.threadId})::int` })
    .from(messages)
    .innerJoin(messageThreads, eq(messageThreads.id, messages.threadId))
    .where(
      and(
        eq(messageThreads.personId, sql.placeholder("personId")),
        eq(messageThreads.municipalityId, sql.placeholder("municipalityId")),
        unreadByResident,
      ),
    )
    .prepare("unread_threads"),
);

/** How many of the resident's threads have a message from the municipality they have not read. */
export async function unreadThreadCount(db: Queryable, scope: ResidentScope): Promise<number> {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  const [{ n }] = await unreadThreads(db).execute({ personId: scope.subjectPersonId, municipalityId: scope.municipalityId });
  return n;
}

const applicationThreads = prepared((db: Queryable) =>
  db
    .select({
      id: messageThreads.id,
      reference: messageThreads.reference,
      subject: messageThreads.subject,
      state: messageThreads.state,
      lastMessageAt: messageThreads.lastMessageAt,
      unread: unreadForResident(messageThreads.id),
    })
    .from(messageThreads)
    .where(
      and(
        eq(messageThreads.applicationId, sql.placeholder("applicationId")),
        eq(messageThreads.personId, sql.placeholder("personId")),
        eq(messageThreads.municipalityId, sql.placeholder("municipalityId")),
      ),
    )
    .orderBy(desc(messageThreads.lastMessageAt))
    .prepare("application_threads"),
);

/** The resident's threads about one of their applications (for the application's page). */
export async function threadsForApplication(db: Queryable, scope: ResidentScope, applicationId: string) {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  if (!isUuid(applicationId)) return [];
  return applicationThreads(db).execute({ applicationId, personId: scope.subjectPersonId, municipalityId: scope.municipalityId });
}

const ownThreadColumns = {
  id: messageThreads.id,
  reference: messageThreads.reference,
  subject: messageThreads.subject,
  state: messageThreads.state,
  dueAt: messageThreads.dueAt,
  applicationId: messageThreads.applicationId,
  unitId: messageThreads.unitId,
  createdAt: messageThreads.createdAt,
  municipalityId: messageThreads.municipalityId,
  personId: messageThreads.personId,
};

async function ownThread(db: Queryable, scope: ResidentScope, threadId: string) {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  if (!isUuid(threadId)) throw notFound();
  const [thread] = await db
    .select(ownThreadColumns)
    .from(messageThreads)
    .where(
      and(
        eq(messageThreads.id, threadId),
        eq(messageThreads.personId, scope.subjectPersonId),
        eq(messageThreads.municipalityId, scope.municipalityId),
      ),
    )
    .limit(1);
  if (!thread) throw notFound();
  return thread;
}

/** The thread with its unit and application, in one query (404 unless it is the resident's own). */
async function ownThreadWithContext(db: Queryable, scope: ResidentScope, threadId: string) {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  if (!isUuid(threadId)) throw notFound();
  const [row] = await db
    .select({
      thread: ownThreadColumns,
      unit: { displayName: units.displayName, replyWorkingDays: units.replyWorkingDays },
      application: { id: applications.id, reference: applications.reference, serviceSlugs: applications.serviceSlugs },
    })
    .from(messageThreads)
    .innerJoin(units, eq(units.id, messageThreads.unitId))
    .leftJoin(applications, and(eq(applications.id, messageThreads.applicationId), eq(applications.personId, scope.subjectPersonId)))
    .where(
      and(
        eq(messageThreads.id, threadId),
        eq(messageThreads.personId, scope.subjectPersonId),
        eq(messageThreads.municipalityId, scope.municipalityId),
      ),
    )
    .limit(1);
  if (!row) throw notFound();
  return { thread: row.thread, unit: row.unit, application: row.application?.id ? row.application : null };
}

export type ResidentMessage = {
  id: string;
  fromResident: boolean;
  authorName: string;
  authorUnit: string | null;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  attachments: DocumentInfo[];
};

/**
 * One of the resident's threads with its messages (never internal notes) and their attachments.
 * Opening it marks the municipality's messages as read (the caseworker sees the receipt).
 */
export async function openThreadForPerson(db: Database, scope: ResidentScope, threadId: string, now = new Date()) {
  const { thread, unit, application } = await ownThreadWithContext(db, scope, threadId);
  await db
    .update(messages)
    .set({ readAt: now })
    .where(
      and(eq(messages.threadId, thread.id), unreadByResident),
    );
  // The messages (never internal notes) with their files, in one query: a file of an internal note
  // cannot come along, because its message is not selected.
  const rows = await db
    .select({
      id: messages.id,
      authorKind: messages.authorKind,
      authorName: messages.authorName,
      authorUnit: messages.authorUnit,
      body: messages.body,
      createdAt: messages.createdAt,
      readAt: messages.readAt,
      document: documentInfoColumns,
    })
    .from(messages)
    .leftJoin(documents, and(eq(documents.messageId, messages.id), eq(documents.personId, scope.subjectPersonId)))
    .where(and(eq(messages.threadId, thread.id), eq(messages.internal, false)))
    .orderBy(asc(messages.createdAt), asc(messages.id), asc(documents.createdAt), asc(documents.id));
  const list: ResidentMessage[] = [];
  for (const r of rows) {
    let message = list.at(-1);
    if (message?.id !== r.id) {
      message = {
        id: r.id,
        fromResident: r.authorKind === "person",
        authorName: r.authorName,
        authorUnit: r.authorUnit,
        body: r.body,
        createdAt: r.createdAt,
        readAt: r.readAt,
        attachments: [],
      };
      list.push(message);
    }
    if (r.document) message.attachments.push(r.document);
  }
  return { thread, unit, application, messages: list };
}

export type NewFile = AcceptedFile;

export type SendResult = { threadId: string; duplicate: boolean };

/** The resident's applications to choose from when writing ("Gjelder det en søknad?"). */
export async function applicationChoices(db: Queryable, scope: ResidentScope) {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  return db
    .select({ id: applications.id, reference: applications.reference, serviceSlugs: applications.serviceSlugs })
    .from(applications)
    .where(and(eq(applications.personId, scope.subjectPersonId), eq(applications.municipalityId, scope.municipalityId)))
    .orderBy(desc(applications.updatedAt));
}

/**
 * A new thread with the resident's first message. `clientKey` is the form's hidden key: the same
 * form sent twice (a double click, a retry after a lost answer) makes one thread. An application
 * that is not the resident's own, or a unit that takes no messages, is refused as "invalid".
 */
export async function startThread(
  db: Database,
  input: {
    scope: ResidentScope;
    author: ResidentAuthor;
    subject: string;
    body: string;
    applicationId?: string | null;
    unitId?: string | null;
    clientKey: string;
    files: NewFile[];
    now?: Date;
  },
): Promise<SendResult | { invalid: "application" | "unit" | "key" }> {
  const { scope } = input;
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  if (input.author.personId !== scope.actorPersonId) throw notFound();
  if (!isUuid(input.clientKey)) return { invalid: "key" };
  const now = input.now ?? new Date();

  const existing = await threadByClientKey(db, scope.subjectPersonId, input.clientKey);
  if (existing) return { threadId: existing, duplicate: true };

  let applicationId: string | null = null;
  if (input.applicationId) {
    const own = await applicationChoices(db, scope);
    if (!own.some((a) => a.id === input.applicationId)) return { invalid: "application" };
    applicationId = input.applicationId;
  }
  const unitList = await listUnits(db, scope.municipalityId);
  const unit = input.unitId ? unitList.find((u) => u.id === input.unitId && u.receivesMessages) : defaultUnit(unitList);
  if (!unit) return { invalid: "unit" };

  return db.transaction(async (tx) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const reference = await nextThreadReference(tx, scope.municipalityId, osloYear(now));
      const [thread] = await tx
        .insert(messageThreads)
        .values({
          municipalityId: scope.municipalityId,
          personId: scope.subjectPersonId,
          reference,
          subject: input.subject,
          applicationId,
          unitId: unit.id,
          state: "awaiting_municipality",
          dueAt: addWorkingDays(now, unit.replyWorkingDays),
          lastMessageAt: now,
          clientKey: input.clientKey,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: messageThreads.id });
      if (!thread) {
        // The same form, sent at the same time by a second click: that request made the thread.
        const raced = await threadByClientKey(tx, scope.subjectPersonId, input.clientKey);
        if (raced) return { threadId: raced, duplicate: true };
        continue; // someone else took the reference
      }
      await insertMessage(tx, { id: thread.id, municipalityId: scope.municipalityId, personId: scope.subjectPersonId }, {
        author: { kind: "person", ...input.author },
        body: input.body,
        clientKey: input.clientKey,
        files: input.files,
        createdAt: now,
      });
      return { threadId: thread.id, duplicate: false };
    }
    throw new Error("No free thread reference after 10 attempts");
  });
}

async function threadByClientKey(db: Queryable, personId: string, clientKey: string) {
  const [row] = await db
    .select({ id: messageThreads.id })
    .from(messageThreads)
    .where(and(eq(messageThreads.personId, personId), eq(messageThreads.clientKey, clientKey)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * The resident's reply. It reopens a closed thread or one waiting for them: the thread waits for
 * the municipality again, due the unit's promised number of working days from now. A reply to a
 * thread already waiting for the municipality keeps the date already promised (a follow-up does
 * not push the answer further away). The same form twice stores one message.
 */
export async function replyAsPerson(
  db: Database,
  input: { scope: ResidentScope; author: ResidentAuthor; threadId: string; body: string; clientKey: string; files: NewFile[]; now?: Date },
): Promise<SendResult | { invalid: "key" }> {
  const { scope } = input;
  if (input.author.personId !== scope.actorPersonId) throw notFound();
  const thread = await ownThread(db, scope, input.threadId);
  if (!isUuid(input.clientKey)) return { invalid: "key" };
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const message = await insertMessage(tx, thread, {
      author: { kind: "person", ...input.author },
      body: input.body,
      clientKey: input.clientKey,
      files: input.files,
      createdAt: now,
    });
    if (!message) return { threadId: thread.id, duplicate: true };
    const [unit] = await tx.select({ replyWorkingDays: units.replyWorkingDays }).from(units).where(eq(units.id, thread.unitId));
    const waiting = thread.state === "awaiting_municipality" && thread.dueAt;
    await tx
      .update(messageThreads)
      .set({
        state: "awaiting_municipality",
        dueAt: waiting ? thread.dueAt : addWorkingDays(now, unit?.replyWorkingDays ?? 2),
        lastMessageAt: now,
      })
      .where(eq(messageThreads.id, thread.id));
    return { threadId: thread.id, duplicate: false };
  });
}
