import { describe, expect, it } from "vitest";
import { dateOptions, dateTimeOptions, formatDate, formatDateTime, intlLocale, osloInstant, osloWallClock } from "~/utils/dates";
import { supportedLanguages as languages } from "~/i18n/config";

// The portal writes dates itself (Intl's format is slow); the text must be Intl's own.
describe("formatDate and formatDateTime", () => {
  const instants: Date[] = [];
  // Every 47 minutes over two years and a bit: every hour of the day, both changes of summer
  // time each year, the ends of months and of years.
  for (let ms = Date.UTC(2025, 11, 1); ms < Date.UTC(2027, 11, 31); ms += 47 * 60_000) instants.push(new Date(ms));
  // The instants around the changes to and from summer time, minute by minute.
  for (const change of [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(1996, 9, 27, 1)])
    for (let m = -90; m <= 90; m++) instants.push(new Date(change + m * 60_000));
  // Birth dates and old decisions.
  instants.push(new Date("1931-02-28"), new Date("1980-06-01T22:00:00Z"), new Date("2000-01-01T00:00:00+01:00"));

  for (const language of languages) {
    it(`writes what Intl writes, in ${language}`, () => {
      const date = new Intl.DateTimeFormat(intlLocale[language], dateOptions);
      const dateTime = new Intl.DateTimeFormat(intlLocale[language], dateTimeOptions);
      for (const instant of instants) {
        expect(formatDate(instant, language)).toBe(date.format(instant));
        expect(formatDateTime(instant, language)).toBe(dateTime.format(instant));
        expect(formatDateTime(instant.toISOString(), language)).toBe(dateTime.format(instant));
      }
    });
  }

  it("writes Norwegian time in bokmål", () => {
    expect(formatDateTime("2026-03-29T00:59:00Z", "nb")).toBe("29. mars 2026 kl. 01:59");
    expect(formatDateTime("2026-03-29T01:00:00Z", "nb")).toBe("29. mars 2026 kl. 03:00");
    expect(formatDate("2026-12-31T23:30:00Z", "nb")).toBe("1. januar 2027");
    expect(formatDateTime("2026-11-27T13:03:00Z", "en")).toBe("27 November 2026 at 14:03");
  });

  it("turns a wall-clock time in Norway into its instant, also on the days summer time starts and ends", () => {
    const wallOf = (instant: Date) => osloWallClock(instant).toISOString().slice(0, 19);
    for (const date of ["2026-03-29", "2026-10-25", "2026-07-01", "2026-12-24"])
      for (let minutes = 0; minutes < 24 * 60; minutes += 10) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00`;
        const instant = osloInstant(date, time);
        // 02:00–02:59 on 29 March never happens: it is read as winter time (an hour later on the clock).
        if (date === "2026-03-29" && time.startsWith("02:")) expect(wallOf(instant)).toBe(`${date}T03:${time.slice(3)}`);
        else expect(wallOf(instant)).toBe(`${date}T${time}`);
      }
    // 02:30 on 25 October happens twice: the second time, in winter time.
    expect(osloInstant("2026-10-25", "02:30:00").toISOString()).toBe("2026-10-25T01:30:00.000Z");
    expect(osloInstant("2026-12-24", "16:00:00").toISOString()).toBe("2026-12-24T15:00:00.000Z");
    expect(osloInstant("2026-07-01").toISOString()).toBe("2026-06-30T22:00:00.000Z");
  });

  it("refuses an invalid date, as Intl does", () => {
    expect(() => formatDate("not a date", "nb")).toThrow(RangeError);
    expect(() => osloWallClock(new Date(Number.NaN))).toThrow(RangeError);
  });
});
