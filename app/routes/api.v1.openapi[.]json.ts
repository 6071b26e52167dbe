import { jsonResponse } from "~/.server/applications/api-http";
import { openApiDocument } from "~/.server/applications/openapi";

/** GET /api/v1/openapi.json — the OpenAPI 3.1 description of /api/v1. */
export function loader() {
  return jsonResponse(openApiDocument, 200, { "Access-Control-Allow-Origin": "*" });
}
