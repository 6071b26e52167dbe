import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEmployee } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { documentResponse, getDocumentForEmployee } from "~/.server/documents/store";

// A document of one of the municipality's cases or threads, for a caseworker. Every opening is
// written to the audit log (the resident's innsynslogg). Another municipality's: 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { employee } = await requireEmployee(request, "caseworker");
  const doc = await getDocumentForEmployee(await getDb(), employee, params.id ?? "");
  return documentResponse(doc, { download: new URL(request.url).searchParams.has("last-ned") });
}
