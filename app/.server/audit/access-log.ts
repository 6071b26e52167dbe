// The innsynslogg: the audit entries about one person, as that person reads them. Like every read
// of personal data it takes the actor and the subject and checks access first (404 otherwise).

import { and, count, desc, eq, isNull, ne, or } from "drizzle-orm";
import { auditEntries } from "../../../db/schema";
import { assertCanRead } from "../applications/queries";
import type { Database } from "../db";
import { onePage } from "../db/paging";

/**
 * Actions the innsynslogg can put into words (locales/{nb,nn,en}/applications.json,
 * accessLog.actions). Code that writes audit entries about a resident should use these; any other
 * action is still listed, as "looked at or changed information about you".
 */
export const accessLogActions = [
  "application.viewed",
  "application.updated",
  "application.decided",
  "application.exported",
  "document.viewed",
  "attachment.viewed",
  "message.viewed",
  "message.sent",
  "agreement.viewed",
  "person.viewed",
] as const;
export type AccessLogAction = (typeof accessLogActions)[number];

export function isAccessLogAction(value: string): value is AccessLogAction {
  return (accessLogActions as readonly string[]).includes(value);
}

export const accessLogPageSize = 50;

export type AccessLogEntry = {
  id: string;
  actorKind: "employee" | "person" | "system";
  actorName: string;
  actorUnit: string | null;
  action: string;
  objectType: string;
  at: Date;
};

export type AccessLogPage = { entries: AccessLogEntry[]; page: number; pageCount: number; total: number };

/** One page (from 1) of the entries about the subject, newest first. */
export async function listAccessLogForPerson(
  db: Database,
  scope: { actorPersonId: string; subjectPersonId: string; page?: number },
): Promise<AccessLogPage> {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  const page = Math.max(1, Math.floor(scope.page ?? 1));
  // What others did with the resident's data; their own actions (an appeal they sent) are not listed.
  const about = and(
    eq(auditEntries.subjectPersonId, scope.subjectPersonId),
    or(ne(auditEntries.actorKind, "person"), isNull(auditEntries.actorId), ne(auditEntries.actorId, scope.subjectPersonId)),
  );
  const [{ total }] = await db.select({ total: count() }).from(auditEntries).where(about);
  const entries = await onePage(
    db
      .select({
        id: auditEntries.id,
        actorKind: auditEntries.actorKind,
        actorName: auditEntries.actorName,
        actorUnit: auditEntries.actorUnit,
        action: auditEntries.action,
        objectType: auditEntries.objectType,
        at: auditEntries.at,
      })
      .from(auditEntries)
      .where(about)
      .orderBy(desc(auditEntries.at), desc(auditEntries.id))
      .$dynamic(),
    accessLogPageSize,
    (page - 1) * accessLogPageSize,
  );
  return { entries, page, pageCount: Math.max(1, Math.ceil(total / accessLogPageSize)), total };
}
