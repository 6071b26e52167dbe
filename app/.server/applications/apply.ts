// The resident's online application: a draft saved step by step, its attachments, and sending it.
//
// A draft is the resident's own until it is sent: only they can read, change or delete it (any
// other person, or a draft id that does not exist, is a 404), and employees never see it. Sending
// is one transaction: the application (reference "SOK-<year>-<number>", channel "portal"), its
// details with the answers and projection, the attachments moved from the draft to the
// application, a PDF copy of what was sent, the draft marked as sent, and an audit entry. The
// draft row is locked first and its `application_id` decides: a second send of the same draft
// (double click, back button) answers the application the first one made. If the database fails
// half-way, nothing is kept and the draft with its attachments is as it was.

import { and, asc, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import {
  applicationDetails,
  applicationDrafts,
  applications,
  auditEntries,
  documents,
  type ApplicationAnswers,
  type ApplicationDraft,
  type Municipality,
} from "../../../db/schema";
import type { Language } from "~/i18n/config";
import { formatDate } from "~/utils/dates";
import { applySteps, furthestStep, maxAttachments, missingAnswers, type ApplyStep } from "~/schemas/apply";
import type { Database } from "../db";
import { prepared } from "../db/prepared";
import { storeDocument, documentInfoColumns, type DocumentInfo } from "../documents/store";
import type { UploadedFile } from "../documents/upload";
import { describeError, logger } from "../logger";
import { buildApplicationCopy } from "./application-copy";
import { nextReference } from "./ingest";
import { osloYear } from "~/utils/dates";
import { refreshApplicationProjection } from "./projection";
import { assertCanRead, isUuid, notFound } from "./queries";
import { deriveStatus } from "./status";
import { formatFileSize, serviceTitles } from "./view";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Queryable = Database | Tx;

/** Who acts and whose draft it is. Today a resident acts only for themselves. */
export type DraftScope = { actorPersonId: string; subjectPersonId: string; municipalityId: string };

/** Services that can be applied for: the municipality's published services. */
async function knownServiceSlugs(db: Queryable, municipalityId: string, locale: Language) {
  return [...(await serviceTitles(db as Database, municipalityId, locale)).keys()];
}

// ---------------------------------------------------------------------------------------------
// Drafts

/** Starts a draft, with the service the resident came from already chosen when it is a real one. */
export async function createDraft(db: Database, scope: DraftScope, options: { serviceSlug?: string | null; locale: Language }) {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  const known = await knownServiceSlugs(db, scope.municipalityId, options.locale);
  const serviceSlugs = options.serviceSlug && known.includes(options.serviceSlug) ? [options.serviceSlug] : [];
  const [draft] = await db
    .insert(applicationDrafts)
    .values({ municipalityId: scope.municipalityId, personId: scope.subjectPersonId, serviceSlugs, answers: {}, step: applySteps[0] })
    .returning();
  return draft;
}

/** One of the resident's drafts (sent or not). 404 for a malformed id or anyone else's draft. */
export async function getDraft(db: Queryable, scope: DraftScope, draftId: string): Promise<ApplicationDraft> {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  if (!isUuid(draftId)) throw notFound();
  const [draft] = await db
    .select()
    .from(applicationDrafts)
    .where(
      and(
        eq(applicationDrafts.id, draftId),
        eq(applicationDrafts.personId, scope.subjectPersonId),
        eq(applicationDrafts.municipalityId, scope.municipalityId),
      ),
    )
    .limit(1);
  if (!draft) throw notFound();
  return draft;
}

const openDrafts = prepared((db: Database) =>
  db
    .select({
      id: applicationDrafts.id,
      serviceSlugs: applicationDrafts.serviceSlugs,
      step: applicationDrafts.step,
      createdAt: applicationDrafts.createdAt,
      updatedAt: applicationDrafts.updatedAt,
    })
    .from(applicationDrafts)
    .where(
      and(
        eq(applicationDrafts.personId, sql.placeholder("personId")),
        eq(applicationDrafts.municipalityId, sql.placeholder("municipalityId")),
        isNull(applicationDrafts.applicationId),
      ),
    )
    .orderBy(desc(applicationDrafts.updatedAt), desc(applicationDrafts.id))
    .prepare("open_drafts"),
);

/** The resident's unsent drafts, the most recently changed first. */
export async function listOpenDrafts(db: Database, scope: DraftScope) {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  return openDrafts(db).execute({ personId: scope.subjectPersonId, municipalityId: scope.municipalityId });
}

export class DraftAlreadySent extends Error {
  constructor(readonly applicationId: string) {
    super("The draft is already sent");
    this.name = "DraftAlreadySent";
  }
}

/** An unsent draft of the resident's, for changing it. A sent draft throws DraftAlreadySent. */
async function openDraft(db: Queryable, scope: DraftScope, draftId: string) {
  const draft = await getDraft(db, scope, draftId);
  if (draft.applicationId) throw new DraftAlreadySent(draft.applicationId);
  return draft;
}

/**
 * Saves one step: the services and/or the answers it changes (answers left out are kept), and
 * how far the resident has come.
 */
export async function saveDraftStep(
  db: Database,
  scope: DraftScope,
  draftId: string,
  change: { serviceSlugs?: string[]; answers?: ApplicationAnswers; reached: ApplyStep },
) {
  const draft = await openDraft(db, scope, draftId);
  const answers: ApplicationAnswers = { ...draft.answers };
  for (const [key, value] of Object.entries(change.answers ?? {}) as [keyof ApplicationAnswers, unknown][]) {
    if (value === undefined) delete answers[key];
    else (answers as Record<string, unknown>)[key] = value;
  }
  await db
    .update(applicationDrafts)
    .set({
      serviceSlugs: change.serviceSlugs ?? draft.serviceSlugs,
      answers,
      step: furthestStep(draft.step, change.reached),
      updatedAt: sql`clock_timestamp()`,
    })
    .where(and(eq(applicationDrafts.id, draft.id), isNull(applicationDrafts.applicationId)));
}

/** Deletes an unsent draft and its attachments. */
export async function deleteDraft(db: Database, scope: DraftScope, draftId: string) {
  const draft = await openDraft(db, scope, draftId);
  await db.transaction(async (tx) => {
    await tx.delete(documents).where(and(eq(documents.draftId, draft.id), isNull(documents.applicationId)));
    await tx.delete(applicationDrafts).where(and(eq(applicationDrafts.id, draft.id), isNull(applicationDrafts.applicationId)));
  });
}

/**
 * How long a draft that was never sent is kept after the resident last changed it. It holds
 * health information in their own words; the list of drafts says when each one goes.
 */
export const draftRetentionDays = 180;
const draftRetentionMs = draftRetentionDays * 86_400_000;

/** The day an unsent draft changed at `updatedAt` is deleted, unless it is changed again. */
export function draftDeletedAfter(updatedAt: Date) {
  return new Date(updatedAt.getTime() + draftRetentionMs);
}

/**
 * Deletes the drafts never sent and not changed for draftRetentionDays, with their files (the
 * daily run, notifications/scheduler.ts). The stale drafts are locked first, so a resident who
 * saves one at that very moment either comes first (and it is kept) or finds it gone.
 */
export async function pruneDrafts(db: Database, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - draftRetentionMs);
  return db.transaction(async (tx) => {
    const stale = await tx
      .select({ id: applicationDrafts.id })
      .from(applicationDrafts)
      .where(and(isNull(applicationDrafts.applicationId), lt(applicationDrafts.updatedAt, before)))
      .for("update");
    if (stale.length === 0) return 0;
    const ids = stale.map((d) => d.id);
    await tx.delete(documents).where(and(inArray(documents.draftId, ids), isNull(documents.applicationId)));
    await tx.delete(applicationDrafts).where(inArray(applicationDrafts.id, ids));
    return ids.length;
  });
}

