// What the case system (fagsystem) imports with an application through /api/v1: the answers a
// resident gave in the portal, and the metadata of every document of the application (the
// resident's attachments, the PDF copy of what was sent, decision letters, documentation …) with
// the address to download it. A draft's files are not the application's until it is sent, so
// they are never listed. Every read is scoped to the integration key's municipality.

import { and, asc, eq, inArray } from "drizzle-orm";
import { applicationDetails, applications, auditEntries, documents, type ApplicationAnswers, type DocumentKind, type DocumentRow } from "../../../db/schema";
import type { Database } from "../db";
import { isUuid } from "./queries";

export type CaseDocumentView = {
  id: string;
  kind: DocumentKind;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
  /** Path of GET /api/v1/applications/{reference}/documents/{id}. */
  downloadUrl: string;
};

export type CaseSubmission = {
  /** What the resident answered in the portal; null for applications registered by the case system. */
  answers: ApplicationAnswers | null;
  documents: CaseDocumentView[];
};

export const caseDocumentPath = (reference: string, documentId: string) =>
  `/api/v1/applications/${encodeURIComponent(reference)}/documents/${documentId}`;

/** Answers and documents of these applications (of one municipality), by application id. */
export async function submissionsForCaseSystem(
  db: Database,
  municipalityId: string,
  list: { id: string; reference: string }[],
): Promise<Map<string, CaseSubmission>> {
  const result = new Map<string, CaseSubmission>(list.map((a) => [a.id, { answers: null, documents: [] }]));
  if (list.length === 0) return result;
  const ids = list.map((a) => a.id);
  const referenceOf = new Map(list.map((a) => [a.id, a.reference]));
  const [details, files] = await Promise.all([
    db
      .select({ applicationId: applicationDetails.applicationId, answers: applicationDetails.answers })
      .from(applicationDetails)
      .where(and(eq(applicationDetails.municipalityId, municipalityId), inArray(applicationDetails.applicationId, ids))),
    db
      .select({
        id: documents.id,
        applicationId: documents.applicationId,
        kind: documents.kind,
        filename: documents.filename,
        mime: documents.mime,
        size: documents.size,
        sha256: documents.sha256,
        createdAt: documents.createdAt,
      })
      .from(documents)
      .where(and(eq(documents.municipalityId, municipalityId), inArray(documents.applicationId, ids)))
      .orderBy(asc(documents.createdAt), asc(documents.id)),
  ]);
  for (const d of details) {
    const entry = result.get(d.applicationId);
    if (entry) entry.answers = d.answers ?? null;
  }
  for (const f of files) {
    const entry = f.applicationId ? result.get(f.applicationId) : undefined;
    if (!entry || !f.applicationId) continue;
    entry.documents.push({
      id: f.id,
      kind: f.kind,
      filename: f.filename,
      mime: f.mime,
      size: f.size,
      sha256: f.sha256,
      createdAt: f.createdAt.toISOString(),
      downloadUrl: caseDocumentPath(referenceOf.get(f.applicationId) ?? "", f.id),
    });
  }
  return result;
}

/**
 * One document of one of the municipality's applications, with its bytes; null when there is none.
 * The download is written to the innsynslogg: the resident sees that the case system fetched it.
 */
export async function getDocumentForCaseSystem(
  db: Database,
  actor: { keyId: string; name: string; municipalityId: string },
  reference: string,
  documentId: string,
): Promise<DocumentRow | null> {
  const { municipalityId } = actor;
  if (!isUuid(documentId)) return null;
  const [row] = await db
    .select({ document: documents })
    .from(documents)
    .innerJoin(applications, eq(applications.id, documents.applicationId))
    .where(
      and(
        eq(documents.id, documentId),
        eq(documents.municipalityId, municipalityId),
        eq(applications.municipalityId, municipalityId),
        eq(applications.reference, reference),
      ),
    )
    .limit(1);
  if (!row) return null;
  await db.insert(auditEntries).values({
    municipalityId,
    actorKind: "system",
    actorId: actor.keyId,
    actorName: actor.name,
    subjectPersonId: row.document.personId,
    action: "document.viewed",
    objectType: "document",
    objectId: row.document.id,
  });
  return row.document;
}
