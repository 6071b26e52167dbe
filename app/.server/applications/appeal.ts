// The resident's appeal (klage) against a decision, sent through the portal. Law
// (../shared/domain/norway.md §9): a decision on health and care services may be appealed within
// four weeks (pasient- og brukerrettighetsloven §§ 7-2 and 7-5), other decisions within three
// (forvaltningsloven § 29; the rule is stored per service with the decision); the appeal goes to the
// municipality, which reconsiders, and then to Statsforvalteren. An appeal must say what the
// resident disagrees with and the change they want (forvaltningsloven § 32). After the deadline
// the municipality may still consider a late appeal for special reasons (fvl § 31): the portal
// explains that, but takes no appeal online then.
//
// Access goes through getApplicationForPerson (someone else's application is a 404). The event is
// stored through recordEvent, with the resident as the actor, so it gets its audit entry.

import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { applicationEvents, type ApplicationEvent } from "../../../db/schema";
import type { AppealInput } from "~/schemas/appeal";
import type { Database } from "../db";
import { describeFiles, storeAttachments } from "../documents/store";
import type { UploadedFile } from "../documents/upload";
import { recordEvent } from "./events";
import { getApplicationForPerson, isUuid, type ApplicationWithEvents } from "./queries";
import { deriveStatus, type ApplicationStatus } from "./status";
import { osloDate } from "~/utils/dates";

type Scope = { actorPersonId: string; subjectPersonId: string; municipalityId: string; applicationId: string };

export type AppealState =
  /** A decision within its deadline and no appeal yet: the form. */
  | { kind: "open"; deadline: string }
  /** No decision yet: nothing to appeal. */
  | { kind: "no_decision" }
  /** An appeal against this decision is already received. */
  | { kind: "appealed"; receivedAt?: string }
  /** The deadline has passed. */
  | { kind: "closed"; deadline: string };

export type AppealContext = {
  item: ApplicationWithEvents;
  status: ApplicationStatus;
  state: AppealState;
  /** The services of the latest decision (slugs): the ones the resident may appeal. */
  decidedServices: string[];
};

export function appealStateOf(status: ApplicationStatus): AppealState {
  const { appealDeadline, appealOpen } = status.deadlines;
  if (!status.decision || !appealDeadline) return { kind: "no_decision" };
  if (status.appeal) return { kind: "appealed", receivedAt: status.appeal.receivedAt };
  if (appealOpen) return { kind: "open", deadline: appealDeadline.earliestOpen ?? appealDeadline.date };
  return { kind: "closed", deadline: appealDeadline.date };
}

/** The application (404 unless it is the resident's own) and whether it can be appealed now. */
export async function getAppealContext(db: Database, scope: Scope, now = new Date()): Promise<AppealContext> {
  const item = await getApplicationForPerson(db, scope);
  const status = deriveStatus(item.events, now, { submittedAt: item.application.createdAt });
  // A service whose appeal deadline has passed (three weeks under fvl, while others have four)
  // can no longer be appealed here.
  const today = osloDate(now);
  const open = new Set(status.deadlines.appealDeadline?.byService.filter((d) => d.date >= today).map((d) => d.service) ?? []);
  return {
    item,
    status,
    state: appealStateOf(status),
    decidedServices: status.decision?.outcomes.map((o) => o.service).filter((s) => open.has(s)) ?? [],
  };
}

/** The latest appeal the resident sent through the portal, if any (for the receipt). */
export function latestPortalAppeal(item: ApplicationWithEvents) {
  return item.events.filter((e) => e.type === "appeal_received" && e.source === "portal").at(-1);
}

export type AppealPayload = {
  services: string[];
  disagreement: string;
  reasons: string;
  wish?: string;
  /** The files sent with the appeal (stored as documents of the event), by name, size and hash. */
  attachments?: { filename: string; size: number; sha256: string }[];
};

/** The appeal form's file field. */
export const appealFileField = "vedlegg";

