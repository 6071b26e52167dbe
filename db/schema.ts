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
import { applicationEventTypes, type ApplicationEventType } from "../app/utils/applications";

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
    /** The name of whoever published ("seed" for the demo texts), as it was at the time. */
    publishedBy: text("published_by").notNull(),
    /** The employee who published this version in the editor; null for seeded texts. */
    publishedByEmployeeId: uuid("published_by_employee_id").references(() => employees.id),
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

/**
 * A resident or next of kin, keyed by the fødselsnummer from ID-porten. The number is stored
 * only encrypted (`pid_ciphertext`) and found through a keyed hash (`pid_hash`); neither reveals
 * it without the keys. Name and contact details come from the person register at each login.
 */
export const persons = pgTable(
  "persons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pidHash: text("pid_hash").notNull(),
    pidCiphertext: text("pid_ciphertext").notNull(),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    email: text("email"),
    mobile: text("mobile"),
    contactUpdatedAt: timestamp("contact_updated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("persons_pid_hash_idx").on(t.pidHash)],
);
export type Person = typeof persons.$inferSelect;

export type EmployeeRole = "caseworker" | "editor" | "admin";

/** A municipal employee, from the employee identity provider. */
export const employees = pgTable(
  "employees",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    name: text("name").notNull(),
    unit: text("unit"),
    roles: text("roles").array().$type<EmployeeRole[]>().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("employees_issuer_subject_idx").on(t.issuer, t.subject)],
);
export type Employee = typeof employees.$inferSelect;

/**
 * A login session. The cookie holds a random token; the table holds only its SHA-256, so a copy
 * of the table cannot be used to take over sessions. Residents and employees have separate
 * sessions (and cookies). The ID token is kept encrypted for the logout hint; `idp_sid` finds the
 * session on a front-channel logout.
 */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    kind: text("kind").$type<"resident" | "employee">().notNull(),
    personId: uuid("person_id").references(() => persons.id),
    employeeId: uuid("employee_id").references(() => employees.id),
    acr: text("acr"),
    idpSid: text("idp_sid"),
    idTokenCiphertext: text("id_token_ciphertext"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_idp_sid_idx").on(t.idpSid), index("sessions_expires_idx").on(t.expiresAt)],
);
export type Session = typeof sessions.$inferSelect;

/**
 * A login on its way through the identity provider: PKCE verifier, state and nonce, single use.
 * The browser holds only a random id for it in a short-lived cookie.
 */
export const loginAttempts = pgTable("login_attempts", {
  idHash: text("id_hash").primaryKey(),
  kind: text("kind").$type<"resident" | "employee">().notNull(),
  state: text("state").notNull(),
  nonce: text("nonce").notNull(),
  codeVerifier: text("code_verifier").notNull(),
  acr: text("acr"),
  returnTo: text("return_to").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An application (søknad) for one or more services. It has no status column: where it stands is
 * derived from its append-only events (app/.server/applications/status.ts).
 */
export const applications = pgTable(
  "applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    /** The reference residents and the case system use, e.g. "SOK-2026-000123". */
    reference: text("reference").notNull(),
    /** Slugs of the services applied for. */
    serviceSlugs: text("service_slugs").array().notNull(),
    /** Where it was made: the portal, or on paper / by phone and registered in the case system. */
    channel: text("channel").$type<"portal" | "paper" | "phone" | "other">().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("applications_reference_idx").on(t.municipalityId, t.reference),
    index("applications_person_idx").on(t.personId, t.updatedAt),
    index("applications_updated_idx").on(t.municipalityId, t.updatedAt),
  ],
);
export type Application = typeof applications.$inferSelect;

export { applicationEventTypes, type ApplicationEventType };
export type DecisionOutcome = "granted" | "partly_granted" | "refused" | "dismissed";

/**
 * One thing that happened to an application. Append-only. `idempotency_key` is the sender's id
 * for the event (the case system's event id): the same key twice stores one event.
 */
export const applicationEvents = pgTable(
  "application_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    type: text("type").$type<ApplicationEventType>().notNull(),
    /** Type-specific details: outcomes per service and reasoning for a decision, a deadline … */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    source: text("source").$type<"portal" | "caseworker" | "fagsystem">().notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of the sender's request body, to tell a replay from a conflicting re-use of the key. */
    bodyHash: text("body_hash").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("application_events_idempotency_idx").on(t.municipalityId, t.idempotencyKey),
    index("application_events_application_idx").on(t.applicationId, t.occurredAt),
  ],
);
export type ApplicationEvent = typeof applicationEvents.$inferSelect;

/** A case system's key for the API, one municipality each. Only its SHA-256 is stored. */
export const integrationKeys = pgTable(
  "integration_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("integration_keys_hash_idx").on(t.keyHash)],
);

/**
 * Who looked at or changed whose data, when and why. Append-only. Residents read the entries
 * about themselves as the innsynslogg.
 */
export const auditEntries = pgTable(
  "audit_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    actorKind: text("actor_kind").$type<"employee" | "person" | "system">().notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    actorUnit: text("actor_unit"),
    subjectPersonId: uuid("subject_person_id").references(() => persons.id),
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: uuid("object_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_entries_subject_idx").on(t.subjectPersonId, t.at)],
);