// ---------------------------------------------------------------------------------------------
// Attachments

/** The files attached to a draft (before sending: the draft's; after: what was sent with it). */
export async function listDraftAttachments(db: Queryable, scope: DraftScope, draftId: string): Promise<DocumentInfo[]> {
  const draft = await getDraft(db, scope, draftId);
  return db
    .select(documentInfoColumns)
    .from(documents)
    .where(and(eq(documents.draftId, draft.id), eq(documents.personId, scope.subjectPersonId), eq(documents.kind, "attachment")))
    .orderBy(asc(documents.createdAt), asc(documents.id));
}

/**
 * Stores the accepted files on the draft, up to `maxAttachments` in all. Returns the files that
 * were not stored, each with its problem (too large, wrong type, empty, too many).
 */
export async function addDraftAttachments(
  db: Database,
  scope: DraftScope,
  draftId: string,
  files: UploadedFile[],
): Promise<{ stored: DocumentInfo[]; refused: UploadedFile[] }> {
  const draft = await openDraft(db, scope, draftId);
  return db.transaction(async (tx) => {
    // Lock the draft so two uploads at once cannot pass the limit together.
    await tx.select({ id: applicationDrafts.id }).from(applicationDrafts).where(eq(applicationDrafts.id, draft.id)).for("update");
    const [{ count }] = await tx
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(documents)
      .where(and(eq(documents.draftId, draft.id), eq(documents.kind, "attachment")));
    let room = maxAttachments - count;
    const stored: DocumentInfo[] = [];
    const refused: UploadedFile[] = [];
    for (const file of files) {
      if (!file.accepted) refused.push(file);
      else if (room <= 0) refused.push({ ...file, accepted: undefined, problem: "too_many" });
      else {
        stored.push(
          await storeDocument(tx, {
            municipalityId: scope.municipalityId,
            personId: scope.subjectPersonId,
            kind: "attachment",
            filename: file.filename,
            file: file.accepted,
            draftId: draft.id,
            uploadedBy: { kind: "person", id: scope.actorPersonId },
          }),
        );
        room--;
      }
    }
    if (stored.length) await tx.update(applicationDrafts).set({ updatedAt: sql`clock_timestamp()` }).where(eq(applicationDrafts.id, draft.id));
    return { stored, refused };
  });
}

