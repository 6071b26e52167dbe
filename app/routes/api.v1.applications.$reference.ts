import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/.server/db";
import { apiHandler, jsonResponse } from "~/.server/applications/api-http";
import { getApplicationForCaseSystem } from "~/.server/applications/ingest";
import { authenticateApiRequest } from "~/.server/applications/integration-keys";

/** GET /api/v1/applications/{reference} — one of the municipality's applications with its events. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const db = await getDb();
    const actor = await authenticateApiRequest(db, request, context.clientAddress as string | undefined);
    return jsonResponse(await getApplicationForCaseSystem(db, actor, params.reference ?? ""));
  });
}
