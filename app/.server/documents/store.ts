// Documents: storing a file and letting the right people read it. Every read says who asks and
// checks access itself; a document someone may not read is a 404, exactly like one that does not
// exist. Employees' reads are written to the audit log, which the resident sees as the
// innsynslogg ("document.viewed"). Residents never reach a file attached to an internal note.

import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { auditEntries, documents, messages, type DocumentKind, type DocumentRow } from "../../../db/schema";
import { assertCanRead, isUuid, notFound } from "../applications/queries";
import type { Database } from "../db";
import { prepared } from "../db/prepared";
import type { AllowedMime } from "./upload";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Queryable = Database | Tx;

/** What pages and APIs show of a document: never the bytes. */
export type DocumentInfo = Pick<
  DocumentRow,
  "id" | "kind" | "filename" | "mime" | "size" | "sha256" | "createdAt" | "applicationId" | "applicationEventId" | "messageId" | "draftId"
>;

export const documentInfoColumns = {
  id: documents.id,
  kind: documents.kind,
  filename: documents.filename,
  mime: documents.mime,
  size: documents.size,
  sha256: documents.sha256,
  createdAt: documents.createdAt,
  applicationId: documents.applicationId,
  applicationEventId: documents.applicationEventId,
  messageId: documents.messageId,
  draftId: documents.draftId,
};

export type NewDocument = {
  municipalityId: string;
  /** Whose document it is: the resident the application, draft or thread belongs to. */
  personId: string;
  kind: DocumentKind;
  filename: string;
  file: { bytes: Uint8Array; mime: AllowedMime };
  draftId?: string | null;
  applicationId?: string | null;
  applicationEventId?: string | null;
  messageId?: string | null;
  uploadedBy: { kind: "person" | "employee" | "system"; id: string | null };
};

/** Stores a file (inside the caller's transaction when given one) and returns what may be shown. */
export async function storeDocument(db: Queryable, doc: NewDocument): Promise<DocumentInfo> {
  const [row] = await db
    .insert(documents)
    .values({
      municipalityId: doc.municipalityId,
      personId: doc.personId,
      kind: doc.kind,
      filename: doc.filename,
      mime: doc.file.mime,
      size: doc.file.bytes.byteLength,
      sha256: createHash("sha256").update(doc.file.bytes).digest("hex"),
      bytes: doc.file.bytes,
      draftId: doc.draftId ?? null,
      applicationId: doc.applicationId ?? null,
      applicationEventId: doc.applicationEventId ?? null,
      messageId: doc.messageId ?? null,
      uploadedByKind: doc.uploadedBy.kind,
      uploadedById: doc.uploadedBy.id,
    })
    .returning(documentInfoColumns);
  return row;
}

/** A file that passed the upload checks, ready to store. */
export type AcceptedFile = { filename: string; bytes: Uint8Array; mime: AllowedMime };

/** What an event's payload says about its files: never the bytes. */
export const describeFiles = (files: AcceptedFile[]) =>
  files.map((f) => ({ filename: f.filename, size: f.bytes.byteLength, sha256: createHash("sha256").update(f.bytes).digest("hex") }));

/**
 * Stores a resident's or employee's uploaded files as attachments of what they belong to (an
 * application event, a message), inside the caller's transaction, in the order given.
 */
export async function storeAttachments(
  tx: Queryable,
  owner: Pick<NewDocument, "municipalityId" | "personId" | "applicationId" | "applicationEventId" | "messageId">,
  files: AcceptedFile[],
  uploadedBy: { kind: "person" | "employee"; id: string },
) {
  for (const file of files)
    await storeDocument(tx, { ...owner, kind: "attachment", filename: file.filename, file: { bytes: file.bytes, mime: file.mime }, uploadedBy });
}

// One application's documents: its page asks for them on every opening, so the statement is kept.
const documentsOfApplication = prepared((db: Queryable) =>
  db
    .select(documentInfoColumns)
    .from(documents)
    .leftJoin(messages, eq(messages.id, documents.messageId))
    .where(
      and(
        eq(documents.personId, sql.placeholder("personId")),
        eq(documents.applicationId, sql.placeholder("applicationId")),
        or(isNull(messages.id), eq(messages.internal, false)),
      ),
    )
    .orderBy(asc(documents.createdAt), asc(documents.id))
    .prepare("documents_of_application"),
);

