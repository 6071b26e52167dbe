// Delivering the outbox. The `notifications` table is the queue and the only source of truth:
// a worker claims due rows with FOR UPDATE SKIP LOCKED and stamps a lease (`locked_until`) on
// them, sends, and marks each row sent with the gateway's id. Two workers never take the same
// row; a worker that dies mid-send leaves its lease to run out, and then another takes the row.
// Transient failures (server down, 4xx deferral) are retried with growing pauses up to
// maxAttempts; then, or at once for a refusal, the row is `failed` with the error's kind only.
//
// "Never twice": the only window for a second copy is a worker that dies after the SMTP server
// accepted the message and before the row was marked. The Message-ID is made from the row's id
// (<notification-id@portal-host>), so the copy is recognisable as the same message (and SMS
// gateways get the id as Idempotency-Key). The send timeouts are shorter than the lease, so a
// slow send fails its attempt before another worker may take the row.
import { and, eq, inArray, isNull, lt, lte, notInArray, or, sql } from "drizzle-orm";
import { employees, messageThreads, municipalities, notifications, units, type Notification } from "../../../db/schema";
import type { Database } from "../db";
import { describeError, logger } from "../logger";
import type { NotificationKind } from "./outbox";
import { emailBody, renderNotification } from "./texts";
import { DeliveryError, type Transports } from "./transports";

export type DeliveryOptions = {
  transports: Transports;
  /** The portal's address: the texts point residents to it, and its host names the Message-ID. */
  publicUrl: string;
  /** Rows per run. */
  limit?: number;
  /** How long a claimed row is held before another worker may take it. */
  leaseSeconds?: number;
  maxAttempts?: number;
  /** Pause before attempt `attempt + 1`, after `attempt` attempts failed. */
  retryDelaySeconds?: (attempt: number) => number;
};

export type DeliveryReport = { sent: number; retried: number; failed: number };

export const defaultLeaseSeconds = 120;
export const defaultMaxAttempts = 8;

/** 30 s, 1, 2, 4, 8, 16, 32 min, then at most an hour: about an hour in all before giving up. */
export function defaultRetryDelaySeconds(attempt: number) {
  return Math.min(30 * 2 ** Math.max(0, attempt - 1), 3600);
}

/** Claims the due rows: pending, due, and not held by a live lease. */
export async function claimDue(db: Database, limit: number, leaseSeconds: number, exclude: string[] = []): Promise<Notification[]> {
  const due = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.status, "pending"),
        lte(notifications.sendAfter, sql`now()`),
        or(isNull(notifications.lockedUntil), lt(notifications.lockedUntil, sql`now()`)),
        exclude.length > 0 ? notInArray(notifications.id, exclude) : undefined,
      ),
    )
    .orderBy(notifications.sendAfter)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(notifications)
    .set({
      // Whole milliseconds, so the lease read back into a JS Date still matches the column when
      // the worker marks the row (finish() only touches rows under its own lease).
      lockedUntil: sql`date_trunc('milliseconds', now() + make_interval(secs => ${leaseSeconds}))`,
      attempts: sql`${notifications.attempts} + 1`,
    })
    .where(inArray(notifications.id, due))
    .returning();
}

/** Sends what is due, once. The scheduler (./scheduler.ts) calls this every few seconds. */
export async function deliverDue(db: Database, options: DeliveryOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  const names = new Map<string, string>();
  const seen: string[] = [];
  // One row at a time: each lease starts right before its own send, so rows further down a
  // batch can never sit out their lease while earlier ones are sent (and be taken twice). A row
  // that failed in this run waits for the next one, even when its pause is already over.
  for (let i = 0; i < (options.limit ?? 20); i++) {
    const [row] = await claimDue(db, 1, options.leaseSeconds ?? defaultLeaseSeconds, seen);
    if (!row) break;
    seen.push(row.id);
    const outcome = await deliverOne(db, row, options, names);
    report[outcome] += 1;
  }
  return report;
}

