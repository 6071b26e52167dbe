// The database schema. drizzle-kit generates the SQL migrations in db/migrations from this file;
// the migrations are reviewed and committed, and applied at start-up (app/.server/db/migrate.ts).
import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export type Localized = { nb: string; nn: string; en: string };

/** A municipality's own scale of care levels (Halden's mestringsnivå 1–6, the Romsdal Trinn 0–6 …). */
export type LevelModel = {
  kind: "trinn" | "mestringsniva";
  name: Localized;
  levels: { value: number; label: Localized }[];
} | null;

export type MunicipalityContact = {
  unit: Localized;
  phone: string;
  email: string;
  openingHours: Localized;
  address: string;
  website: string;
};

export type MunicipalityTheme = { accent: string; accentContrast: string; logo?: string };

export const municipalities = pgTable("municipalities", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  organisationNumber: text("organisation_number").notNull(),
  levelModel: jsonb("level_model").$type<LevelModel>(),
  theme: jsonb("theme").$type<MunicipalityTheme>().notNull(),
  contact: jsonb("contact").$type<MunicipalityContact>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Municipality = typeof municipalities.$inferSelect;

export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    slug: text("slug").notNull(),
    category: text("category").notNull(),
    levels: integer("levels").array().notNull().default(sql`'{}'::integer[]`),
    relatedSlugs: text("related_slugs").array().notNull().default(sql`'{}'::text[]`),
    popularity: integer("popularity").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("services_municipality_slug_idx").on(t.municipalityId, t.slug)],
);
export type Service = typeof services.$inferSelect;

export type ServiceSections = {
  whatIs: string;
  whoFor: string;
  criteria: string;
  expect: string;
  expectedOfYou: string;
  howToApply: string;
  cost: string;
  processingTime: string;
  legalBasis: string;
};

/**
 * One published text of a service in one language. A new edit is a new row with a higher
 * version; the newest row per (service, locale) is current (`is_current`), older rows are history.
 */
export const serviceVersions = pgTable(
  "service_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    locale: text("locale").notNull(),
    version: integer("version").notNull(),
    isCurrent: boolean("is_current").notNull().default(true),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    keywords: text("keywords").array().notNull().default(sql`'{}'::text[]`),
    sections: jsonb("sections").$type<ServiceSections>().notNull(),
    searchVector: tsvector("search_vector").notNull(),
    searchTerms: text("search_terms").notNull(),
    publishedBy: text("published_by").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("service_versions_version_idx").on(t.serviceId, t.locale, t.version),
    index("service_versions_current_idx")
      .on(t.municipalityId, t.locale)
      .where(sql`${t.isCurrent}`),
    index("service_versions_search_idx").using("gin", t.searchVector),
    index("service_versions_terms_trgm_idx").using("gin", t.searchTerms.op("gin_trgm_ops")),
  ],
);
export type ServiceVersion = typeof serviceVersions.$inferSelect;