/** Removes one attachment from an unsent draft. Someone else's file, or one not on this draft: 404. */
export async function removeDraftAttachment(db: Database, scope: DraftScope, draftId: string, documentId: string) {
  const draft = await openDraft(db, scope, draftId);
  if (!isUuid(documentId)) throw notFound();
  const removed = await db
    .delete(documents)
    .where(
      and(
        eq(documents.id, documentId),
        eq(documents.draftId, draft.id),
        eq(documents.personId, scope.subjectPersonId),
        isNull(documents.applicationId),
      ),
    )
    .returning({ id: documents.id });
  if (removed.length === 0) throw notFound();
}

// ---------------------------------------------------------------------------------------------
// Sending

export type SubmitResult =
  | { ok: true; applicationId: string; created: boolean }
  | { ok: false; reason: "incomplete"; missing: ReturnType<typeof missingAnswers> }
  /** The database failed: nothing was stored, the draft is as it was. */
  | { ok: false; reason: "unavailable" };

type SubmitInput = {
  scope: DraftScope;
  actor: { personId: string; name: string };
  municipality: Pick<Municipality, "id" | "name">;
  locale: Language;
  now?: Date;
};

/**
 * Sends a draft as an application. The same draft sent twice makes one application. Returns
 * `unavailable` (and logs why) when the database fails; a 404 Response for anyone else's draft.
 */
export async function submitDraft(db: Database, draftId: string, input: SubmitInput): Promise<SubmitResult> {
  let draft: ApplicationDraft;
  try {
    draft = await getDraft(db, input.scope, draftId);
  } catch (error) {
    if (error instanceof Response) throw error;
    logger.error("application.submit_failed", describeError(error));
    return { ok: false, reason: "unavailable" };
  }
  return submitLoaded(db, input, draft);
}

