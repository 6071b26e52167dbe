// Queuing notifications. A notification is content-free by construction: the outbox row holds a
// fixed `kind` and the address, nothing about the case or the message; the text is chosen from
// the kind when it is sent ("Du har fått en ny melding fra kommunen. Logg inn for å lese den.").
//
// Call these inside the transaction that stores what caused the notification, so the two land
// together or not at all. The cause's id makes the idempotency key: the same cause never queues
// twice, whoever retries. Delivery is the workers' job (./worker.ts).

import { and, eq, gt, inArray, like, lt, sql } from "drizzle-orm";
import { employees, notifications, persons, type NotificationChannel } from "../../../db/schema";
import type { Database } from "../db";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Queryable = Database | Tx;

export const notificationKinds = ["application_news", "message_reply", "inbox_digest"] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export type QueueResult = { queued: number; throttled: boolean };

/** Where a resident's notification goes: every channel they have given. */
export function channelsOf(contacts: { email: string | null; mobile: string | null }) {
  const channels: { channel: NotificationChannel; recipient: string }[] = [];
  if (contacts.email) channels.push({ channel: "email", recipient: contacts.email });
  if (contacts.mobile) channels.push({ channel: "sms", recipient: contacts.mobile });
  return channels;
}

/** The idempotency key of one notification: what caused it ("<kind>:<cause>") and the channel. */
export function notificationKey(base: string, channel: NotificationChannel) {
  return `${base}:${channel}`;
}

/**
 * Queues a notification to a resident on every channel they have given (e-mail and/or mobile).
 * `cause` identifies what happened ("event:<id>", "message:<id>"). With `throttle`, nothing is
 * queued when a notification with the same throttle key went out within the window (e.g. at most
 * one per thread per 30 minutes).
 */
export async function notifyPerson(
  db: Queryable,
  input: {
    municipalityId: string;
    personId: string;
    kind: NotificationKind;
    cause: string;
    throttle?: { key: string; minutes: number };
    locale?: "nb" | "nn" | "en";
  },
): Promise<QueueResult> {
  const [person] = await db
    .select({ email: persons.email, mobile: persons.mobile })
    .from(persons)
    .where(eq(persons.id, input.personId))
    .limit(1);
  if (!person) return { queued: 0, throttled: false };
  const channels = channelsOf(person);
  if (channels.length === 0) return { queued: 0, throttled: false };

  let keyBase = `${input.kind}:${input.cause}`;
  if (input.throttle) {
    // Serialise notifications with the same throttle key, then look at the window.
    await db.execute(sql`select pg_advisory_xact_lock(hashtext(${input.throttle.key}))`);
    const [recent] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        and(
          eq(notifications.personId, input.personId),
          like(notifications.idempotencyKey, `${escapeLike(`throttle:${input.throttle.key}:`)}%`),
          gt(notifications.createdAt, sql`now() - make_interval(mins => ${input.throttle.minutes})`),
        ),
      )
      .limit(1);
    if (recent) return { queued: 0, throttled: true };
    keyBase = `throttle:${input.throttle.key}:${keyBase}`;
  }

  const inserted = await db
    .insert(notifications)
    .values(
      channels.map((c) => ({
        municipalityId: input.municipalityId,
        personId: input.personId,
        channel: c.channel,
        recipient: c.recipient,
        kind: input.kind,
        locale: input.locale ?? "nb",
        idempotencyKey: notificationKey(keyBase, c.channel),
      })),
    )
    .onConflictDoNothing({ target: notifications.idempotencyKey })
    .returning({ id: notifications.id });
  return { queued: inserted.length, throttled: false };
}

/** Queues an e-mail to an employee (the daily inbox summary). `cause` as for notifyPerson. */
export async function notifyEmployee(
  db: Queryable,
  input: { municipalityId: string; employeeId: string; kind: NotificationKind; cause: string },
): Promise<QueueResult> {
  const [employee] = await db
    .select({ email: employees.email })
    .from(employees)
    .where(eq(employees.id, input.employeeId))
    .limit(1);
  if (!employee?.email) return { queued: 0, throttled: false };
  const inserted = await db
    .insert(notifications)
    .values({
      municipalityId: input.municipalityId,
      employeeId: input.employeeId,
      channel: "email",
      recipient: employee.email,
      kind: input.kind,
      idempotencyKey: `${input.kind}:${input.cause}:email`,
    })
    .onConflictDoNothing({ target: notifications.idempotencyKey })
    .returning({ id: notifications.id });
  return { queued: inserted.length, throttled: false };
}

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * How long a sent or given-up notification is kept: long enough to answer "did I get a notice?"
 * and to see delivery problems, no longer, since each row holds an e-mail address or a mobile
 * number. A pending row is never removed.
 */
export const notificationRetentionDays = 90;

/** Deletes sent and failed notifications older than the retention time; returns how many. */
export async function pruneNotifications(db: Database, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - notificationRetentionDays * 86_400_000);
  const removed = await db
    .delete(notifications)
    .where(and(inArray(notifications.status, ["sent", "failed"]), lt(sql`coalesce(${notifications.sentAt}, ${notifications.createdAt})`, sql`${before.toISOString()}::timestamptz`)))
    .returning({ id: notifications.id });
  return removed.length;
}
