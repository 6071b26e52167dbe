import { describe, expect, it } from "vitest";
import {
  addMonths,
  deriveStatus,
  toCalendarDate,
  type StatusEvent,
} from "~/.server/applications/status";
import { addCalendarDays } from "~/utils/working-days";
import { osloDate } from "~/utils/dates";

// deriveStatus is a pure fold over the case events: every stage, the deadlines the law sets
// (fvl § 11 a one month, pbrl § 7-5 four weeks), calendar edges and Norwegian time.

const ev = (type: string, occurredAt: string, payload: Record<string, unknown> = {}): StatusEvent => ({
  type,
  occurredAt,
  payload,
  source: "fagsystem",
});

const received = ev("received", "2026-03-02T09:00:00Z");
const decidedPartly = ev("decided", "2026-04-10T10:00:00Z", {
  outcomes: [
    { service: "hjemmesykepleie", outcome: "partly_granted", description: "Tre besøk i uken" },
    { service: "praktisk-bistand", outcome: "refused" },
  ],
  reasoning: "Du klarer mye selv.",
  criteria: ["Kartlegging", "Legeerklæring"],
});
const at = (iso: string) => new Date(iso);

describe("calendar helpers", () => {
  it("adds a month the way the law counts: 31 January + 1 month is the last day of February", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29"); // leap year
    expect(addMonths("2026-01-30", 1)).toBe("2026-02-28");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2026-02-28", 1)).toBe("2026-03-28");
  });

  it("adds days across month and year ends", () => {
    expect(addCalendarDays("2026-12-20", 28)).toBe("2027-01-17");
    expect(addCalendarDays("2026-02-01", 28)).toBe("2026-03-01");
    expect(addCalendarDays("2026-03-29", -1)).toBe("2026-03-28");
  });

  it("takes the date in Norway, not in UTC, around the start and end of summer time", () => {
    // 29 March 2026: clocks go from 02:00 to 03:00. 23:30 UTC on the 28th is 00:30 on the 29th in Oslo.
    expect(osloDate(at("2026-03-28T23:30:00Z"))).toBe("2026-03-29");
    expect(osloDate(at("2026-03-28T22:59:00Z"))).toBe("2026-03-28");
    // After the change Oslo is UTC+2: 22:30 UTC on 29 March is already 30 March.
    expect(osloDate(at("2026-03-29T22:30:00Z"))).toBe("2026-03-30");
    // 25 October 2026: back to UTC+1. 22:30 UTC on the 24th is 00:30 on the 25th (still summer time).
    expect(osloDate(at("2026-10-24T22:30:00Z"))).toBe("2026-10-25");
    expect(osloDate(at("2026-10-25T22:30:00Z"))).toBe("2026-10-25");
    expect(osloDate(at("2026-10-25T23:00:00Z"))).toBe("2026-10-26");
  });

  it("reads payload dates as calendar dates and rejects nonsense", () => {
    expect(toCalendarDate("2026-05-17")).toBe("2026-05-17");
    expect(toCalendarDate("2026-05-16T22:30:00Z")).toBe("2026-05-17");
    expect(toCalendarDate("2026-02-30")).toBeUndefined();
    expect(toCalendarDate("i morgen")).toBeUndefined();
    expect(toCalendarDate(42)).toBeUndefined();
  });
});

