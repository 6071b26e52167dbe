// Norwegian working days (app/utils/working-days.ts): the public holidays, Easter by the
// computus, and deadlines counted across Easter, Christmas, New Year and 17 May.
import { describe, expect, it } from "vitest";
import { addWorkingDays, easterSunday, isWorkingDay, publicHolidays, workingDaysBetween } from "~/utils/working-days";
import { osloInstant } from "~/utils/dates";

const osloDay = (d: Date) => new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Oslo" }).format(d);
const osloTime = (d: Date) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Oslo", hour: "2-digit", minute: "2-digit" }).format(d);

describe("Easter", () => {
  it("finds Easter Sunday by the computus", () => {
    expect(easterSunday(2024)).toBe("2024-03-31");
    expect(easterSunday(2025)).toBe("2025-04-20");
    expect(easterSunday(2026)).toBe("2026-04-05");
    expect(easterSunday(2027)).toBe("2027-03-28");
    expect(easterSunday(2038)).toBe("2038-04-25");
  });

  it("lists the twelve Norwegian public holidays of 2026", () => {
    expect([...publicHolidays(2026)].sort()).toEqual([
      "2026-01-01",
      "2026-04-02", // Skjærtorsdag
      "2026-04-03", // Langfredag
      "2026-04-05", // 1. påskedag
      "2026-04-06", // 2. påskedag
      "2026-05-01",
      "2026-05-14", // Kristi himmelfartsdag
      "2026-05-17",
      "2026-05-24", // 1. pinsedag
      "2026-05-25", // 2. pinsedag
      "2026-12-25",
      "2026-12-26",
    ]);
  });
});

describe("working days", () => {
  it("excludes weekends and holidays", () => {
    expect(isWorkingDay("2026-11-27")).toBe(true); // Friday
    expect(isWorkingDay("2026-11-28")).toBe(false); // Saturday
    expect(isWorkingDay("2026-11-29")).toBe(false); // Sunday
    expect(isWorkingDay("2026-04-02")).toBe(false); // Skjærtorsdag
    expect(isWorkingDay("2026-04-01")).toBe(true); // Wednesday before Easter
    expect(isWorkingDay("2026-12-24")).toBe(true); // Christmas Eve is not a public holiday
  });

  it("counts a Friday message two working days ahead to Tuesday, same time", () => {
    const due = addWorkingDays(osloInstant("2026-11-27", "14:30:00"), 2);
    expect(osloDay(due)).toBe("2026-12-01");
    expect(osloTime(due)).toBe("14:30");
  });

  it("counts a Saturday message from Monday", () => {
    expect(osloDay(addWorkingDays(osloInstant("2026-11-28", "10:00:00"), 2))).toBe("2026-12-01");
  });

  it("skips Easter: a message on the Wednesday before Easter is due after 2. påskedag", () => {
    // Thu 2 Apr, Fri 3 Apr, Sat, Sun, Mon 6 Apr are all days off in 2026.
    expect(osloDay(addWorkingDays(osloInstant("2026-04-01", "09:00:00"), 1))).toBe("2026-04-07");
    expect(osloDay(addWorkingDays(osloInstant("2026-04-01", "09:00:00"), 2))).toBe("2026-04-08");
    // Across summer time (29 March 2026), the wall-clock time stays the same.
    const due = addWorkingDays(osloInstant("2026-03-27", "15:00:00"), 3);
    expect(osloDay(due)).toBe("2026-04-01");
    expect(osloTime(due)).toBe("15:00");
  });

  it("skips Christmas and New Year", () => {
    // Wed 23 Dec 2026: 24 Dec (Thu) counts, 25–27 do not, 28 Dec (Mon) does.
    expect(osloDay(addWorkingDays(osloInstant("2026-12-23", "12:00:00"), 2))).toBe("2026-12-28");
    // Thu 31 Dec 2026: 1 Jan is a holiday (Friday), then the weekend.
    expect(osloDay(addWorkingDays(osloInstant("2026-12-31", "12:00:00"), 1))).toBe("2027-01-04");
    expect(osloDay(addWorkingDays(osloInstant("2026-12-31", "12:00:00"), 2))).toBe("2027-01-05");
  });

  it("skips 17 May on a weekday", () => {
    // 17 May 2027 is a Monday.
    expect(isWorkingDay("2027-05-17")).toBe(false);
    expect(osloDay(addWorkingDays(osloInstant("2027-05-14", "11:00:00"), 1))).toBe("2027-05-18");
    // Kristi himmelfartsdag 2027 is Thursday 6 May.
    expect(osloDay(addWorkingDays(osloInstant("2027-05-05", "11:00:00"), 1))).toBe("2027-05-07");
  });

  it("counts working days between two instants", () => {
    expect(workingDaysBetween(osloInstant("2026-12-23", "12:00:00"), osloInstant("2026-12-29", "08:00:00"))).toBe(3);
  });
});
