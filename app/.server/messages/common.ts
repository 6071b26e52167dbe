// Shared pieces of the message domain: who acts, the 404 every denial is, thread references.

import { and, desc, eq, like } from "drizzle-orm";
import { messages, messageThreads } from "../../../db/schema";
import type { Database } from "../db";
import { storeAttachments, type AcceptedFile } from "../documents/store";

export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Queryable = Database | Tx;

/** A resident reading or writing: who asks, whose threads, which municipality. */
export type ResidentScope = { actorPersonId: string; subjectPersonId: string; municipalityId: string };
export type ResidentAuthor = { personId: string; name: string };

/** An employee working the inbox; they see their own municipality's threads only. */
export type EmployeeActor = { id: string; municipalityId: string; name: string; unit: string | null };

export { notFound } from "../applications/queries";

/** The next free "MLD-<year>-<number>" reference (zero-padded, so the newest sorts last). */
export async function nextThreadReference(tx: Queryable, municipalityId: string, year: number) {
  const prefix = `MLD-${year}-`;
  const [last] = await tx
    .select({ reference: messageThreads.reference })
    .from(messageThreads)
    .where(and(eq(messageThreads.municipalityId, municipalityId), like(messageThreads.reference, `${prefix}%`)))
    .orderBy(desc(messageThreads.reference))
    .limit(1);
  const n = last ? Number(last.reference.slice(prefix.length)) || 0 : 0;
  return `${prefix}${String(n + 1).padStart(6, "0")}`;
}

export const threadStates = ["awaiting_municipality", "awaiting_resident", "closed"] as const;

export type MessageAuthor =
  | { kind: "person"; personId: string; name: string }
  | { kind: "employee"; id: string; name: string; unit: string | null };

/**
 * Stores one message in a thread with its files, inside the caller's transaction. The sender's
 * `clientKey` is unique per thread: the same form sent twice stores nothing the second time and
 * returns null, so the caller answers as if it went through once.
 */
export async function insertMessage(
  tx: Tx,
  thread: { id: string; municipalityId: string; personId: string },
  input: { author: MessageAuthor; body: string; internal?: boolean; clientKey: string; files: AcceptedFile[]; createdAt: Date },
): Promise<{ id: string } | null> {
  const { author } = input;
  const [message] = await tx
    .insert(messages)
    .values({
      threadId: thread.id,
      municipalityId: thread.municipalityId,
      authorKind: author.kind,
      authorPersonId: author.kind === "person" ? author.personId : null,
      authorEmployeeId: author.kind === "employee" ? author.id : null,
      authorName: author.name,
      authorUnit: author.kind === "employee" ? author.unit : null,
      body: input.body,
      internal: input.internal ?? false,
      clientKey: input.clientKey,
      createdAt: input.createdAt,
    })
    .onConflictDoNothing({ target: [messages.threadId, messages.clientKey] })
    .returning({ id: messages.id });
  if (!message) return null;
  await storeAttachments(
    tx,
    { municipalityId: thread.municipalityId, personId: thread.personId, messageId: message.id },
    input.files,
    author.kind === "person" ? { kind: "person", id: author.personId } : { kind: "employee", id: author.id },
  );
  return message;
}
