import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCurrentMunicipality } from "~/.server/municipality";
import { getDb } from "~/.server/db";
import { takeRateLimit } from "~/.server/rate-limit";
import { catalog } from "~/.server/services/catalog-cache";
import { fallbackLanguage, isLanguage } from "~/i18n/config";
import { maxSearchLength } from "~/utils/catalog";

const headers = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=60",
  "Content-Type": "application/json; charset=utf-8",
};

function problem(status: number, title: string, detail: string, extraHeaders: Record<string, string> = {}) {
  return new Response(JSON.stringify({ status, title, detail }), {
    status,
    headers: { ...headers, "Content-Type": "application/problem+json; charset=utf-8", ...extraHeaders },
  });
}

/**
 * GET /api/v1/services?q=&lang= — the public catalogue for the municipality's main website and
 * the assistant: the ranked search results, or every service when q is empty.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  // API_RATE_LIMIT requests a minute per client address (app/.server/rate-limit.ts).
  const { retryAfter } = takeRateLimit("apiPublic", context.clientAddress as string | undefined);
  if (retryAfter !== undefined)
    return problem(429, "For mange forespørsler", `Prøv igjen om ${retryAfter} sekunder.`, { "Retry-After": String(retryAfter), "Cache-Control": "no-store" });
  const url = new URL(request.url);
  const lang = url.searchParams.get("lang") || fallbackLanguage;
  const q = (url.searchParams.get("q") ?? "").trim();
  if (!isLanguage(lang)) return problem(400, "Ugyldig språk", "lang må være nb, nn eller en.");
  if (q.length > maxSearchLength)
    return problem(400, "For langt søk", `q kan ha høyst ${maxSearchLength} tegn.`);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const services = q
    ? await catalog.search(db, municipality.id, lang, q)
    : await catalog.list(db, municipality.id, lang);
  const body = {
    query: q,
    lang,
    count: services.length,
    results: services.map((s) => ({
      slug: s.slug,
      title: s.title,
      summary: s.summary,
      url: new URL(`/tjenester/${s.slug}`, url).toString(),
    })),
  };
  return new Response(JSON.stringify(body), { headers });
}
