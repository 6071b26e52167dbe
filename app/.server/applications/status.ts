// Where an application stands, derived from its append-only case events. Nothing here reads the
// database, the clock or a translation: `deriveStatus(events, now)` is a pure fold over the
// events in time order (ties keep the order given), so the same events and the same `now`
// always give the same answer. It carries facts and keys only; the pages put them into words.
//
// Law behind the deadlines (../shared/domain/norway.md §9):
// - forvaltningsloven § 11 a: if an individual decision cannot be made within one month, the
//   municipality must send a preliminary reply (foreløpig svar) with a reason and an expected date.
// - pasient- og brukerrettighetsloven §§ 7-2 and 7-5: an appeal against a decision on health and
//   care services must be made within four weeks; forvaltningsloven § 29: three weeks for other
//   individual decisions (a care flat is housing, not a health service). Each service carries its
//   rule (services.appeal_rule), stored with the decision (payload.appealRules).
// Calendar rules (as domstolloven §§ 148–149, which forvaltningsloven § 30 follows): a deadline in
// months ends on the same date in the later month, or on its last day when that date does not
// exist (31 January + 1 month = 28/29 February); a deadline in weeks ends on the same weekday.
// All dates are calendar dates in Norway (Europe/Oslo), as "YYYY-MM-DD".
//
// Unknown event types and malformed payloads are ignored rather than thrown on: the case system
// may add types before this portal learns them (forward compatibility).

import type { DecisionOutcome } from "../../../db/schema";
import { addCalendarDays } from "~/utils/working-days";
import { osloDate } from "~/utils/dates";

export type StatusEvent = {
  type: string;
  payload: unknown;
  occurredAt: Date | string;
  source?: string;
};

export const stages = [
  "received",
  "in_progress",
  "waiting_for_you",
  "decided",
  "appealed",
  "appeal_forwarded",
  "appeal_decided",
  "service_active",
  "service_ended",
] as const;
export type Stage = (typeof stages)[number];

export const decisionOutcomes = ["granted", "partly_granted", "refused", "dismissed"] as const satisfies readonly DecisionOutcome[];

export const nextStepKeys = [
  "awaitingDecision",
  "awaitingDecisionOrReply",
  "awaitingDecisionBy",
  "preliminaryReplyOverdue",
  "decisionLate",
  "assessmentVisit",
  "sendDocumentation",
  "decidedCanAppeal",
  "decidedFinal",
  "appealWithMunicipality",
  "appealBeingForwarded",
  "appealWithStatsforvalteren",
  "appealDecided",
  "serviceActive",
  "serviceEnded",
] as const;
export type NextStepKey = (typeof nextStepKeys)[number];

/** The appeal deadline for health and care decisions: four weeks (pbrl § 7-5). */
export const appealPeriodDays = 28;

/**
 * Which law sets a decision's appeal deadline (services.appeal_rule): "pbrl" for health and care
 * services, four weeks (pasient- og brukerrettighetsloven § 7-5); "fvl" for other individual
 * decisions, such as allocating a care flat, three weeks (forvaltningsloven § 29).
 */
export type AppealRule = "pbrl" | "fvl";
export const appealRules = ["pbrl", "fvl"] as const satisfies readonly AppealRule[];
export const appealWeeks: Record<AppealRule, number> = { pbrl: 4, fvl: 3 };

/** The last day to appeal: the same weekday 3 or 4 weeks after the decision's date. */
export function appealDeadlineFor(decidedOn: string, rule: AppealRule): string {
  return addCalendarDays(decidedOn, appealWeeks[rule] * 7);
}

const asRule = (value: unknown): AppealRule => (value === "fvl" ? "fvl" : "pbrl");

export type ServiceAppealDeadline = { service: string; rule: AppealRule; date: string };
/** fvl § 11 a: a preliminary reply is due when there is no decision after one month. */
export const preliminaryReplyMonths = 1;

