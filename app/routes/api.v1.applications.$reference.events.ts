import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/.server/db";
import { apiHandler, jsonResponse, readJsonBody, requireMethod } from "~/.server/applications/api-http";
import { appendEvent, maxEventBodyBytes } from "~/.server/applications/ingest";
import { authenticateApiRequest } from "~/.server/applications/integration-keys";

/** POST /api/v1/applications/{reference}/events — appends a case event (idempotent by its id). */
export function action({ request, params, context }: ActionFunctionArgs) {
  return apiHandler(async () => {
    requireMethod(request, "POST");
    const db = await getDb();
    const actor = await authenticateApiRequest(db, request, context.clientAddress as string | undefined);
    // A decision may carry its letter as a base64 PDF: a larger body than elsewhere.
    const body = await readJsonBody(request, maxEventBodyBytes);
    const { created, event } = await appendEvent(db, actor, params.reference ?? "", body);
    return jsonResponse(event, created ? 201 : 200);
  });
}
