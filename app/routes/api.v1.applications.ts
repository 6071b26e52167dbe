import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/.server/db";
import { apiHandler, jsonResponse, readJsonBody, requireMethod } from "~/.server/applications/api-http";
import { listApplicationsForCaseSystem, registerApplication } from "~/.server/applications/ingest";
import { authenticateApiRequest } from "~/.server/applications/integration-keys";

/** GET /api/v1/applications?updatedSince=&limit=&cursor= — the municipality's applications, in pages. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const db = await getDb();
    const actor = await authenticateApiRequest(db, request, context.clientAddress as string | undefined);
    const params = new URL(request.url).searchParams;
    const page = await listApplicationsForCaseSystem(db, actor, {
      updatedSince: params.get("updatedSince") ?? undefined,
      limit: params.get("limit") ?? undefined,
      cursor: params.get("cursor") ?? undefined,
    });
    return jsonResponse(page);
  });
}

/** POST /api/v1/applications — registers an application made on paper or by phone. */
export function action({ request, context }: ActionFunctionArgs) {
  return apiHandler(async () => {
    requireMethod(request, "POST");
    const db = await getDb();
    const actor = await authenticateApiRequest(db, request, context.clientAddress as string | undefined);
    const body = await readJsonBody(request);
    const { created, application } = await registerApplication(db, actor, body);
    const location = new URL(`/api/v1/applications/${encodeURIComponent(application.reference)}`, request.url).pathname;
    return jsonResponse(application, created ? 201 : 200, { Location: location });
  });
}
