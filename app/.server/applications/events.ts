import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { ApplicationEvent, ApplicationEventType } from "../../../db/schema";
import { rowsOf, type Database } from "../db";
import { applicationEventNotifications } from "../notifications/application-events";
import { projectionOf, readProjectionInput } from "./projection";

// The one place an application event is stored, whoever sends it (the case system's API, a
// caseworker, the resident through the portal): the event, the application's updated time, an
// audit entry, the application's projection (./projection.ts) and the resident's notification,
// in one SQL statement, which PostgreSQL runs as one transaction. The idempotency key is unique
// per municipality; a second insert with the same key stores nothing and returns null, so
// callers can read the first one. ADR 0015 says why one statement and how it stays correct.

export type EventActor = {
  kind: "employee" | "person" | "system";
  id: string | null;
  name: string;
  unit?: string | null;
};

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

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
  withStored?: (tx: Tx, stored: ApplicationEvent) => Promise<void>;
};

/** How often recordEvent reads again when another event for the same application came in between. */
const maxAttempts = 5;

type Written = { fresh: boolean; stored: ApplicationEvent | null };

type Seen = NonNullable<Awaited<ReturnType<typeof readProjectionInput>>>;

/**
 * Stores the event; null when its key was used before. `readBefore` is readProjectionInput's
 * answer when the caller has just read it (the API looks the application up with it).
 */
export async function recordEvent(db: Database, event: NewEvent, readBefore?: Seen): Promise<ApplicationEvent | null> {
  for (let attempt = 1; ; attempt++) {
    // Read first (one round trip): the events so far give the projection with the new event, in
    // the portal's own deriveStatus; the version makes the write below refuse if another event
    // came in between. Then one statement writes everything (one more round trip).
    const seen = (attempt === 1 ? readBefore : undefined) ?? (await readProjectionInput(db, event.application.id));
    if (!seen) throw new Error(`recordEvent: no application ${event.application.id}`);
    const write = (q: Database | Tx) => writeEvent(q, event, seen);
    const { fresh, stored } = event.withStored
      ? await db.transaction(async (tx) => {
          const written = await write(tx);
          if (written.stored) await event.withStored?.(tx, written.stored);
          return written;
        })
      : await write(db);
    if (fresh) return stored;
    if (attempt === maxAttempts) throw new Error(`recordEvent: application ${event.application.id} kept changing`);
  }
}

/**
 * One try: stores the event when the application is still at `seen.version` (`fresh`), else
 * writes nothing. `stored` is null when the key was used before. Exported for the tests.
 */
export async function writeEvent(
  q: Database | Tx,
  event: NewEvent,
  seen: Seen,
): Promise<Written> {
  const { application, actor } = event;
  // The id is made here so that the audit entry and the notification can name the event.
  const id = randomUUID();
  const { stage, dueAt } = projectionOf(
    [...seen.events, { type: event.type, payload: event.payload, occurredAt: event.occurredAt }],
    seen.createdAt,
    new Date(),
  );
  const notifications = applicationEventNotifications(event.type, id, seen.contacts);
  // `app` locks the application, but only while it is as we read it: when another event was
  // stored in between, PostgreSQL re-reads the row after that transaction, the version no longer
  // matches, nothing is written, and recordEvent tries again. Everything after the insert reads
  // `ins`, so a repeated key (the insert stores nothing) writes nothing else either.
  const result = await q.execute(sql`
    with app as (
      select id from applications where id = ${application.id} and updated_at = ${seen.version}::timestamptz for update
    ), ins as (
      insert into application_events (id, application_id, municipality_id, type, payload, source, idempotency_key, body_hash, occurred_at)
      select ${id}::uuid, app.id, ${application.municipalityId}::uuid, ${event.type}, ${JSON.stringify(event.payload)}::jsonb,
        ${event.source}, ${event.idempotencyKey}, ${event.bodyHash}, ${event.occurredAt.toISOString()}::timestamptz
      from app
      on conflict (municipality_id, idempotency_key) do nothing
      returning payload, recorded_at
    ), touched as (
      -- Strictly later each time, so the version always moves.
      update applications set updated_at = greatest(updated_at + interval '1 microsecond', clock_timestamp())
      where id = ${application.id} and exists (select from ins)
    ), audited as (
      insert into audit_entries (municipality_id, actor_kind, actor_id, actor_name, actor_unit, subject_person_id, action, object_type, object_id)
      select ${application.municipalityId}::uuid, ${actor.kind}, ${actor.id}::uuid, ${actor.name}, ${actor.unit ?? null},
        ${application.personId}::uuid, 'application.event_appended', 'application_event', ${id}::uuid
      from ins
    ), projected as (
      insert into application_details (application_id, municipality_id, stage, due_at, updated_at)
      select ${application.id}::uuid, ${application.municipalityId}::uuid, ${stage}, ${dueAt?.toISOString() ?? null}::timestamptz, clock_timestamp()
      from ins
      on conflict (application_id) do update set stage = excluded.stage, due_at = excluded.due_at, updated_at = excluded.updated_at
    )${
      notifications.length > 0
        ? sql`, notified as (
      insert into notifications (municipality_id, person_id, channel, recipient, kind, idempotency_key)
      select ${application.municipalityId}::uuid, ${application.personId}::uuid, n.channel, n.recipient, n.kind, n.key
      from ins, (values ${sql.join(
        notifications.map((n) => sql`(${n.channel}, ${n.recipient}, ${n.kind}, ${n.idempotencyKey})`),
        sql`, `,
      )}) as n(channel, recipient, kind, key)
      on conflict (idempotency_key) do nothing
    )`
        : sql``
    }
    select (select count(*) from app)::int as fresh, ins.payload, ins.recorded_at
    from (select 1) as one left join ins on true
  `);
  const [row] = rowsOf<{ fresh: number; payload: unknown; recorded_at: string | Date | null }>(result);
  if (!row || row.fresh === 0) return { fresh: false, stored: null };
  if (row.recorded_at === null) return { fresh: true, stored: null };
  return {
    fresh: true,
    stored: {
      id,
      applicationId: application.id,
      municipalityId: application.municipalityId,
      type: event.type,
      payload: (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>,
      source: event.source,
      idempotencyKey: event.idempotencyKey,
      bodyHash: event.bodyHash,
      occurredAt: event.occurredAt,
      recordedAt: new Date(row.recorded_at),
    },
  };
}