export type ServiceOutcome = {
  service: string;
  outcome: DecisionOutcome;
  description?: string;
  /** What set this outcome: the decision, or an appeal result that changed it. */
  by: "decision" | "appeal_reconsidered" | "appeal_decided";
  at: string;
};

export type DocumentationRequest = {
  description: string;
  dueDate?: string;
  requestedAt: string;
  overdue: boolean;
};

export type ServiceState = {
  service: string;
  state: "active" | "ended";
  startDate?: string;
  endDate?: string;
  /** Changes to the service: when recorded, what, and from which day (when given). */
  changes: { at: string; description: string; fromDate?: string }[];
};

export type Deadline = { date: string; overdue: boolean };

export type ApplicationStatus = {
  stage: Stage;
  /** When the municipality received it (the received event; else the first event or `submittedAt`). */
  receivedAt?: string;
  /** Outcome per service: the latest decision, overridden by appeal results. */
  outcomes: ServiceOutcome[];
  decision?: {
    decidedAt: string;
    reasoning: string;
    criteria: string[];
    outcomes: ServiceOutcome[];
    /** The appeal rule of each decided service, as stored with the decision. */
    appealRules: Record<string, AppealRule>;
  };
  appeal?: {
    receivedAt?: string;
    reconsidered?: { outcome: DecisionOutcome; at: string };
    forwardedAt?: string;
    decided?: { outcome: DecisionOutcome; reasoning: string; at: string };
  };
  openDocumentationRequest?: DocumentationRequest;
  /** A planned assessment visit (ISO date-time) while no decision is made. */
  plannedAssessment?: string;
  services: ServiceState[];
  deadlines: {
    /** fvl § 11 a: received + 1 month; only while undecided and no preliminary reply is given. */
    preliminaryReplyDue?: Deadline;
    /** The date the preliminary reply promised a decision by; only while undecided. */
    expectedDecisionBy?: Deadline;
    /**
     * The appeal deadline of the decision, per service: 4 weeks (pbrl) or 3 weeks (fvl) after its
     * date, by the rule stored with the decision (`appealRules`, pbrl when absent). `date` is the
     * last of them (when the last appeal window closes), `earliestOpen` the first one not passed
     * yet; `rule` is "mixed" when the services have different rules.
     */
    appealDeadline?: {
      date: string;
      decidedOn: string;
      rule: AppealRule | "mixed";
      earliestOpen?: string;
      byService: ServiceAppealDeadline[];
    };
    /** True while the appeal deadline has not passed and no appeal has been received. */
    appealOpen: boolean;
  };
  /** The one date the resident should keep an eye on now, if any. */
  nextDeadline?: {
    kind: "documentation" | "preliminaryReply" | "expectedDecision" | "appeal";
    date: string;
    overdue: boolean;
  };
  /** What happens next, as a key for a plain-language sentence, and the date that sentence names. */
  nextStep: { key: NextStepKey; date?: string };
};

// ---------------------------------------------------------------------------------------------
// Calendar dates in Norway

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidCalendarDate(value: string) {
  const m = datePattern.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A payload date: a calendar date as given, or an instant taken as its date in Norway. */
export function toCalendarDate(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (datePattern.test(value)) return isValidCalendarDate(value) ? value : undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : osloDate(instant);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Adds calendar months; a date that does not exist in the later month becomes its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return `${pad(target.getUTCFullYear(), 4)}-${pad(target.getUTCMonth() + 1)}-${pad(Math.min(d, lastDay))}`;
}


// ---------------------------------------------------------------------------------------------
// Reading payloads defensively

type Payload = Record<string, unknown>;

const asPayload = (value: unknown): Payload =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Payload) : {};

const asText = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

const asOutcome = (value: unknown): DecisionOutcome | undefined =>
  (decisionOutcomes as readonly unknown[]).includes(value) ? (value as DecisionOutcome) : undefined;

