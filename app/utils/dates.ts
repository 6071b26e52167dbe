import type { Language } from "~/i18n/config";

export const intlLocale: Record<Language, string> = { nb: "nb-NO", nn: "nn-NO", en: "en-GB" };

export const dateOptions: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Oslo" };
export const dateTimeOptions: Intl.DateTimeFormatOptions = { ...dateOptions, hour: "2-digit", minute: "2-digit" };

// ---------------------------------------------------------------------------------------------
// Norway's clock
//
// Intl.DateTimeFormat's format costs about 4 µs a call, and the case list shows 50 dates a page.
// Europe/Oslo's offset from UTC changes only on a whole UTC hour (summer time starts and ends at
// 01:00 UTC), so it is looked up once per hour and kept; the wall clock is then arithmetic.

const offsetFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Oslo", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const hourMs = 3_600_000;
const offsets = new Map<number, number>();

/** Norway's offset from UTC, in milliseconds, at an instant (ms since 1970). */
export function osloOffset(ms: number): number {
  const hour = Math.floor(ms / hourMs);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = hour * hourMs;
    const [h, m] = offsetFormat.format(new Date(start)).split(":").map(Number);
    const utc = new Date(start);
    const minutes = (h * 60 + m - (utc.getUTCHours() * 60 + utc.getUTCMinutes()) + 1440) % 1440;
    offset = (minutes > 720 ? minutes - 1440 : minutes) * 60_000;
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** The wall clock in Norway at an instant, read with getUTC… (year, month, date, hours, minutes). */
export function osloWallClock(instant: Date): Date {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid time value");
  return new Date(ms + osloOffset(ms));
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The calendar date in Norway at an instant: "2026-03-29". */
export function osloDate(instant: Date | string): string {
  const wall = osloWallClock(typeof instant === "string" ? new Date(instant) : instant);
  return `${String(wall.getUTCFullYear()).padStart(4, "0")}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`;
}

/** The year in Norway at an instant (references are numbered per calendar year). */
export function osloYear(instant: Date | string): number {
  return osloWallClock(typeof instant === "string" ? new Date(instant) : instant).getUTCFullYear();
}

/** The hour of the day in Norway at an instant (0–23). */
export function osloHour(instant: Date): number {
  return osloWallClock(instant).getUTCHours();
}

/**
 * Norway's offset at a wall-clock time in Norway (its digits read as UTC, in ms since 1970). Looked
 * up twice, so that a time near a change to or from summer time gets the offset in force then. A
 * time that happens twice (autumn) gets the later, winter one; one that never happens (spring, 02:xx)
 * gets winter's offset, as if the clock had not been put forward.
 */
export function osloOffsetAtWallClock(wall: number): number {
  return osloOffset(wall - osloOffset(wall));
}

/** The instant a wall-clock time in Norway stands for ("2026-12-24", "16:00:00"). */
export function osloInstant(date: string, time = "00:00:00"): Date {
  const wall = Date.parse(`${date}T${time}Z`);
  return new Date(wall - osloOffsetAtWallClock(wall));
}

/** The first instant after the calendar date `date` (YYYY-MM-DD) has ended in Norway. */
export function endOfOsloDay(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  // Midnight UTC of the next day, moved back by Norway's offset at that moment (+1 or +2 hours).
  const nextMidnightUtc = Date.UTC(y, m - 1, d + 1);
  return new Date(nextMidnightUtc - osloOffset(nextMidnightUtc));
}

// ---------------------------------------------------------------------------------------------
// Dates as text
//
// Each language's pattern (the order of day, month and year, and the words between them) and its
// month names are read once from Intl, so the text is Intl's own, character for character
// (tests/unit/dates.test.ts compares them over two years, summer time included).

type Pattern = string[];
type Compiled = { pattern: Pattern; months: string[] };
const fields = new Set(["day", "month", "year", "hour", "minute"]);

function compile(locale: Language, options: Intl.DateTimeFormatOptions): Compiled {
  const format = new Intl.DateTimeFormat(intlLocale[locale], options);
  // Literals are kept with a marker, so that a literal can never be read as a field.
  const pattern: Pattern = format.formatToParts(new Date(Date.UTC(2026, 0, 15, 12))).map((p) => (fields.has(p.type) ? p.type : `\u0000${p.value}`));
  const months = Array.from({ length: 12 }, (_, month) =>
    format.formatToParts(new Date(Date.UTC(2026, month, 15, 12))).find((p) => p.type === "month")!.value,
  );
  return { pattern, months };
}

const compiled = new Map<string, Compiled>();

function formatWith(kind: "date" | "dateTime", iso: string | Date, locale: Language) {
  const key = `${kind}|${locale}`;
  let format = compiled.get(key);
  if (!format) compiled.set(key, (format = compile(locale, kind === "date" ? dateOptions : dateTimeOptions)));
  const wall = osloWallClock(typeof iso === "string" ? new Date(iso) : iso);
  let text = "";
  for (const part of format.pattern) {
    if (part === "day") text += wall.getUTCDate();
    else if (part === "month") text += format.months[wall.getUTCMonth()];
    else if (part === "year") text += wall.getUTCFullYear();
    else if (part === "hour") text += pad2(wall.getUTCHours());
    else if (part === "minute") text += pad2(wall.getUTCMinutes());
    else text += part.slice(1);
  }
  return text;
}

/** A date as residents read it, in Norwegian time: "27. november 2026". */
export function formatDate(iso: string | Date, locale: Language) {
  return formatWith("date", iso, locale);
}

/** A point in time in Norwegian time, for history and audit: "27. november 2026 kl. 14:03". */
export function formatDateTime(iso: string | Date, locale: Language) {
  return formatWith("dateTime", iso, locale);
}
