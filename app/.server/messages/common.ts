// Shared pieces of the message domain: who acts, the 404 every denial is, thread references.

import { and, desc, eq, like } from "drizzle-orm";
import { messageThreads } from "../../../db/schema";
import type { Database } from "../db";

export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Queryable = Database | Tx;

/** A resident reading or writing: who asks, whose threads, which municipality. */
export type ResidentScope = { actorPersonId: string; subjectPersonId: string; municipalityId: string };
export type ResidentAuthor = { personId: string; name: string };

/** An employee working the inbox; they see their own municipality's threads only. */
export type EmployeeActor = { id: string; municipalityId: string; name: string; unit: string | null };

export { notFound } from "../applications/queries";

export const likePattern = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

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

export const osloYear = (now: Date) => Number(new Intl.DateTimeFormat("en", { timeZone: "Europe/Oslo", year: "numeric" }).format(now));

export const threadStates = ["awaiting_municipality", "awaiting_resident", "closed"] as const;