function asInstant(value: unknown): string | undefined {
  if (typeof value !== "string" && !(value instanceof Date)) return undefined;
  // A Date from the database needs no copy (this runs for every event of every listed case).
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The outcomes an appeal result applies to: per service when given, else every decided service. */
function appealOverrides(payload: Payload, decided: string[]): { service: string; outcome: DecisionOutcome; description?: string }[] {
  if (Array.isArray(payload.outcomes)) {
    return payload.outcomes
      .map(asPayload)
      .flatMap((o) => {
        const service = asText(o.service);
        const outcome = asOutcome(o.outcome);
        return service && outcome ? [{ service, outcome, description: asText(o.description) }] : [];
      });
  }
  const outcome = asOutcome(payload.outcome);
  if (!outcome) return [];
  const service = asText(payload.service);
  return (service ? [service] : decided).map((s) => ({ service: s, outcome }));
}

// ---------------------------------------------------------------------------------------------
// The fold

type Phase = "received" | "in_progress" | "decided" | "appealed" | "appeal_forwarded" | "appeal_decided";

export function deriveStatus(events: readonly StatusEvent[], now: Date, options: { submittedAt?: Date | string } = {}): ApplicationStatus {
  const today = osloDate(now);
  const ordered = events
    .map((event, index) => ({ event, index, at: asInstant(event.occurredAt) }))
    .filter((e): e is { event: StatusEvent; index: number; at: string } => e.at !== undefined)
    // ISO instants of one format order as plain strings; localeCompare would ask the collator.
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.index - b.index));

  let phase: Phase = "received";
  let receivedAt: string | undefined;
  let preliminaryReply: { at: string; expectedDecisionBy?: string } | undefined;
  let plannedAssessment: string | undefined;
  let openRequests: { description: string; dueDate?: string; requestedAt: string }[] = [];
  let decision: ApplicationStatus["decision"];
  let appeal: ApplicationStatus["appeal"];
  const outcomes = new Map<string, ServiceOutcome>();
  const services = new Map<string, ServiceState>();

  const overrideOutcomes = (payload: Payload, by: "appeal_reconsidered" | "appeal_decided", at: string) => {
    for (const o of appealOverrides(payload, [...outcomes.keys()])) {
      const previous = outcomes.get(o.service);
      outcomes.set(o.service, { service: o.service, outcome: o.outcome, description: o.description ?? previous?.description, by, at });
    }
  };

  for (const { event, at } of ordered) {
    const payload = asPayload(event.payload);
    const undecided = phase === "received" || phase === "in_progress";
    switch (event.type) {
      case "received":
        receivedAt ??= at;
        break;
      case "preliminary_reply":
        preliminaryReply = { at, expectedDecisionBy: toCalendarDate(payload.expectedDecisionBy) };
        if (undecided) phase = "in_progress";
        break;
      case "assessment_planned":
        plannedAssessment = asInstant(payload.plannedAt) ?? plannedAssessment;
        if (undecided) phase = "in_progress";
        break;
      case "documentation_requested":
        openRequests.push({
          description: asText(payload.description) ?? "",
          dueDate: toCalendarDate(payload.dueDate),
          requestedAt: at,
        });
        if (undecided) phase = "in_progress";
        break;
      case "documentation_received":
        openRequests = [];
        if (undecided) phase = "in_progress";
        break;
      case "decided": {
        const decided: ServiceOutcome[] = (Array.isArray(payload.outcomes) ? payload.outcomes : []).map(asPayload).flatMap((o) => {
          const service = asText(o.service);
          const outcome = asOutcome(o.outcome);
          return service && outcome ? [{ service, outcome, description: asText(o.description), by: "decision" as const, at }] : [];
        });
        for (const o of decided) outcomes.set(o.service, o);
        const rules = asPayload(payload.appealRules);
        decision = {
          decidedAt: at,
          reasoning: asText(payload.reasoning) ?? "",
          criteria: Array.isArray(payload.criteria) ? payload.criteria.flatMap((c) => asText(c) ?? []) : [],
          outcomes: decided,
          appealRules: Object.fromEntries(decided.map((o) => [o.service, asRule(rules[o.service])])),
        };
        // A new decision starts a new appeal window; an earlier appeal is history (the timeline).
        appeal = undefined;
        openRequests = [];
        plannedAssessment = undefined;
        phase = "decided";
        break;
      }
      case "appeal_received":
        appeal = { receivedAt: at };
        phase = "appealed";
        break;
      case "appeal_reconsidered": {
        const outcome = asOutcome(payload.outcome);
        appeal = { ...appeal, reconsidered: outcome ? { outcome, at } : appeal?.reconsidered };
        overrideOutcomes(payload, "appeal_reconsidered", at);
        // The municipality gave the resident what they asked: the appeal ends here. Otherwise it
        // goes on to Statsforvalteren (pbrl § 7-2).
        phase = outcome === "granted" ? "appeal_decided" : "appealed";
        break;
      }
      case "appeal_forwarded":
        appeal = { ...appeal, forwardedAt: at };
        phase = "appeal_forwarded";
        break;
      case "appeal_decided": {
        const outcome = asOutcome(payload.outcome);
        appeal = {
          ...appeal,
          decided: outcome ? { outcome, reasoning: asText(payload.reasoning) ?? "", at } : appeal?.decided,
        };
        overrideOutcomes(payload, "appeal_decided", at);
        openRequests = [];
        phase = "appeal_decided";
        break;
      }
      case "service_started": {
        const service = asText(payload.service);
        if (!service) break;
        const existing = services.get(service);
        services.set(service, {
          service,
          state: "active",
          startDate: toCalendarDate(payload.startDate) ?? osloDate(at),
          changes: existing?.changes ?? [],
        });
        break;
      }
      case "service_changed": {
        const service = asText(payload.service);
        if (!service) break;
        const existing = services.get(service) ?? { service, state: "active" as const, changes: [] };
        existing.changes.push({ at, description: asText(payload.description) ?? "", fromDate: toCalendarDate(payload.fromDate) });
        services.set(service, existing);
        break;
      }
      case "service_ended": {
        const service = asText(payload.service);
        if (!service) break;
        const existing = services.get(service) ?? { service, state: "active" as const, changes: [] };
        services.set(service, { ...existing, state: "ended", endDate: toCalendarDate(payload.endDate) ?? osloDate(at) });
        break;
      }
      default:
        // An event type this portal does not know yet: ignored.
        break;
    }
  }

  receivedAt ??= asInstant(options.submittedAt) ?? ordered[0]?.at;

  // Deadlines.
  const deadlines: ApplicationStatus["deadlines"] = { appealOpen: false };
  if (!decision && receivedAt && !preliminaryReply) {
    const date = addMonths(osloDate(receivedAt), preliminaryReplyMonths);
    deadlines.preliminaryReplyDue = { date, overdue: today > date };
  }
  if (!decision && preliminaryReply?.expectedDecisionBy) {
    const date = preliminaryReply.expectedDecisionBy;
    deadlines.expectedDecisionBy = { date, overdue: today > date };
  }
  if (decision) {
    const decidedOn = osloDate(decision.decidedAt);
    const byService = decision.outcomes.map((o) => {
      const rule = decision!.appealRules[o.service] ?? "pbrl";
      return { service: o.service, rule, date: appealDeadlineFor(decidedOn, rule) };
    });
    const ruleSet = new Set(byService.map((d) => d.rule));
    const dates = byService.map((d) => d.date).sort();
    // A decision without outcomes (malformed) still gets the general four weeks.
    const date = dates.at(-1) ?? appealDeadlineFor(decidedOn, "pbrl");
    const earliestOpen = dates.find((d) => d >= today) ?? (today <= date ? date : undefined);
    deadlines.appealDeadline = {
      date,
      decidedOn,
      rule: ruleSet.size > 1 ? "mixed" : ([...ruleSet][0] ?? "pbrl"),
      earliestOpen,
      byService,
    };
    deadlines.appealOpen = today <= date && !appeal;
  }

  const latestRequest = openRequests.at(-1);
  const openDocumentationRequest: DocumentationRequest | undefined = latestRequest
    ? { ...latestRequest, overdue: latestRequest.dueDate !== undefined && today > latestRequest.dueDate }
    : undefined;

  // Stage: what the resident must do comes first, then an appeal under way, then the services.
  const serviceList = [...services.values()];
  let stage: Stage = phase;
  if (openDocumentationRequest) stage = "waiting_for_you";
  else if (phase === "appealed" || phase === "appeal_forwarded") stage = phase;
  else if (serviceList.some((s) => s.state === "active")) stage = "service_active";
  else if (serviceList.length > 0) stage = "service_ended";

  const futureAssessment = !decision && plannedAssessment && plannedAssessment > now.toISOString() ? plannedAssessment : undefined;

  // What happens next.
  let nextStep: ApplicationStatus["nextStep"];
  switch (stage) {
    case "waiting_for_you":
      nextStep = { key: "sendDocumentation", date: openDocumentationRequest?.dueDate };
      break;
    case "received":
    case "in_progress":
      if (futureAssessment) nextStep = { key: "assessmentVisit", date: futureAssessment };
      else if (deadlines.expectedDecisionBy)
        nextStep = {
          key: deadlines.expectedDecisionBy.overdue ? "decisionLate" : "awaitingDecisionBy",
          date: deadlines.expectedDecisionBy.date,
        };
      else if (deadlines.preliminaryReplyDue?.overdue) nextStep = { key: "preliminaryReplyOverdue", date: deadlines.preliminaryReplyDue.date };
      else if (deadlines.preliminaryReplyDue) nextStep = { key: "awaitingDecisionOrReply", date: deadlines.preliminaryReplyDue.date };
      else nextStep = { key: "awaitingDecision" };
      break;
    case "decided":
      nextStep = deadlines.appealOpen ? { key: "decidedCanAppeal", date: deadlines.appealDeadline?.earliestOpen } : { key: "decidedFinal" };
      break;
    case "appealed":
      nextStep = { key: appeal?.reconsidered ? "appealBeingForwarded" : "appealWithMunicipality" };
      break;
    case "appeal_forwarded":
      nextStep = { key: "appealWithStatsforvalteren" };
      break;
    case "appeal_decided":
      nextStep = { key: "appealDecided" };
      break;
    case "service_active":
      nextStep = deadlines.appealOpen ? { key: "decidedCanAppeal", date: deadlines.appealDeadline?.earliestOpen } : { key: "serviceActive" };
      break;
    case "service_ended":
      nextStep = { key: "serviceEnded" };
      break;
  }

  // The one date to watch.
  let nextDeadline: ApplicationStatus["nextDeadline"];
  if (openDocumentationRequest?.dueDate)
    nextDeadline = { kind: "documentation", date: openDocumentationRequest.dueDate, overdue: openDocumentationRequest.overdue };
  else if (deadlines.expectedDecisionBy) nextDeadline = { kind: "expectedDecision", ...deadlines.expectedDecisionBy };
  else if (deadlines.preliminaryReplyDue) nextDeadline = { kind: "preliminaryReply", ...deadlines.preliminaryReplyDue };
  else if (deadlines.appealOpen && deadlines.appealDeadline)
    nextDeadline = { kind: "appeal", date: deadlines.appealDeadline.earliestOpen ?? deadlines.appealDeadline.date, overdue: false };

  return {
    stage,
    receivedAt,
    outcomes: [...outcomes.values()],
    decision,
    appeal,
    openDocumentationRequest,
    plannedAssessment: futureAssessment,
    services: serviceList,
    deadlines,
    nextDeadline,
    nextStep,
  };
}
