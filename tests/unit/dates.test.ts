import { describe, expect, it } from "vitest";
import { dateOptions, dateTimeOptions, formatDate, formatDateTime, intlLocale, osloWallClock } from "~/utils/dates";
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

  it("refuses an invalid date, as Intl does", () => {
    expect(() => formatDate("not a date", "nb")).toThrow(RangeError);
    expect(() => osloWallClock(new Date(Number.NaN))).toThrow(RangeError);
  });
});
