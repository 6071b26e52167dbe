import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/.server/db";
import { apiHandler } from "~/.server/applications/api-http";
import { getDocumentForCaseSystem } from "~/.server/applications/case-documents";
import { IngestError } from "~/.server/applications/ingest";
import { authenticateApiRequest } from "~/.server/applications/integration-keys";
import { documentResponse } from "~/.server/documents/store";

/**
 * GET /api/v1/applications/{reference}/documents/{documentId} — the bytes of one document of one
 * of the key's municipality's applications. Another municipality's document is a 404. Each
 * download is in the resident's innsynslogg.
 */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const db = await getDb();
    const actor = await authenticateApiRequest(db, request, context.clientAddress as string | undefined);
    const doc = await getDocumentForCaseSystem(db, actor, params.reference ?? "", params.documentId ?? "");
    if (!doc) throw new IngestError("not_found", "Kommunen har ingen søknad med denne referansen og dette dokumentet.");
    return documentResponse(doc, { download: true });
  });
}
