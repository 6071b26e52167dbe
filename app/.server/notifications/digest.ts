// The caseworkers' daily summary: on working days (07:00 Europe/Oslo, see ./scheduler.ts), every
// employee who has asked for it and given an e-mail address gets one e-mail if their unit has
// threads waiting without a caseworker. It holds only the count (worked out when it is sent).
// The cause is the employee and the date, so a day never queues two, whoever runs it.
import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { employees, messageThreads, units } from "../../../db/schema";
import type { Database } from "../db";
import { isWorkingDay } from "~/utils/working-days";
import { notifyEmployee } from "./outbox";
import { osloDate, osloHour } from "~/utils/dates";

/** Queues today's summaries; returns how many were queued now (0 when they already were). */
export async function queueDailyDigests(db: Database, date: string): Promise<number> {
  const waiting = db
    .select({ unitId: messageThreads.unitId, n: sql<number>`count(*)::int`.as("n") })
    .from(messageThreads)
    .where(and(isNull(messageThreads.assignedEmployeeId), eq(messageThreads.state, "awaiting_municipality")))
    .groupBy(messageThreads.unitId)
    .as("waiting");
  const recipients = await db
    .select({ employeeId: employees.id, municipalityId: employees.municipalityId })
    .from(employees)
    .innerJoin(units, and(eq(units.municipalityId, employees.municipalityId), eq(units.name, employees.unit)))
    .innerJoin(waiting, eq(waiting.unitId, units.id))
    .where(and(eq(employees.dailyDigest, true), isNotNull(employees.email), gt(waiting.n, 0)));
  let queued = 0;
  for (const r of recipients) {
    const result = await notifyEmployee(db, {
      municipalityId: r.municipalityId,
      employeeId: r.employeeId,
      kind: "inbox_digest",
      cause: `digest:${date}:${r.employeeId}`,
    });
    queued += result.queued;
  }
  return queued;
}

/** The scheduled run: today's summaries on a working day in Norway, nothing on weekends and holidays. */
export async function runDailyDigest(db: Database, instant = new Date()): Promise<number> {
  const { date } = osloNow(instant);
  if (!isWorkingDay(date)) return 0;
  return queueDailyDigests(db, date);
}

/** The calendar date and hour in Norway at an instant. */
export function osloNow(instant = new Date()): { date: string; hour: number } {
  return { date: osloDate(instant), hour: osloHour(instant) };
}