export type SubmitAppealResult =
  | { ok: true; created: boolean; event: Pick<ApplicationEvent, "id" | "occurredAt" | "payload"> }
  | { ok: false; reason: Exclude<AppealState["kind"], "open"> | "invalid_services" | "invalid_key" };

/** The idempotency key of an appeal form: the uuid the form got when it was first shown. */
export const appealIdempotencyKey = (formKey: string) => `portal-klage-${formKey.toLowerCase()}`;

/**
 * Stores the resident's appeal as an `appeal_received` event. The same form key twice (a double
 * click, a resent form) stores one event and answers the first one.
 */
export async function submitAppeal(
  db: Database,
  input: {
    scope: Scope;
    actor: { personId: string; name: string };
    formKey: string;
    appeal: AppealInput;
    /** Attachments, already checked (only accepted files are stored). */
    files?: UploadedFile[];
    now?: Date;
  },
): Promise<SubmitAppealResult> {
  const now = input.now ?? new Date();
  const { scope } = input;
  // The resident acts for themselves only (representation will widen getApplicationForPerson).
  const context = await getAppealContext(db, { ...scope, actorPersonId: input.actor.personId }, now);
  if (!isUuid(input.formKey)) return { ok: false, reason: "invalid_key" };
  const application = context.item.application;
  const idempotencyKey = appealIdempotencyKey(input.formKey);

  const earlier = await storedAppeal(db, application.municipalityId, idempotencyKey);
  if (earlier) {
    if (earlier.applicationId !== application.id || earlier.type !== "appeal_received") return { ok: false, reason: "invalid_key" };
    return { ok: true, created: false, event: earlier };
  }
  if (context.state.kind !== "open") return { ok: false, reason: context.state.kind };
  const { services, disagreement, reasons, wish } = input.appeal;
  if (services.length === 0 || !services.every((s) => context.decidedServices.includes(s))) return { ok: false, reason: "invalid_services" };

  const files = (input.files ?? []).flatMap((f) => (f.accepted ? [{ filename: f.filename, ...f.accepted }] : []));
  const attachments = describeFiles(files);
  const payload: AppealPayload = { services, disagreement, reasons, ...(wish ? { wish } : {}), ...(attachments.length ? { attachments } : {}) };
  const bodyHash = createHash("sha256")
    .update(`portal-appeal\n${application.id}\n${JSON.stringify([payload.services, payload.disagreement, payload.reasons, payload.wish ?? null])}`)
    .digest("hex");
  const stored = await recordEvent(db, {
    application: { id: application.id, municipalityId: application.municipalityId, personId: scope.subjectPersonId },
    type: "appeal_received",
    payload,
    source: "portal",
    idempotencyKey,
    bodyHash,
    occurredAt: now,
    actor: { kind: "person", id: input.actor.personId, name: input.actor.name },
    withStored: (tx, event) =>
      storeAttachments(
        tx,
        { municipalityId: application.municipalityId, personId: scope.subjectPersonId, applicationId: application.id, applicationEventId: event.id },
        files,
        { kind: "person", id: input.actor.personId },
      ),
  });
  if (stored) return { ok: true, created: true, event: stored };
  // The same form was sent twice at once: the other request stored it.
  const raced = await storedAppeal(db, application.municipalityId, idempotencyKey);
  if (raced && raced.applicationId === application.id) return { ok: true, created: false, event: raced };
  return { ok: false, reason: "invalid_key" };
}

async function storedAppeal(db: Database, municipalityId: string, idempotencyKey: string) {
  const [row] = await db
    .select({
      id: applicationEvents.id,
      applicationId: applicationEvents.applicationId,
      type: applicationEvents.type,
      occurredAt: applicationEvents.occurredAt,
      payload: applicationEvents.payload,
    })
    .from(applicationEvents)
    .where(and(eq(applicationEvents.municipalityId, municipalityId), eq(applicationEvents.idempotencyKey, idempotencyKey)))
    .limit(1);
  return row ?? null;
}
