// Working days in Norway: Monday to Friday, except the public holidays (helligdager) in
// lov om 1. og 17. mai som høgtidsdager and lov om helligdager og helligdagsfred. Used for the
// units' promises to answer messages ("within two working days") and for marking a thread overdue.
// Dates are calendar dates in Norway (Europe/Oslo), whatever the server's time zone.
import { osloDate, osloInstant, osloWallClock } from "./dates";

/** Easter Sunday of a year, by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "2026-04-05" plus `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  const t = Date.parse(`${date}T12:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const holidayCache = new Map<number, Set<string>>();

/** The Norwegian public holidays of a year, as "YYYY-MM-DD". */
export function publicHolidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const set = new Set([
    `${year}-01-01`, // 1. nyttårsdag
    addCalendarDays(easter, -3), // Skjærtorsdag
    addCalendarDays(easter, -2), // Langfredag
    easter, // 1. påskedag
    addCalendarDays(easter, 1), // 2. påskedag
    `${year}-05-01`, // Offentlig høytidsdag
    `${year}-05-17`, // Grunnlovsdag
    addCalendarDays(easter, 39), // Kristi himmelfartsdag
    addCalendarDays(easter, 49), // 1. pinsedag
    addCalendarDays(easter, 50), // 2. pinsedag
    `${year}-12-25`, // 1. juledag
    `${year}-12-26`, // 2. juledag
  ]);
  holidayCache.set(year, set);
  return set;
}

/** Is this calendar date ("YYYY-MM-DD") a working day in Norway? */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !publicHolidays(Number(date.slice(0, 4))).has(date);
}

function oslo(instant: Date) {
  const wall = osloWallClock(instant);
  return { date: osloDate(instant), time: wall.toISOString().slice(11, 19) };
}

/**
 * `from` plus `days` working days, at the same time of day in Norway. A message written on a
 * Friday afternoon with a promise of two working days is due Tuesday afternoon; one written on a
 * Saturday counts from Monday, so it is due Tuesday at the Saturday's time of day.
 */
export function addWorkingDays(from: Date, days: number): Date {
  const start = oslo(from);
  let date = start.date;
  let left = Math.max(0, Math.floor(days));
  while (left > 0) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(date)) left--;
  }
  if (days === 0) return from;
  return osloInstant(date, start.time);
}

/** Whole working days from `from` to `to` (calendar dates in Norway), not counting `from`. */
export function workingDaysBetween(from: Date, to: Date): number {
  let date = oslo(from).date;
  const end = oslo(to).date;
  let count = 0;
  while (date < end) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(date)) count++;
  }
  return count;
}