async function deliverOne(
  db: Database,
  row: Notification,
  options: DeliveryOptions,
  names: Map<string, string>,
): Promise<"sent" | "retried" | "failed"> {
  const fields = { notificationId: row.id, channel: row.channel, kind: row.kind, attempt: row.attempts };
  try {
    let municipality = names.get(row.municipalityId);
    if (!municipality) {
      const [m] = await db.select({ name: municipalities.name }).from(municipalities).where(eq(municipalities.id, row.municipalityId));
      municipality = m?.name ?? "";
      names.set(row.municipalityId, municipality);
    }
    const kind = row.kind as NotificationKind;
    let digest: { unit: string; count: number } | undefined;
    if (kind === "inbox_digest") {
      digest = await digestNow(db, row);
      if (!digest) {
        // Someone took every thread between queuing and sending: there is nothing to say.
        await finish(db, row, { status: "failed", lastError: "obsolete" });
        logger.info("notification.obsolete", fields);
        return "failed";
      }
    }
    const rendered = renderNotification({ kind, locale: row.locale, municipality, publicUrl: options.publicUrl, digest });
    let providerMessageId: string;
    if (row.channel === "email") {
      const host = new URL(options.publicUrl).hostname;
      ({ providerMessageId } = await options.transports.email.send({
        to: row.recipient,
        subject: rendered.subject,
        text: emailBody(rendered, row.locale, municipality),
        messageId: `<${row.id}@${host}>`,
      }));
    } else {
      ({ providerMessageId } = await options.transports.sms.send(row.recipient, rendered.text, { reference: row.id }));
    }
    await finish(db, row, { status: "sent", providerMessageId });
    logger.info("notification.sent", fields);
    return "sent";
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError("internal_error", true);
    if (!(error instanceof DeliveryError)) logger.error("notification.internal_error", { ...fields, ...describeError(error) });
    const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
    if (failure.transient && row.attempts < maxAttempts) {
      const delay = (options.retryDelaySeconds ?? defaultRetryDelaySeconds)(row.attempts);
      await finish(db, row, { status: "pending", lastError: failure.kind, retryInSeconds: delay });
      logger.warn("notification.retry_later", { ...fields, error: failure.kind, retryInSeconds: delay });
      return "retried";
    }
    await finish(db, row, { status: "failed", lastError: failure.kind });
    logger.error("notification.failed", { ...fields, error: failure.kind });
    return "failed";
  }
}

async function finish(
  db: Database,
  row: Notification,
  outcome:
    | { status: "sent"; providerMessageId: string }
    | { status: "failed"; lastError: string }
    | { status: "pending"; lastError: string; retryInSeconds: number },
) {
  await db
    .update(notifications)
    .set(
      outcome.status === "sent"
        ? { status: "sent", sentAt: sql`now()`, providerMessageId: outcome.providerMessageId, lockedUntil: null, lastError: null }
        : outcome.status === "failed"
          ? { status: "failed", lastError: outcome.lastError, lockedUntil: null }
          : {
              status: "pending",
              lastError: outcome.lastError,
              lockedUntil: null,
              sendAfter: sql`now() + make_interval(secs => ${outcome.retryInSeconds})`,
            },
    )
    // Only while the row is still ours: pending, under the lease this worker stamped.
    .where(and(eq(notifications.id, row.id), eq(notifications.status, "pending"), eq(notifications.lockedUntil, row.lockedUntil!)));
}

/** For a digest: the employee's unit and how many of its threads wait without a caseworker now. */
async function digestNow(db: Database, row: Notification): Promise<{ unit: string; count: number } | undefined> {
  if (!row.employeeId) return undefined;
  const [found] = await db
    .select({ unitId: units.id, displayName: units.displayName })
    .from(employees)
    .innerJoin(units, and(eq(units.municipalityId, employees.municipalityId), eq(units.name, employees.unit)))
    .where(eq(employees.id, row.employeeId))
    .limit(1);
  if (!found) return undefined;
  const count = await countUnassigned(db, found.unitId);
  if (count === 0) return undefined;
  const locale = row.locale === "nn" || row.locale === "en" ? row.locale : "nb";
  return { unit: found.displayName[locale], count };
}

/** Threads in a unit's inbox that wait for the municipality and have no caseworker. */
export async function countUnassigned(db: Database, unitId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messageThreads)
    .where(and(eq(messageThreads.unitId, unitId), isNull(messageThreads.assignedEmployeeId), eq(messageThreads.state, "awaiting_municipality")));
  return Number(r?.n ?? 0);
}
