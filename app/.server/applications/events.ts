import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { applicationEvents, applications, auditEntries, type ApplicationEvent, type ApplicationEventType } from "../../../db/schema";
import type { Database } from "../db";
import { notifyApplicationEvent } from "../notifications/application-events";
import { readProjectionInput, refreshApplicationProjection } from "./projection";

// The one place an application event is stored, whoever sends it (the case system's API, a
// caseworker, the resident through the portal): the event, the application's updated time, an
// audit entry and the application's projection (./projection.ts), in one transaction. The
// idempotency key is unique per municipality; a second insert with the same key stores nothing
// and returns null, so callers can read the first one.

export type EventActor = {
  kind: "employee" | "person" | "system";
  id: string | null;
  name: string;
  unit?: string | null;
};

export type NewEvent = {
  application: { id: string; municipalityId: string; personId: string };
  type: ApplicationEventType;
  payload: Record<string, unknown>;
  source: "portal" | "caseworker" | "fagsystem";
  idempotencyKey: string;
  bodyHash: string;
  occurredAt: Date;
  actor: EventActor;
  /**
   * Runs in the event's transaction once it is stored (not for a replay): documents that belong
   * to the event (a decision letter, attachments) are stored with it or not at all.
   */
  withStored?: (tx: Parameters<Parameters<Database["transaction"]>[0]>[0], stored: ApplicationEvent) => Promise<void>;
};

/** Thrown inside recordEvent's transaction to undo it when the key was used before. */
class RepeatedKey extends Error {}

export async function recordEvent(db: Database, event: NewEvent): Promise<ApplicationEvent | null> {
  const { application, actor } = event;
  // The id is made here so that the audit entry can name the event in the same batch as its insert.
  const id = randomUUID();
  try {
    return await db.transaction(async (tx) => {
      // Sent together: postgres.js writes the statements to the connection at once and reads the
      // answers in order, so one round trip instead of four. They run in this order, so the
      // events read at the end include the new one. When the key was used before, the insert
      // stores nothing and the whole transaction is undone (the update and the audit entry too).
      const [[stored], , , eventsSoFar] = await Promise.all([
        tx
          .insert(applicationEvents)
          .values({
            id,
            applicationId: application.id,
            municipalityId: application.municipalityId,
            type: event.type,
            payload: event.payload,
            source: event.source,
            idempotencyKey: event.idempotencyKey,
            bodyHash: event.bodyHash,
            occurredAt: event.occurredAt,
          })
          .onConflictDoNothing({ target: [applicationEvents.municipalityId, applicationEvents.idempotencyKey] })
          .returning(),
        tx
          .update(applications)
          .set({ updatedAt: sql`greatest(${applications.updatedAt}, clock_timestamp())` })
          .where(eq(applications.id, application.id)),
        tx.insert(auditEntries).values({
          municipalityId: application.municipalityId,
          actorKind: actor.kind,
          actorId: actor.id,
          actorName: actor.name,
          actorUnit: actor.unit ?? null,
          subjectPersonId: application.personId,
          action: "application.event_appended",
          objectType: "application_event",
          objectId: id,
        }),
        event.withStored ? undefined : readProjectionInput(tx, application.id),
      ]);
      if (!stored) throw new RepeatedKey();
      if (event.withStored) await event.withStored(tx, stored);
      await refreshApplicationProjection(tx, application.id, new Date(), eventsSoFar);
      // A content-free e-mail/SMS for the events the resident must know of, queued with the event.
      await notifyApplicationEvent(tx, application, stored);
      return stored;
    });
  } catch (error) {
    if (error instanceof RepeatedKey) return null;
    throw error;
  }
}