/** Documents the resident may see, by what they belong to (none of an internal note's files). */
export async function listDocumentsForPerson(
  db: Queryable,
  scope: { actorPersonId: string; subjectPersonId: string },
  belongsTo: { applicationIds?: string[]; draftId?: string; messageIds?: string[] },
): Promise<DocumentInfo[]> {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  const owners = [
    belongsTo.applicationIds?.length ? inArray(documents.applicationId, belongsTo.applicationIds) : undefined,
    belongsTo.draftId ? eq(documents.draftId, belongsTo.draftId) : undefined,
    belongsTo.messageIds?.length ? inArray(documents.messageId, belongsTo.messageIds) : undefined,
  ].filter((c) => c !== undefined);
  if (owners.length === 0) return [];
  if (owners.length === 1 && belongsTo.applicationIds?.length === 1) {
    return documentsOfApplication(db).execute({ personId: scope.subjectPersonId, applicationId: belongsTo.applicationIds[0] });
  }
  return db
    .select(documentInfoColumns)
    .from(documents)
    .leftJoin(messages, eq(messages.id, documents.messageId))
    .where(and(eq(documents.personId, scope.subjectPersonId), or(...owners), or(isNull(messages.id), eq(messages.internal, false))))
    .orderBy(asc(documents.createdAt), asc(documents.id));
}

/** One document with its bytes, for the resident it belongs to. 404 for anyone else. */
export async function getDocumentForPerson(
  db: Queryable,
  scope: { actorPersonId: string; subjectPersonId: string; municipalityId: string },
  documentId: string,
): Promise<DocumentRow> {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  if (!isUuid(documentId)) throw notFound();
  const [row] = await db
    .select({ document: documents, internal: messages.internal })
    .from(documents)
    .leftJoin(messages, eq(messages.id, documents.messageId))
    .where(
      and(
        eq(documents.id, documentId),
        eq(documents.personId, scope.subjectPersonId),
        eq(documents.municipalityId, scope.municipalityId),
      ),
    )
    .limit(1);
  if (!row || row.internal) throw notFound();
  return row.document;
}

export type DocumentReader = { id: string; name: string; unit: string | null; municipalityId: string };

/**
 * One document for an employee of the municipality it belongs to, with an audit entry that the
 * resident sees in the innsynslogg. Another municipality's document: 404. Drafts are the
 * resident's own until sent, so employees never read a draft's files.
 */
export async function getDocumentForEmployee(db: Database, employee: DocumentReader, documentId: string): Promise<DocumentRow> {
  if (!isUuid(documentId)) throw notFound();
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, documentId), eq(documents.municipalityId, employee.municipalityId)))
    .limit(1);
  if (!row || (row.draftId && !row.applicationId && !row.messageId)) throw notFound();
  await db.insert(auditEntries).values({
    municipalityId: employee.municipalityId,
    actorKind: "employee",
    actorId: employee.id,
    actorName: employee.name,
    actorUnit: employee.unit,
    subjectPersonId: row.personId,
    action: "document.viewed",
    objectType: "document",
    objectId: row.id,
  });
  return row;
}

/**
 * The HTTP answer with a document's bytes. PDFs and images open in the browser's own viewer
 * (`inline`) unless `download`; nothing in them may run (CSP sandbox, nosniff), nothing is cached
 * outside the browser.
 */
export function documentResponse(doc: Pick<DocumentRow, "bytes" | "mime" | "filename" | "sha256">, options: { download?: boolean } = {}) {
  const ascii = doc.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const disposition = `${options.download ? "attachment" : "inline"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`;
  return new Response(Buffer.from(doc.bytes), {
    headers: {
      "Content-Type": doc.mime,
      "Content-Length": String(doc.bytes.byteLength),
      "Content-Disposition": disposition,
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      "X-Content-Type-Options": "nosniff",
      ETag: `"${doc.sha256}"`,
    },
  });
}