describe("deriveStatus: stages", () => {
  it("received: the clock for a preliminary reply starts", () => {
    const s = deriveStatus([received], at("2026-03-10T12:00:00Z"));
    expect(s.stage).toBe("received");
    expect(s.receivedAt).toBe("2026-03-02T09:00:00.000Z");
    expect(s.deadlines.preliminaryReplyDue).toEqual({ date: "2026-04-02", overdue: false });
    expect(s.nextStep).toEqual({ key: "awaitingDecisionOrReply", date: "2026-04-02" });
    expect(s.nextDeadline).toEqual({ kind: "preliminaryReply", date: "2026-04-02", overdue: false });
    expect(s.outcomes).toEqual([]);
    expect(s.deadlines.appealOpen).toBe(false);
  });

  it("received with no events yet falls back to when it was submitted", () => {
    const s = deriveStatus([], at("2026-03-10T12:00:00Z"), { submittedAt: "2026-03-09T08:00:00Z" });
    expect(s.stage).toBe("received");
    expect(s.deadlines.preliminaryReplyDue?.date).toBe("2026-04-09");
  });

  it("in progress: an assessment visit is planned", () => {
    const s = deriveStatus(
      [received, ev("assessment_planned", "2026-03-05T08:00:00Z", { plannedAt: "2026-03-12T09:00:00Z" })],
      at("2026-03-06T12:00:00Z"),
    );
    expect(s.stage).toBe("in_progress");
    expect(s.plannedAssessment).toBe("2026-03-12T09:00:00.000Z");
    expect(s.nextStep).toEqual({ key: "assessmentVisit", date: "2026-03-12T09:00:00.000Z" });
  });

  it("in progress: after the visit, back to waiting for the decision", () => {
    const s = deriveStatus(
      [received, ev("assessment_planned", "2026-03-05T08:00:00Z", { plannedAt: "2026-03-12T09:00:00Z" })],
      at("2026-03-13T12:00:00Z"),
    );
    expect(s.plannedAssessment).toBeUndefined();
    expect(s.nextStep.key).toBe("awaitingDecisionOrReply");
  });

  it("preliminary reply overdue: a month has passed without a decision or a reply", () => {
    const s = deriveStatus([received], at("2026-04-03T08:00:00Z"));
    expect(s.deadlines.preliminaryReplyDue).toEqual({ date: "2026-04-02", overdue: true });
    expect(s.nextStep).toEqual({ key: "preliminaryReplyOverdue", date: "2026-04-02" });
    // On the due date itself it is not yet overdue.
    expect(deriveStatus([received], at("2026-04-02T21:59:00Z")).deadlines.preliminaryReplyDue?.overdue).toBe(false);
  });

  it("month end: received 31 January (in Norway) means a preliminary reply is due 28 February", () => {
    // 23:30 UTC on 30 January is 00:30 on 31 January in Oslo.
    const lateNight = ev("received", "2026-01-30T23:30:00Z");
    const s = deriveStatus([lateNight], at("2026-02-28T22:59:00Z")); // 23:59 on 28 February in Oslo
    expect(s.deadlines.preliminaryReplyDue).toEqual({ date: "2026-02-28", overdue: false });
    expect(deriveStatus([lateNight], at("2026-02-28T23:00:00Z")).deadlines.preliminaryReplyDue).toEqual({
      date: "2026-02-28",
      overdue: true,
    });
  });

  it("a preliminary reply replaces the one-month deadline with the promised date", () => {
    const reply = ev("preliminary_reply", "2026-03-30T10:00:00Z", { expectedDecisionBy: "2026-05-15" });
    const s = deriveStatus([received, reply], at("2026-04-20T10:00:00Z"));
    expect(s.stage).toBe("in_progress");
    expect(s.deadlines.preliminaryReplyDue).toBeUndefined();
    expect(s.deadlines.expectedDecisionBy).toEqual({ date: "2026-05-15", overdue: false });
    expect(s.nextStep).toEqual({ key: "awaitingDecisionBy", date: "2026-05-15" });
    const late = deriveStatus([received, reply], at("2026-05-16T10:00:00Z"));
    expect(late.deadlines.expectedDecisionBy?.overdue).toBe(true);
    expect(late.nextStep.key).toBe("decisionLate");
  });

  it("waiting for you: documentation is requested, with a due date", () => {
    const s = deriveStatus(
      [received, ev("documentation_requested", "2026-03-10T10:00:00Z", { description: "Legeerklæring", dueDate: "2026-03-24" })],
      at("2026-03-12T10:00:00Z"),
    );
    expect(s.stage).toBe("waiting_for_you");
    expect(s.openDocumentationRequest).toEqual({
      description: "Legeerklæring",
      dueDate: "2026-03-24",
      requestedAt: "2026-03-10T10:00:00.000Z",
      overdue: false,
    });
    expect(s.nextStep).toEqual({ key: "sendDocumentation", date: "2026-03-24" });
    expect(s.nextDeadline).toEqual({ kind: "documentation", date: "2026-03-24", overdue: false });
    // The § 11 a clock keeps running while the municipality waits.
    expect(s.deadlines.preliminaryReplyDue?.date).toBe("2026-04-02");
    const late = deriveStatus(
      [received, ev("documentation_requested", "2026-03-10T10:00:00Z", { description: "Legeerklæring", dueDate: "2026-03-24" })],
      at("2026-03-25T10:00:00Z"),
    );
    expect(late.openDocumentationRequest?.overdue).toBe(true);
  });

  it("a documentation request that is answered is closed and the case is in progress again", () => {
    const s = deriveStatus(
      [
        received,
        ev("documentation_requested", "2026-03-10T10:00:00Z", { description: "Legeerklæring", dueDate: "2026-03-24" }),
        ev("documentation_received", "2026-03-20T10:00:00Z"),
      ],
      at("2026-03-21T10:00:00Z"),
    );
    expect(s.stage).toBe("in_progress");
    expect(s.openDocumentationRequest).toBeUndefined();
    expect(s.nextStep.key).toBe("awaitingDecisionOrReply");
  });

  it("decided: outcomes per service, reasoning, criteria, and the appeal window open", () => {
    const s = deriveStatus([received, decidedPartly], at("2026-04-20T10:00:00Z"));
    expect(s.stage).toBe("decided");
    expect(s.outcomes.map((o) => [o.service, o.outcome, o.by])).toEqual([
      ["hjemmesykepleie", "partly_granted", "decision"],
      ["praktisk-bistand", "refused", "decision"],
    ]);
    expect(s.decision?.reasoning).toBe("Du klarer mye selv.");
    expect(s.decision?.criteria).toEqual(["Kartlegging", "Legeerklæring"]);
    // Undecided deadlines are gone once there is a decision.
    expect(s.deadlines.preliminaryReplyDue).toBeUndefined();
    expect(s.deadlines.appealDeadline).toMatchObject({ date: "2026-05-08", decidedOn: "2026-04-10", rule: "pbrl" });
    expect(s.deadlines.appealOpen).toBe(true);
    expect(s.nextStep).toEqual({ key: "decidedCanAppeal", date: "2026-05-08" });
    expect(s.nextDeadline).toEqual({ kind: "appeal", date: "2026-05-08", overdue: false });
  });

  it("the appeal window: open through the last day in Norway, closed the minute after midnight", () => {
    expect(deriveStatus([received, decidedPartly], at("2026-05-08T21:59:00Z")).deadlines.appealOpen).toBe(true); // 23:59 in Oslo
    const closed = deriveStatus([received, decidedPartly], at("2026-05-08T22:00:00Z")); // 00:00 on 9 May in Oslo
    expect(closed.deadlines.appealOpen).toBe(false);
    expect(closed.nextStep).toEqual({ key: "decidedFinal" });
    expect(closed.nextDeadline).toBeUndefined();
  });

  it("the appeal deadline counts from the date in Norway of a decision made just after midnight in summer time", () => {
    // 00:30 on 25 October in Oslo (22:30 UTC the day before): four weeks later is 22 November.
    const decided = ev("decided", "2026-10-24T22:30:00Z", { outcomes: [{ service: "avlastning", outcome: "granted" }], reasoning: "Ja" });
    const s = deriveStatus([received, decided], at("2026-11-22T22:59:00Z")); // 23:59 on 22 November, winter time
    expect(s.deadlines.appealDeadline).toMatchObject({ date: "2026-11-22", decidedOn: "2026-10-25" });
    expect(s.deadlines.appealOpen).toBe(true);
    expect(deriveStatus([received, decided], at("2026-11-22T23:00:00Z")).deadlines.appealOpen).toBe(false);
  });

  it("a decision closes an open documentation request", () => {
    const s = deriveStatus(
      [received, ev("documentation_requested", "2026-03-10T10:00:00Z", { description: "x", dueDate: "2026-03-24" }), decidedPartly],
      at("2026-04-11T10:00:00Z"),
    );
    expect(s.stage).toBe("decided");
    expect(s.openDocumentationRequest).toBeUndefined();
  });

  it("appealed: the municipality has the appeal; the window no longer offers a new appeal", () => {
    const s = deriveStatus([received, decidedPartly, ev("appeal_received", "2026-04-20T10:00:00Z")], at("2026-04-21T10:00:00Z"));
    expect(s.stage).toBe("appealed");
    expect(s.appeal?.receivedAt).toBe("2026-04-20T10:00:00.000Z");
    expect(s.deadlines.appealOpen).toBe(false);
    expect(s.nextStep.key).toBe("appealWithMunicipality");
  });

  it("appealed and reconsidered without full agreement: on its way to Statsforvalteren", () => {
    const s = deriveStatus(
      [
        received,
        decidedPartly,
        ev("appeal_received", "2026-04-20T10:00:00Z"),
        ev("appeal_reconsidered", "2026-04-25T10:00:00Z", { outcome: "partly_granted" }),
      ],
      at("2026-04-26T10:00:00Z"),
    );
    expect(s.stage).toBe("appealed");
    expect(s.nextStep.key).toBe("appealBeingForwarded");
    expect(s.outcomes.every((o) => o.outcome === "partly_granted" && o.by === "appeal_reconsidered")).toBe(true);
  });

  it("appeal reconsidered in the resident's favour ends the appeal", () => {
    const s = deriveStatus(
      [
        received,
        decidedPartly,
        ev("appeal_received", "2026-04-20T10:00:00Z"),
        ev("appeal_reconsidered", "2026-04-25T10:00:00Z", { outcome: "granted", service: "hjemmesykepleie" }),
      ],
      at("2026-04-26T10:00:00Z"),
    );
    expect(s.stage).toBe("appeal_decided");
    expect(s.outcomes.find((o) => o.service === "hjemmesykepleie")).toMatchObject({ outcome: "granted", by: "appeal_reconsidered", description: "Tre besøk i uken" });
    expect(s.outcomes.find((o) => o.service === "praktisk-bistand")?.outcome).toBe("refused");
  });

  it("appeal forwarded to Statsforvalteren", () => {
    const s = deriveStatus(
      [received, decidedPartly, ev("appeal_received", "2026-04-20T10:00:00Z"), ev("appeal_forwarded", "2026-05-01T10:00:00Z")],
      at("2026-05-02T10:00:00Z"),
    );
    expect(s.stage).toBe("appeal_forwarded");
    expect(s.appeal?.forwardedAt).toBe("2026-05-01T10:00:00.000Z");
    expect(s.nextStep.key).toBe("appealWithStatsforvalteren");
  });

  it("appeal decided: the result overrides the decision's outcomes", () => {
    const s = deriveStatus(
      [
        received,
        decidedPartly,
        ev("appeal_received", "2026-04-20T10:00:00Z"),
        ev("appeal_forwarded", "2026-05-01T10:00:00Z"),
        ev("appeal_decided", "2026-06-01T10:00:00Z", { outcome: "granted", reasoning: "Statsforvalteren er enig med deg." }),
      ],
      at("2026-06-02T10:00:00Z"),
    );
    expect(s.stage).toBe("appeal_decided");
    expect(s.appeal?.decided).toEqual({ outcome: "granted", reasoning: "Statsforvalteren er enig med deg.", at: "2026-06-01T10:00:00.000Z" });
    expect(s.outcomes.map((o) => [o.service, o.outcome, o.by])).toEqual([
      ["hjemmesykepleie", "granted", "appeal_decided"],
      ["praktisk-bistand", "granted", "appeal_decided"],
    ]);
    // The decision itself is still there to read.
    expect(s.decision?.outcomes[0].outcome).toBe("partly_granted");
    expect(s.nextStep.key).toBe("appealDecided");
  });

  it("service active after a decision whose appeal deadline has passed", () => {
    const s = deriveStatus(
      [received, decidedPartly, ev("service_started", "2026-04-15T08:00:00Z", { service: "hjemmesykepleie", startDate: "2026-04-15" })],
      at("2026-06-01T10:00:00Z"),
    );
    expect(s.stage).toBe("service_active");
    expect(s.services).toEqual([{ service: "hjemmesykepleie", state: "active", startDate: "2026-04-15", changes: [] }]);
    expect(s.deadlines.appealOpen).toBe(false);
    expect(s.nextStep.key).toBe("serviceActive");
  });

  it("service active while the appeal window is still open says how to appeal", () => {
    const s = deriveStatus(
      [received, decidedPartly, ev("service_started", "2026-04-15T08:00:00Z", { service: "hjemmesykepleie", startDate: "2026-04-15" })],
      at("2026-04-20T10:00:00Z"),
    );
    expect(s.stage).toBe("service_active");
    expect(s.nextStep).toEqual({ key: "decidedCanAppeal", date: "2026-05-08" });
  });

  it("an appeal under way is shown before the service that has started", () => {
    const s = deriveStatus(
      [
        received,
        decidedPartly,
        ev("service_started", "2026-04-15T08:00:00Z", { service: "hjemmesykepleie", startDate: "2026-04-15" }),
        ev("appeal_received", "2026-04-20T10:00:00Z"),
      ],
      at("2026-04-21T10:00:00Z"),
    );
    expect(s.stage).toBe("appealed");
  });

  it("service changed, then ended", () => {
    const events = [
      received,
      decidedPartly,
      ev("service_started", "2026-04-15T08:00:00Z", { service: "hjemmesykepleie", startDate: "2026-04-15" }),
      ev("service_changed", "2026-05-15T08:00:00Z", { service: "hjemmesykepleie", description: "Fire besøk i uken" }),
    ];
    const changed = deriveStatus(events, at("2026-05-20T10:00:00Z"));
    expect(changed.stage).toBe("service_active");
    expect(changed.services[0].changes).toEqual([{ at: "2026-05-15T08:00:00.000Z", description: "Fire besøk i uken" }]);
    const ended = deriveStatus(
      [...events, ev("service_ended", "2026-09-01T08:00:00Z", { service: "hjemmesykepleie", endDate: "2026-08-31" })],
      at("2026-09-02T10:00:00Z"),
    );
    expect(ended.stage).toBe("service_ended");
    expect(ended.services[0]).toMatchObject({ state: "ended", startDate: "2026-04-15", endDate: "2026-08-31" });
    expect(ended.nextStep.key).toBe("serviceEnded");
  });

  it("one service ended and another still running is service_active", () => {
    const s = deriveStatus(
      [
        received,
        decidedPartly,
        ev("service_started", "2026-04-15T08:00:00Z", { service: "hjemmesykepleie" }),
        ev("service_started", "2026-04-16T08:00:00Z", { service: "praktisk-bistand" }),
        ev("service_ended", "2026-05-01T08:00:00Z", { service: "praktisk-bistand" }),
      ],
      at("2026-06-01T10:00:00Z"),
    );
    expect(s.stage).toBe("service_active");
    // Without a start date in the payload, the date the event happened in Norway is used.
    expect(s.services.find((x) => x.service === "hjemmesykepleie")?.startDate).toBe("2026-04-15");
  });
});