async function submitLoaded(db: Database, input: SubmitInput, loaded: ApplicationDraft): Promise<SubmitResult> {
  const { scope, municipality, locale } = input;
  if (loaded.applicationId) return { ok: true, applicationId: loaded.applicationId, created: false };
  const now = input.now ?? new Date();
  try {
    const titles = await serviceTitles(db, municipality.id, locale);
    const missing = missingAnswers(loaded, [...titles.keys()]);
    if (missing.length) return { ok: false, reason: "incomplete", missing };

    return await db.transaction(async (tx) => {
      // The draft's row decides: whoever locks it first sends it; the other finds it sent.
      const [draft] = await tx
        .select()
        .from(applicationDrafts)
        .where(and(eq(applicationDrafts.id, loaded.id), eq(applicationDrafts.personId, scope.subjectPersonId)))
        .for("update");
      if (!draft) throw notFound();
      if (draft.applicationId) return { ok: true as const, applicationId: draft.applicationId, created: false };

      const year = osloYear(now);
      let application: { id: string; reference: string } | undefined;
      for (let attempt = 0; !application; attempt++) {
        const reference = await nextReference(tx, municipality.id, year);
        [application] = await tx
          .insert(applications)
          .values({
            municipalityId: municipality.id,
            personId: scope.subjectPersonId,
            reference,
            serviceSlugs: draft.serviceSlugs,
            channel: "portal",
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: [applications.municipalityId, applications.reference] })
          .returning({ id: applications.id, reference: applications.reference });
        if (!application && attempt >= 10) throw new Error("No free reference after 10 attempts");
      }

      await tx.insert(applicationDetails).values({
        applicationId: application.id,
        municipalityId: municipality.id,
        answers: draft.answers,
        stage: deriveStatus([], now, { submittedAt: now }).stage,
      });
      await refreshApplicationProjection(tx, application.id, now);

      const attachments = await tx
        .update(documents)
        .set({ applicationId: application.id })
        .where(and(eq(documents.draftId, draft.id), eq(documents.kind, "attachment"), isNull(documents.applicationId)))
        .returning({ filename: documents.filename, size: documents.size });

      const pdf = await buildApplicationCopy({
        locale,
        municipalityName: municipality.name,
        reference: application.reference,
        sentAt: now,
        applicant: input.actor.name,
        services: draft.serviceSlugs.map((slug) => titles.get(slug) ?? slug),
        answers: draft.answers,
        attachments: attachments.map((a) => a.filename),
      });
      await storeDocument(tx, {
        municipalityId: municipality.id,
        personId: scope.subjectPersonId,
        kind: "application_copy",
        filename: `soknad-${application.reference}.pdf`,
        file: { bytes: pdf, mime: "application/pdf" },
        applicationId: application.id,
        uploadedBy: { kind: "system", id: null },
      });

      await tx
        .update(applicationDrafts)
        .set({ applicationId: application.id, step: "oppsummering", updatedAt: sql`clock_timestamp()` })
        .where(eq(applicationDrafts.id, draft.id));
      await tx.insert(auditEntries).values({
        municipalityId: municipality.id,
        actorKind: "person",
        actorId: input.actor.personId,
        actorName: input.actor.name,
        subjectPersonId: scope.subjectPersonId,
        action: "application.submitted",
        objectType: "application",
        objectId: application.id,
      });
      return { ok: true as const, applicationId: application.id, created: true };
    });
  } catch (error) {
    if (error instanceof Response) throw error;
    logger.error("application.submit_failed", describeError(error));
    return { ok: false, reason: "unavailable" };
  }
}

// ---------------------------------------------------------------------------------------------
// What was sent

export type SentApplication = {
  answers: ApplicationAnswers | null;
  /** The files the resident attached when applying. */
  attachments: DocumentInfo[];
  /** The PDF copy of what was sent. */
  copy: DocumentInfo | null;
};

// The answers and the draft they were sent from, in one query; then the files. Both are kept
// prepared: every opening of an application asks for them.
const sentDetails = prepared((db: Queryable) =>
  db
    .select({ answers: applicationDetails.answers, draftId: applicationDrafts.id })
    .from(applicationDetails)
    .leftJoin(applicationDrafts, eq(applicationDrafts.applicationId, applicationDetails.applicationId))
    .where(eq(applicationDetails.applicationId, sql.placeholder("applicationId")))
    .limit(1)
    .prepare("sent_application_details"),
);

const sentFiles = prepared((db: Queryable) =>
  db
    .select(documentInfoColumns)
    .from(documents)
    .where(and(eq(documents.applicationId, sql.placeholder("applicationId")), inArray(documents.kind, ["attachment", "application_copy"])))
    .orderBy(asc(documents.createdAt), asc(documents.id))
    .prepare("sent_application_files"),
);

/**
 * What the resident sent with an application made in the portal (answers null and no files for
 * one registered by the case system). The caller has checked access to the application.
 */
export async function sentApplication(db: Queryable, applicationId: string): Promise<SentApplication> {
  const [details] = await sentDetails(db).execute({ applicationId });
  // Registered by the case system: nothing was sent through the portal.
  if (!details?.answers) return { answers: null, attachments: [], copy: null };
  const files = await sentFiles(db).execute({ applicationId });
  // Attachments count only when they came with the draft that was sent.
  const draftId = details.draftId;
  return {
    answers: details.answers,
    attachments: draftId ? files.filter((f) => f.kind === "attachment" && f.draftId === draftId) : [],
    copy: files.find((f) => f.kind === "application_copy") ?? null,
  };
}

/**
 * What the pages show of a portal application's answers ("Dette sendte du"), or null for one
 * registered by the case system. The caller has checked access to the application.
 */
export async function sentApplicationView(
  db: Queryable,
  application: { id: string; serviceSlugs: string[]; createdAt: Date },
  titles: Map<string, string>,
  locale: Language,
) {
  const sent = await sentApplication(db, application.id);
  if (!sent.answers) return null;
  return {
    services: application.serviceSlugs.map((slug) => titles.get(slug) ?? slug),
    answers: sent.answers,
    attachments: sent.attachments.map((a) => ({ id: a.id, filename: a.filename, mime: a.mime, size: formatFileSize(a.size, locale) })),
    copyId: sent.copy?.id ?? null,
    sentOn: formatDate(application.createdAt, locale),
  };
}
