// The resident answers a request for documentation (documentation_requested) with files from the
// application page: the files are stored as documents of the application and of one
// `documentation_received` event (source portal, the resident as actor), in one transaction. The
// event closes the open request (status.ts), so the case goes back to the municipality.
//
// Access goes through getApplicationForPerson: someone else's application is a 404. The form's
// key makes a double submit store one event and one set of files.

import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { applicationEvents, documents } from "../../../db/schema";
import type { Database } from "../db";
import { describeFiles, documentInfoColumns, storeAttachments, type DocumentInfo } from "../documents/store";
import type { UploadedFile } from "../documents/upload";
import { documentationCommentMax, documentationFileField, type DocumentationError } from "~/utils/documentation";
import { recordEvent } from "./events";
import { getApplicationForPerson, isUuid } from "./queries";
import { deriveStatus } from "./status";

type Scope = { actorPersonId: string; subjectPersonId: string; municipalityId: string; applicationId: string };

export { documentationCommentMax, documentationFileField, type DocumentationError };

export const documentationIdempotencyKey = (formKey: string) => `portal-dokumentasjon-${formKey.toLowerCase()}`;

export type SubmitDocumentationResult =
  | { ok: true; created: boolean }
  | { ok: false; reason: "invalid"; errors: DocumentationError[] }
  | { ok: false; reason: "no_request" | "invalid_key" };

/** Checks the files and the comment: at least one file, every file acceptable, a short comment. */
export function checkDocumentation(files: UploadedFile[], comment: string): DocumentationError[] {
  const errors: DocumentationError[] = [];
  for (const f of files) if (f.problem) errors.push({ field: "files", key: f.problem, file: f.filename });
  if (!files.some((f) => f.accepted) && errors.length === 0) errors.push({ field: "files", key: "noFiles" });
  if (comment.length > documentationCommentMax) errors.push({ field: "comment", key: "comment" });
  return errors;
}

export async function submitDocumentation(
  db: Database,
  input: {
    scope: Scope;
    actor: { personId: string; name: string };
    formKey: string;
    comment: string;
    files: UploadedFile[];
    now?: Date;
  },
): Promise<SubmitDocumentationResult> {
  const now = input.now ?? new Date();
  const item = await getApplicationForPerson(db, { ...input.scope, actorPersonId: input.actor.personId });
  if (!isUuid(input.formKey)) return { ok: false, reason: "invalid_key" };
  const { application } = item;
  const idempotencyKey = documentationIdempotencyKey(input.formKey);

  const earlier = await storedEvent(db, application.municipalityId, idempotencyKey);
  if (earlier) {
    if (earlier.applicationId !== application.id || earlier.type !== "documentation_received") return { ok: false, reason: "invalid_key" };
    return { ok: true, created: false };
  }
  const status = deriveStatus(item.events, now, { submittedAt: application.createdAt });
  if (!status.openDocumentationRequest) return { ok: false, reason: "no_request" };

  const comment = input.comment.replace(/\r\n?/g, "\n").trim();
  const errors = checkDocumentation(input.files, comment);
  if (errors.length > 0) return { ok: false, reason: "invalid", errors };

  const accepted = input.files.flatMap((f) => (f.accepted ? [{ filename: f.filename, ...f.accepted }] : []));
  const described = describeFiles(accepted);
  const payload = { ...(comment ? { description: comment } : {}), files: described };
  const stored = await recordEvent(db, {
    application: { id: application.id, municipalityId: application.municipalityId, personId: input.scope.subjectPersonId },
    type: "documentation_received",
    payload,
    source: "portal",
    idempotencyKey,
    bodyHash: createHash("sha256").update(`portal-documentation\n${application.id}\n${JSON.stringify(payload)}`).digest("hex"),
    occurredAt: now,
    actor: { kind: "person", id: input.actor.personId, name: input.actor.name },
    withStored: (tx, event) =>
      storeAttachments(
        tx,
        { municipalityId: application.municipalityId, personId: input.scope.subjectPersonId, applicationId: application.id, applicationEventId: event.id },
        accepted,
        { kind: "person", id: input.actor.personId },
      ),
  });
  if (stored) return { ok: true, created: true };
  // The same form sent twice at once: the other request stored it.
  const raced = await storedEvent(db, application.municipalityId, idempotencyKey);
  if (raced && raced.applicationId === application.id) return { ok: true, created: false };
  return { ok: false, reason: "invalid_key" };
}

async function storedEvent(db: Database, municipalityId: string, idempotencyKey: string) {
  const [row] = await db
    .select({ applicationId: applicationEvents.applicationId, type: applicationEvents.type })
    .from(applicationEvents)
    .where(and(eq(applicationEvents.municipalityId, municipalityId), eq(applicationEvents.idempotencyKey, idempotencyKey)))
    .limit(1);
  return row ?? null;
}

/**
 * The documents of one of the municipality's cases, for the caseworker's case page (the case was
 * opened, and logged, by openCase; each file opened is logged by getDocumentForEmployee).
 */
export async function listCaseDocuments(db: Database, employee: { municipalityId: string }, applicationId: string): Promise<DocumentInfo[]> {
  if (!isUuid(applicationId)) return [];
  return db
    .select(documentInfoColumns)
    .from(documents)
    .where(and(eq(documents.applicationId, applicationId), eq(documents.municipalityId, employee.municipalityId)))
    .orderBy(asc(documents.createdAt), asc(documents.id));
}
