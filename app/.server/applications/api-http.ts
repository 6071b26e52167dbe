import { describeError, logger } from "../logger";
import type { IngestError } from "./ingest";


// The HTTP edge of the case-system API (/api/v1/applications…): JSON and problem+json responses
// (RFC 9457), a size-limited JSON body reader, and one wrapper that turns the domain's errors into
// problems so that route modules stay thin. Every response is `Cache-Control: no-store`: they
// carry personal data (decisions, reasoning) meant for the case system only.

export const maxJsonBodyBytes = 1024 * 1024;

const baseHeaders = { "Cache-Control": "no-store" };

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...baseHeaders, "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

export function problemResponse(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify({ type: "about:blank", title, status, detail, ...extra }), {
    status,
    headers: { ...baseHeaders, "Content-Type": "application/problem+json; charset=utf-8", ...headers },
  });
}

/** A problem found at the HTTP edge (no key, too large, not JSON …); `apiHandler` answers it. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(title);
    this.name = "ApiProblem";
  }
  toResponse() {
    return problemResponse(this.status, this.title, this.detail, this.extra, this.headers);
  }
}

const ingestStatus: Record<IngestError["kind"], { status: number; title: string }> = {
  invalid: { status: 400, title: "Ugyldig forespørsel" },
  not_found: { status: 404, title: "Finnes ikke" },
  conflict: { status: 409, title: "Konflikt" },
  unknown_person: { status: 422, title: "Ukjent person" },
};

function isIngestError(error: unknown): error is IngestError {
  return error instanceof Error && error.name === "IngestError";
}

/** Runs a route's work and answers every expected failure as problem+json, never with a stack trace. */
export async function apiHandler(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof ApiProblem) return error.toResponse();
    if (isIngestError(error)) {
      const { status, title } = ingestStatus[error.kind];
      return problemResponse(status, title, error.detail, error.invalidParams ? { "invalid-params": error.invalidParams } : {});
    }
    logger.error("api.failed", describeError(error));
    return problemResponse(500, "Noe gikk galt", "Forespørselen kunne ikke behandles. Prøv igjen senere.");
  }
}

/** Refuses methods a route does not have (Remix sends every non-GET to the action). */
export function requireMethod(request: Request, ...allowed: string[]) {
  if (!allowed.includes(request.method))
    throw new ApiProblem(405, "Metoden er ikke støttet", `Bruk ${allowed.join(" eller ")}.`, {}, { Allow: allowed.join(", ") });
}

/** The request's JSON body: application/json, at most 1 MB (413 beyond), valid UTF-8 and JSON. */
export async function readJsonBody(request: Request, maxBytes = maxJsonBodyBytes): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type))
    throw new ApiProblem(415, "Feil innholdstype", "Send innholdet som application/json.");
  const tooLarge = () =>
    new ApiProblem(413, "For stort innhold", `Innholdet kan være høyst ${maxBytes} byte.`, { maxBytes });
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) throw new ApiProblem(400, "Ugyldig JSON", "Forespørselen mangler innhold.");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiProblem(400, "Ugyldig JSON", "Innholdet er ikke gyldig UTF-8.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiProblem(400, "Ugyldig JSON", "Innholdet kan ikke leses som JSON.");
  }
}
