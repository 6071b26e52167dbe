import { and, asc, desc, eq, sql } from "drizzle-orm";
import { services, serviceVersions, type ServiceSections } from "../../../db/schema";
import type { Language } from "~/i18n/config";
import type { Database } from "../db";
import { expandSynonyms, textSearchConfig } from "./search-config";


export type ServiceSummary = {
  slug: string;
  category: string;
  levels: number[];
  title: string;
  summary: string;
};

const summaryColumns = {
  slug: services.slug,
  category: services.category,
  levels: services.levels,
  title: serviceVersions.title,
  summary: serviceVersions.summary,
};

function currentVersionIn(municipalityId: string, locale: Language) {
  return and(
    eq(serviceVersions.municipalityId, municipalityId),
    eq(serviceVersions.locale, locale),
    eq(serviceVersions.isCurrent, true),
  );
}

export type CatalogFilter = { category?: string; level?: number };

function filterConditions(filter: CatalogFilter) {
  return [
    filter.category ? eq(services.category, filter.category) : undefined,
    filter.level === undefined ? undefined : sql`${filter.level} = any(${services.levels})`,
  ];
}

/** Every published service in one language, ordered by title, optionally filtered. */
export async function listServices(
  db: Database,
  municipalityId: string,
  locale: Language,
  filter: CatalogFilter = {},
): Promise<ServiceSummary[]> {
  return db
    .select(summaryColumns)
    .from(serviceVersions)
    .innerJoin(services, eq(services.id, serviceVersions.serviceId))
    .where(and(currentVersionIn(municipalityId, locale), ...filterConditions(filter)))
    .orderBy(asc(serviceVersions.title));
}

/** The services residents look for most, for the front page. */
export async function listPopularServices(
  db: Database,
  municipalityId: string,
  locale: Language,
  limit = 6,
): Promise<ServiceSummary[]> {
  return db
    .select(summaryColumns)
    .from(serviceVersions)
    .innerJoin(services, eq(services.id, serviceVersions.serviceId))
    .where(currentVersionIn(municipalityId, locale))
    .orderBy(desc(services.popularity), asc(serviceVersions.title))
    .limit(limit);
}

export type ServiceDetail = ServiceSummary & {
  version: number;
  publishedAt: Date;
  sections: ServiceSections;
  related: { slug: string; title: string; summary: string }[];
};

export async function getService(
  db: Database,
  municipalityId: string,
  locale: Language,
  slug: string,
): Promise<ServiceDetail | null> {
  const [row] = await db
    .select({
      ...summaryColumns,
      relatedSlugs: services.relatedSlugs,
      version: serviceVersions.version,
      publishedAt: serviceVersions.publishedAt,
      sections: serviceVersions.sections,
    })
    .from(serviceVersions)
    .innerJoin(services, eq(services.id, serviceVersions.serviceId))
    .where(and(currentVersionIn(municipalityId, locale), eq(services.slug, slug)))
    .limit(1);
  if (!row) return null;
  const { relatedSlugs, ...service } = row;
  const related = relatedSlugs.length
    ? await db
        .select({ slug: services.slug, title: serviceVersions.title, summary: serviceVersions.summary })
        .from(serviceVersions)
        .innerJoin(services, eq(services.id, serviceVersions.serviceId))
        .where(
          and(
            currentVersionIn(municipalityId, locale),
            sql`${services.slug} = any(${sql.param(relatedSlugs)}::text[])`,
          ),
        )
        .orderBy(asc(serviceVersions.title))
    : [];
  return { ...service, related };
}

export const maxQueryLength = 200;

/**
 * Splits what a resident typed into at most eight search words: letters and digits only, lower
 * case. Everything else (quotes, SQL or tsquery syntax, emoji) separates words and is dropped.
 */
export function tokenize(query: string): string[] {
  const words = query
    .normalize("NFC")
    .slice(0, maxQueryLength)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && w.length <= 40);
  return [...new Set(words)].slice(0, 8);
}

export type SearchResult = ServiceSummary & { rank: number };

/**
 * Ranked search in one language: Norwegian (or English) full text with stemming over title,
 * keywords, summary and every section, plus trigram similarity on title and keywords for typos,
 * plus the synonyms residents use. Any word may match; documents matching more words, and in the
 * title, rank higher.
 */
export async function searchServices(
  db: Database,
  municipalityId: string,
  locale: Language,
  query: string,
  filter: CatalogFilter = {},
): Promise<SearchResult[]> {
  const tokens = tokenize(query);
  if (tokens.length === 0) return [];
  const config = textSearchConfig[locale];
  const terms = [...tokens, ...expandSynonyms(tokens)];
  const tsquery = sql.join(
    terms.map((term) => sql`plainto_tsquery(${config}::regconfig, ${term})`),
    sql` || `,
  );
  const text = tokens.join(" ");
  const rows = await db
    .select({
      ...summaryColumns,
      rank: sql<number>`(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', ${serviceVersions.searchVector}, q.query, 1)
        + word_similarity(${text}, ${serviceVersions.searchTerms})
        + ${services.popularity}::real / 10000)::real`.as("rank"),
    })
    .from(serviceVersions)
    .innerJoin(services, eq(services.id, serviceVersions.serviceId))
    .innerJoin(sql`(select ${tsquery} as query) as q`, sql`true`)
    .where(
      and(
        currentVersionIn(municipalityId, locale),
        ...filterConditions(filter),
        sql`(${serviceVersions.searchVector} @@ q.query or ${text} <% ${serviceVersions.searchTerms})`,
      ),
    )
    .orderBy(sql`rank desc`, asc(serviceVersions.title))
    .limit(50);
  return rows;
}
