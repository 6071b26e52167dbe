// Turns an application, its events and its derived status into what the resident's pages show:
// service titles from the catalogue in the page's language and dates formatted in Norwegian
// time. Formatting here, on the server, keeps the browser's hydration identical to the HTML.
// Sentences are chosen by the pages from locales/*/applications.json.

import type { DecisionOutcome, Municipality } from "../../../db/schema";
import type { Language } from "~/i18n/config";
import { formatDate, formatDateTime } from "~/utils/dates";
import type { Database } from "../db";
import { catalog } from "../services/catalog-cache";
import type { DocumentInfo } from "../documents/store";
import type { ApplicationWithEvents } from "./queries";
import { deriveStatus, toCalendarDate, type ApplicationStatus, type NextStepKey, type Stage } from "./status";

export type ServiceTitles = Map<string, string>;

// Made once per catalogue read (the catalogue cache keeps the list for a minute), not per page.
const titlesOfList = new WeakMap<object, ServiceTitles>();
const optionsOfTitles = new WeakMap<ServiceTitles, { slug: string; name: string }[]>();
const byName = new Intl.Collator("nb");

/** Each service's title by slug, in the page's language. Shared: do not change it. */
export async function serviceTitles(db: Database, municipalityId: string, locale: Language): Promise<ServiceTitles> {
  const list = await catalog.list(db, municipalityId, locale);
  let titles = titlesOfList.get(list);
  if (!titles) titlesOfList.set(list, (titles = new Map(list.map((s) => [s.slug, s.title]))));
  return titles;
}

/** The services as choices for a filter, in alphabetical order. Shared: do not change it. */
export function serviceOptions(titles: ServiceTitles) {
  let options = optionsOfTitles.get(titles);
  if (!options) {
    options = [...titles].map(([slug, name]) => ({ slug, name })).sort((a, b) => byName.compare(a.name, b.name));
    optionsOfTitles.set(titles, options);
  }
  return options;
}

const titleOf = (titles: ServiceTitles, slug: string) => titles.get(slug) ?? slug;

/**
 * The services as one phrase for a sentence: "hjemmesykepleie og praktisk bistand (hjemmehjelp)".
 * Norwegian titles are common nouns and start lower-case mid-sentence (not acronyms such as
 * "BPA"); English titles are kept as they are and the English texts use "Application: …".
 */
export function servicesPhrase(slugs: string[], titles: ServiceTitles, locale: Language) {
  const names = slugs.map((slug) => {
    const title = titleOf(titles, slug);
    const lowerFirst = locale !== "en" && /^\p{Lu}\p{Ll}/u.test(title);
    return lowerFirst ? title.charAt(0).toLocaleLowerCase(locale === "nn" ? "nn" : "nb") + title.slice(1) : title;
  });
  const and = locale === "en" ? " and " : " og ";
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")}${and}${names.at(-1)}`;
}

const date = (value: string | undefined, locale: Language) => (value ? formatDate(value, locale) : undefined);

export type ApplicationListItem = {
  id: string;
  reference: string;
  services: string;
  receivedOn?: string;
  stage: Stage;
  nextDeadline?: { kind: NonNullable<ApplicationStatus["nextDeadline"]>["kind"]; date: string; overdue: boolean };
};

export function toListItem(item: ApplicationWithEvents, titles: ServiceTitles, locale: Language, now: Date): ApplicationListItem {
  const status = deriveStatus(item.events, now, { submittedAt: item.application.createdAt });
  return {
    id: item.application.id,
    reference: item.application.reference,
    services: servicesPhrase(item.application.serviceSlugs, titles, locale),
    receivedOn: date(status.receivedAt, locale),
    stage: status.stage,
    nextDeadline: status.nextDeadline
      ? { ...status.nextDeadline, date: formatDate(status.nextDeadline.date, locale) }
      : undefined,
  };
}

/** A document as the pages link to it: never the bytes. */
export type DocumentLink = { id: string; filename: string; size: string; kind: string };

