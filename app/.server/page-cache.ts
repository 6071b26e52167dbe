import { getLocale } from "./i18n";
import { readCookie, sessionCookieName } from "./auth/session";

// Anonymous visitors to the public pages (front page, catalogue, service pages, accessibility
// statement, privacy) get the same HTML for a minute: it is rendered once and then served from
// memory, with this response's CSP nonce put in place of the cached one. Anyone with a session
// cookie, any other page, and any response that is not a plain 200 is never cached.
// Publishing a service clears it (invalidateCatalogCache), so editors see their change at once
// in this process; other processes within the minute.

const ttlMs = 60_000;
const maxEntries = 500;

export type CachedPage = { status: number; headers: [string, string][]; body: string; nonce: string; at: number };

const pages = new Map<string, CachedPage>();
const publicPath = /^\/(?:|tjenester|tjenester\/[a-z0-9-]{1,80}|tilgjengelighet|personvern)$/;

/** The key this request's page is cached under, or null when it must be rendered for this visitor. */
export function pageCacheKey(request: Request): string | null {
  if (request.method !== "GET") return null;
  const url = new URL(request.url);
  if (!publicPath.test(url.pathname) || url.search.length > 300) return null;
  if (readCookie(request, sessionCookieName("resident")) || readCookie(request, sessionCookieName("employee"))) return null;
  return `${getLocale(request)}|${url.pathname}${url.search}`;
}

export function isCacheableResponse(response: Response) {
  return (
    response.status === 200 &&
    !response.headers.has("Set-Cookie") &&
    (response.headers.get("Content-Type") ?? "").startsWith("text/html")
  );
}

export const pageCache = {
  get(key: string): CachedPage | undefined {
    const hit = pages.get(key);
    if (!hit) return undefined;
    if (Date.now() - hit.at > ttlMs) {
      pages.delete(key);
      return undefined;
    }
    return hit;
  },
  set(key: string, page: CachedPage) {
    pages.set(key, page);
    if (pages.size > maxEntries) pages.delete(pages.keys().next().value!);
  },
  clear() {
    pages.clear();
  },
};
