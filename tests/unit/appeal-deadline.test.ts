// The appeal deadline: four weeks for health and care services (pasient- og brukerrettighetsloven
// § 7-5), three weeks for other individual decisions (forvaltningsloven § 29), counted in
// calendar days from the decision's date in Norway, across month and year ends and leap days.
import { describe, expect, it } from "vitest";
import { appealDeadlineFor, deriveStatus, type StatusEvent } from "~/.server/applications/status";

describe("appealDeadlineFor", () => {
  it.each([
    // date, rule, last day
    ["2026-03-10", "pbrl", "2026-04-07"],
    ["2026-03-10", "fvl", "2026-03-31"],
    // Month ends: the deadline falls in the next month on the same weekday.
    ["2026-01-31", "pbrl", "2026-02-28"],
    ["2026-01-31", "fvl", "2026-02-21"],
    ["2026-04-30", "fvl", "2026-05-21"],
    ["2026-05-31", "pbrl", "2026-06-28"],
    // February in a leap year and not.
    ["2028-02-10", "pbrl", "2028-03-09"],
    ["2027-02-10", "pbrl", "2027-03-10"],
    ["2028-02-08", "fvl", "2028-02-29"],
    // Across the year end.
    ["2026-12-15", "pbrl", "2027-01-12"],
    ["2026-12-31", "fvl", "2027-01-21"],
  ] as const)("%s under %s: last day %s", (decided, rule, last) => {
    expect(appealDeadlineFor(decided, rule)).toBe(last);
  });

  it("ends on the same weekday as the decision", () => {
    for (const decided of ["2026-01-05", "2026-02-27", "2026-10-25", "2027-12-31"]) {
      for (const rule of ["pbrl", "fvl"] as const) {
        const day = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
        expect(day(appealDeadlineFor(decided, rule))).toBe(day(decided));
      }
    }
  });
});

const ev = (type: string, occurredAt: string, payload: Record<string, unknown> = {}): StatusEvent => ({ type, occurredAt, payload });
const at = (iso: string) => new Date(iso);

describe("deriveStatus: the appeal rule stored with the decision", () => {
  const received = ev("received", "2026-01-05T09:00:00Z");

  it("uses four weeks when the decision carries no rule (decisions made before rules were stored)", () => {
    const decided = ev("decided", "2026-01-31T10:00:00Z", { outcomes: [{ service: "praktisk-bistand", outcome: "granted" }], reasoning: "r" });
    const s = deriveStatus([received, decided], at("2026-02-01T10:00:00Z"));
    expect(s.deadlines.appealDeadline).toEqual({
      date: "2026-02-28",
      decidedOn: "2026-01-31",
      rule: "pbrl",
      earliestOpen: "2026-02-28",
      byService: [{ service: "praktisk-bistand", rule: "pbrl", date: "2026-02-28" }],
    });
  });

  it("uses three weeks for a service under forvaltningsloven, open through the last day in Norway", () => {
    const decided = ev("decided", "2026-04-30T10:00:00Z", {
      outcomes: [{ service: "omsorgsbolig", outcome: "refused" }],
      reasoning: "r",
      appealRules: { omsorgsbolig: "fvl" },
    });
    const last = deriveStatus([received, decided], at("2026-05-21T21:59:00Z")); // 23:59 in Oslo (summer time)
    expect(last.deadlines).toMatchObject({ appealOpen: true, appealDeadline: { rule: "fvl", date: "2026-05-21" } });
    expect(last.nextStep).toEqual({ key: "decidedCanAppeal", date: "2026-05-21" });
    const after = deriveStatus([received, decided], at("2026-05-21T22:00:00Z")); // midnight in Oslo
    expect(after.deadlines.appealOpen).toBe(false);
    expect(after.nextStep).toEqual({ key: "decidedFinal" });
  });

  it("keeps a deadline per service when the rules differ: the earliest open one is the one to watch, the window closes with the last", () => {
    const decided = ev("decided", "2026-03-10T10:00:00Z", {
      outcomes: [
        { service: "praktisk-bistand", outcome: "granted" },
        { service: "omsorgsbolig", outcome: "refused" },
      ],
      reasoning: "r",
      appealRules: { "praktisk-bistand": "pbrl", omsorgsbolig: "fvl" },
    });
    const early = deriveStatus([received, decided], at("2026-03-20T10:00:00Z"));
    expect(early.deadlines.appealDeadline).toMatchObject({ rule: "mixed", date: "2026-04-07", earliestOpen: "2026-03-31" });
    expect(early.nextDeadline).toEqual({ kind: "appeal", date: "2026-03-31", overdue: false });
    const between = deriveStatus([received, decided], at("2026-04-02T10:00:00Z"));
    expect(between.deadlines).toMatchObject({ appealOpen: true, appealDeadline: { earliestOpen: "2026-04-07" } });
    expect(between.nextStep).toEqual({ key: "decidedCanAppeal", date: "2026-04-07" });
    const late = deriveStatus([received, decided], at("2026-04-08T10:00:00Z"));
    expect(late.deadlines.appealOpen).toBe(false);
  });

  it("ignores an unknown rule (four weeks) rather than failing", () => {
    const decided = ev("decided", "2026-03-10T10:00:00Z", {
      outcomes: [{ service: "x", outcome: "granted" }],
      reasoning: "r",
      appealRules: { x: "six-weeks" },
    });
    expect(deriveStatus([received, decided], at("2026-03-11T10:00:00Z")).deadlines.appealDeadline).toMatchObject({ rule: "pbrl", date: "2026-04-07" });
  });
});