describe("deriveStatus: robustness", () => {
  it("orders events by time, whatever order they arrive in", () => {
    const s = deriveStatus([decidedPartly, received], at("2026-04-20T10:00:00Z"));
    expect(s.stage).toBe("decided");
    expect(s.receivedAt).toBe("2026-03-02T09:00:00.000Z");
  });

  it("ignores unknown event types and malformed payloads", () => {
    const s = deriveStatus(
      [
        received,
        ev("something_new", "2026-03-05T10:00:00Z", { whatever: true }),
        { type: "decided", occurredAt: "not a date", payload: {} },
        ev("decided", "2026-04-10T10:00:00Z", { outcomes: [{ service: "x", outcome: "maybe" }, "nonsense"], reasoning: 7 }),
      ],
      at("2026-04-11T10:00:00Z"),
    );
    expect(s.stage).toBe("decided");
    expect(s.outcomes).toEqual([]);
    expect(s.decision?.reasoning).toBe("");
  });

  it("a new decision after an appeal starts a new appeal window", () => {
    const s = deriveStatus(
      [
        received,
        decidedPartly,
        ev("appeal_received", "2026-04-20T10:00:00Z"),
        ev("decided", "2026-05-20T10:00:00Z", { outcomes: [{ service: "hjemmesykepleie", outcome: "granted" }], reasoning: "Ny vurdering" }),
      ],
      at("2026-05-21T10:00:00Z"),
    );
    expect(s.stage).toBe("decided");
    expect(s.appeal).toBeUndefined();
    expect(s.deadlines.appealDeadline?.date).toBe("2026-06-17");
    expect(s.deadlines.appealOpen).toBe(true);
    expect(s.outcomes.find((o) => o.service === "hjemmesykepleie")?.outcome).toBe("granted");
    // A service the new decision does not mention keeps its earlier outcome.
    expect(s.outcomes.find((o) => o.service === "praktisk-bistand")?.outcome).toBe("refused");
  });
});
