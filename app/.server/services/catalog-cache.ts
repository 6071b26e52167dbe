import type { Language } from "~/i18n/config";
import type { Database } from "../db";
import { pageCache } from "../page-cache";
import {
  getService,
  listPopularServices,
  listServices,
  searchServices,
  tokenize,
  type CatalogFilter,
} from "./catalog";

// The public catalogue changes only when an editor publishes, but is read on every page view.
// Reads are kept in memory for a minute (bounded), and this process forgets them at once when a
// new version is published here; other app processes see it within the minute. Only public
// service texts are cached: never anything about a person.

const ttlMs = 60_000;
const maxEntries = 1_000;
const entries = new Map<string, { at: number; value: Promise<unknown> }>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = entries.get(key);
  if (hit && Date.now() - hit.at < ttlMs) {
    // Refresh its place so the most used entries survive eviction.
    entries.delete(key);
    entries.set(key, hit);
    return hit.value as Promise<T>;
  }
  const value = load();
  entries.set(key, { at: Date.now(), value });
  value.catch(() => entries.delete(key));
  if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  return value;
}

/** Called after a publish, so this process shows the new text at once. */
export function invalidateCatalogCache() {
  entries.clear();
  pageCache.clear();
}

const filterKey = (filter: CatalogFilter = {}) => `${filter.category ?? ""}|${filter.level ?? ""}`;

export const catalog = {
  list: (db: Database, municipalityId: string, locale: Language, filter?: CatalogFilter) =>
    cached(`list|${municipalityId}|${locale}|${filterKey(filter)}`, () => listServices(db, municipalityId, locale, filter)),
  popular: (db: Database, municipalityId: string, locale: Language) =>
    cached(`popular|${municipalityId}|${locale}`, () => listPopularServices(db, municipalityId, locale)),
  get: (db: Database, municipalityId: string, locale: Language, slug: string) =>
    cached(`get|${municipalityId}|${locale}|${slug}`, () => getService(db, municipalityId, locale, slug)),
  // Keyed by the words searched for, so "Hjemmehjelp!" and "hjemmehjelp" share an entry.
  search: (db: Database, municipalityId: string, locale: Language, query: string, filter?: CatalogFilter) =>
    cached(`search|${municipalityId}|${locale}|${filterKey(filter)}|${tokenize(query).join(" ")}`, () =>
      searchServices(db, municipalityId, locale, query, filter),
    ),
};