/** A file size as people read it: "840 kB", "2,4 MB" (English "2.4 MB"). */
export function formatFileSize(bytes: number, locale: Language) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.ceil(bytes / 1024))} kB`;
  const mb = new Intl.NumberFormat(locale === "en" ? "en-GB" : "nb-NO", { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
  return `${mb} MB`;
}

const documentLink = (d: Pick<DocumentInfo, "id" | "filename" | "size" | "kind">, locale: Language): DocumentLink => ({
  id: d.id,
  filename: d.filename,
  size: formatFileSize(d.size, locale),
  kind: d.kind,
});

export type TimelineEntry = {
  id: string;
  type: string;
  on: string;
  onIso: string;
  source: string;
  values: { date?: string; description?: string; outcome?: DecisionOutcome; service?: string; reasoning?: string };
  /** Files stored with the event: a decision letter, documentation or an appeal's attachments. */
  documents: DocumentLink[];
};

const payloadText = (payload: Record<string, unknown>, key: string) =>
  typeof payload[key] === "string" && (payload[key] as string).trim() !== "" ? (payload[key] as string).trim() : undefined;

const knownOutcomes: readonly string[] = ["granted", "partly_granted", "refused", "dismissed"];

function timelineEntry(
  event: ApplicationWithEvents["events"][number],
  titles: ServiceTitles,
  locale: Language,
  documents: DocumentInfo[],
): TimelineEntry {
  const payload = event.payload ?? {};
  const values: TimelineEntry["values"] = {};
  const outcome = payloadText(payload, "outcome");
  if (outcome && knownOutcomes.includes(outcome)) values.outcome = outcome as DecisionOutcome;
  const service = payloadText(payload, "service");
  if (service) values.service = titleOf(titles, service);
  const description = payloadText(payload, "description");
  if (description) values.description = description;
  switch (event.type) {
    case "preliminary_reply":
      values.date = date(toCalendarDate(payload.expectedDecisionBy), locale);
      break;
    case "assessment_planned": {
      const planned = payloadText(payload, "plannedAt");
      if (planned && !Number.isNaN(new Date(planned).getTime())) values.date = formatDateTime(planned, locale);
      break;
    }
    case "documentation_requested":
      values.date = date(toCalendarDate(payload.dueDate), locale);
      break;
    case "service_started":
      values.date = date(toCalendarDate(payload.startDate), locale);
      break;
    case "service_ended":
      values.date = date(toCalendarDate(payload.endDate), locale);
      break;
    case "service_changed":
      values.date = date(toCalendarDate(payload.fromDate), locale);
      values.reasoning = payloadText(payload, "reasoning");
      break;
  }
  return {
    id: event.id,
    type: event.type,
    on: formatDate(event.occurredAt, locale),
    onIso: event.occurredAt.toISOString(),
    source: event.source,
    values,
    documents: documents.filter((d) => d.applicationEventId === event.id).map((d) => documentLink(d, locale)),
  };
}

export type ApplicationDetail = ReturnType<typeof toDetail>;

export function toDetail(
  item: ApplicationWithEvents,
  titles: ServiceTitles,
  locale: Language,
  now: Date,
  municipality: Municipality,
  /** The application's documents the reader may see (listDocumentsForPerson / listCaseDocuments). */
  documents: DocumentInfo[] = [],
) {
  const status = deriveStatus(item.events, now, { submittedAt: item.application.createdAt });
  const { deadlines } = status;
  const decisionEvent = status.decision ? item.events.filter((e) => e.type === "decided").at(-1) : undefined;
  const letter = decisionEvent ? documents.find((d) => d.kind === "decision_letter" && d.applicationEventId === decisionEvent.id) : undefined;
  const appealDeadline = deadlines.appealDeadline;
  const nextStepDate = status.nextStep.date
    ? status.nextStep.key === "assessmentVisit"
      ? formatDateTime(status.nextStep.date, locale)
      : formatDate(status.nextStep.date, locale)
    : undefined;
  return {
    id: item.application.id,
    reference: item.application.reference,
    channel: item.application.channel,
    services: servicesPhrase(item.application.serviceSlugs, titles, locale),
    receivedOn: date(status.receivedAt, locale),
    stage: status.stage,
    nextStep: { key: status.nextStep.key as NextStepKey, date: nextStepDate },
    deadlines: {
      preliminaryReplyDue: deadlines.preliminaryReplyDue
        ? { date: formatDate(deadlines.preliminaryReplyDue.date, locale), overdue: deadlines.preliminaryReplyDue.overdue }
        : undefined,
      expectedDecisionBy: deadlines.expectedDecisionBy
        ? { date: formatDate(deadlines.expectedDecisionBy.date, locale), overdue: deadlines.expectedDecisionBy.overdue }
        : undefined,
      appealDeadline: appealDeadline
        ? {
            // The first date still open (or the last one, once all have passed): the date to act by.
            date: formatDate(appealDeadline.earliestOpen ?? appealDeadline.date, locale),
            decidedOn: formatDate(appealDeadline.decidedOn, locale),
            rule: appealDeadline.rule,
            byService: appealDeadline.byService.map((d) => ({ service: titleOf(titles, d.service), rule: d.rule, date: formatDate(d.date, locale) })),
          }
        : undefined,
      appealOpen: deadlines.appealOpen,
    },
    openDocumentationRequest: status.openDocumentationRequest
      ? {
          description: status.openDocumentationRequest.description,
          dueDate: date(status.openDocumentationRequest.dueDate, locale),
          overdue: status.openDocumentationRequest.overdue,
          requestedOn: formatDate(status.openDocumentationRequest.requestedAt, locale),
        }
      : undefined,
    decision: status.decision
      ? {
          decidedOn: formatDate(status.decision.decidedAt, locale),
          reasoning: status.decision.reasoning,
          criteria: status.decision.criteria,
          letter: letter ? documentLink(letter, locale) : undefined,
        }
      : undefined,
    outcomes: status.outcomes.map((o) => ({
      service: titleOf(titles, o.service),
      outcome: o.outcome,
      description: o.description,
      changedByAppeal: o.by !== "decision",
    })),
    appeal: status.appeal
      ? {
          receivedOn: date(status.appeal.receivedAt, locale),
          reconsidered: status.appeal.reconsidered
            ? { outcome: status.appeal.reconsidered.outcome, on: formatDate(status.appeal.reconsidered.at, locale) }
            : undefined,
          forwardedOn: date(status.appeal.forwardedAt, locale),
          decided: status.appeal.decided
            ? {
                outcome: status.appeal.decided.outcome,
                reasoning: status.appeal.decided.reasoning,
                on: formatDate(status.appeal.decided.at, locale),
              }
            : undefined,
        }
      : undefined,
    serviceStates: status.services.map((s) => ({
      service: titleOf(titles, s.service),
      state: s.state,
      startDate: date(s.startDate, locale),
      endDate: date(s.endDate, locale),
      changes: s.changes.map((c) => ({ on: formatDate(c.at, locale), description: c.description, from: date(c.fromDate, locale) })),
    })),
    timeline: item.events.map((e) => timelineEntry(e, titles, locale, documents)),
    contact: {
      unit: municipality.contact.unit[locale],
      phone: municipality.contact.phone,
      email: municipality.contact.email,
      address: municipality.contact.address,
      openingHours: municipality.contact.openingHours[locale],
    },
  };
}
