// The database schema. drizzle-kit generates the SQL migrations in db/migrations from this file;
// the migrations are reviewed and committed, and applied at start-up (app/.server/db/migrate.ts).
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
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
    /**
     * Which appeal rule a decision on this service falls under: "pbrl" (health and care services,
     * four weeks, pasient- og brukerrettighetsloven § 7-2) or "fvl" (other individual decisions,
     * three weeks, forvaltningsloven § 29).
     */
    appealRule: text("appeal_rule").$type<"pbrl" | "fvl">().notNull().default("pbrl"),
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
    /** Reserved against digital contact in KRR, as KRR said at the last login it answered. */
    reservedInKrr: boolean("reserved_in_krr").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("persons_pid_hash_idx").on(t.pidHash),
    // Caseworkers search by name ("%kari nord%"): a trigram index on the same expression as
    // personFullName below, so that the search does not read every person.
    index("persons_name_trgm_idx").using("gin", sql`(${t.givenName} || ' ' || ${t.familyName}) gin_trgm_ops`),
  ],
);
/** "Given Family": the expression the name search matches and persons_name_trgm_idx indexes. */
export const personFullName = sql<string>`(${persons.givenName} || ' ' || ${persons.familyName})`;
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
    /** Work e-mail (from the login's claims), for the optional daily summary of the unit's inbox. */
    email: text("email"),
    dailyDigest: boolean("daily_digest").notNull().default(false),
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
    // The case list's order, id included: cases changed in the same instant (an import, a batch from
    // the case system) are then in order in the index, and a page reads 25 rows, not every tie.
    index("applications_recent_idx").on(t.municipalityId, t.updatedAt, t.id),
    index("applications_reference_trgm_idx").using("gin", t.reference.op("gin_trgm_ops")),
    // The case list's service filter (service_slugs @> array[…]): its count read every application
    // of the municipality without it, 4.6 ms of PostgreSQL's time a page with 10,000 (2.3 ms with it).
    index("applications_services_idx").using("gin", t.serviceSlugs),
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

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * A unit of the municipality that works cases and messages (Tildelingskontoret,
 * Hjemmetjenesten …). `name` is the unit as the employee login names it (employees.unit);
 * `display_name` is what residents read. `reply_working_days` is the unit's promise for answering
 * a message, in working days.
 */
export const units = pgTable(
  "units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    displayName: jsonb("display_name").$type<Localized>().notNull(),
    /** Whether residents can pick this unit when they write ("Hvem gjelder det?"). */
    receivesMessages: boolean("receives_messages").notNull().default(true),
    replyWorkingDays: integer("reply_working_days").notNull().default(2),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("units_slug_idx").on(t.municipalityId, t.slug),
    uniqueIndex("units_name_idx").on(t.municipalityId, t.name),
  ],
);
export type Unit = typeof units.$inferSelect;

/** What a resident has written in the application form so far; one row per draft, resumable. */
export type ApplicationAnswers = {
  /** "Hva er viktig for deg?" */
  whatMatters?: string;
  /** How they live (alone, with someone, in what kind of home). */
  living?: string;
  /** What help they get today and from whom. */
  currentHelp?: string;
  /** What is hard, in their own words. */
  difficulties?: string;
  /** Who the municipality should contact: the applicant or someone else. */
  contact?: { who: "me" | "other"; name?: string; phone?: string; relation?: string };
  consent?: boolean;
};

export const applicationDrafts = pgTable(
  "application_drafts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    serviceSlugs: text("service_slugs").array().notNull().default(sql`'{}'::text[]`),
    answers: jsonb("answers").$type<ApplicationAnswers>().notNull().default(sql`'{}'::jsonb`),
    /** The furthest step the resident has reached, to resume where they left off. */
    step: text("step").notNull().default("services"),
    /** Set when sent: the application it became. A sent draft is read-only. */
    applicationId: uuid("application_id").references(() => applications.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("application_drafts_person_idx").on(t.personId, t.updatedAt)],
);
export type ApplicationDraft = typeof applicationDrafts.$inferSelect;

/**
 * What the resident sent with an application made in the portal (null for applications
 * registered by the case system), and the projection of its events that lists and filters read.
 * The projection (`stage`, `due_at`) is rewritten from the events in the same transaction as each
 * new event (recordEvent); it is never set by hand.
 */
export const applicationDetails = pgTable(
  "application_details",
  {
    applicationId: uuid("application_id")
      .primaryKey()
      .references(() => applications.id),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    answers: jsonb("answers").$type<ApplicationAnswers>(),
    /** deriveStatus(events).stage, kept in step with the events. */
    stage: text("stage").notNull(),
    /** The next deadline the municipality must meet (preliminary reply, documentation …), if any. */
    dueAt: timestamp("due_at", { withTimezone: true }),
    assignedEmployeeId: uuid("assigned_employee_id").references(() => employees.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("application_details_stage_idx").on(t.municipalityId, t.stage, t.updatedAt),
    index("application_details_assigned_idx").on(t.assignedEmployeeId, t.updatedAt),
    index("application_details_due_idx").on(t.municipalityId, t.dueAt),
  ],
);
export type ApplicationDetails = typeof applicationDetails.$inferSelect;

export type DocumentKind = "attachment" | "decision_letter" | "application_copy" | "agreement";

/**
 * A file: an attachment a resident or caseworker uploaded, a decision letter, the PDF copy of a
 * sent application. Bytes with their SHA-256 and the type found from the content (never the
 * name). Every document belongs to one person (`person_id`), whose access it follows, and to at
 * most one of: a draft, an application (and event), a message.
 */
export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    kind: text("kind").$type<DocumentKind>().notNull(),
    filename: text("filename").notNull(),
    mime: text("mime").$type<"application/pdf" | "image/jpeg" | "image/png">().notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    bytes: bytea("bytes").notNull(),
    draftId: uuid("draft_id").references(() => applicationDrafts.id),
    applicationId: uuid("application_id").references(() => applications.id),
    applicationEventId: uuid("application_event_id").references(() => applicationEvents.id),
    messageId: uuid("message_id").references((): AnyPgColumn => messages.id),
    uploadedByKind: text("uploaded_by_kind").$type<"person" | "employee" | "system">().notNull(),
    uploadedById: uuid("uploaded_by_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("documents_person_idx").on(t.personId, t.createdAt),
    index("documents_application_idx").on(t.applicationId),
    index("documents_draft_idx").on(t.draftId),
    index("documents_message_idx").on(t.messageId),
  ],
);
export type DocumentRow = typeof documents.$inferSelect;

export type ThreadState = "awaiting_municipality" | "awaiting_resident" | "closed";

/** A conversation between one resident and the municipality, worked from a unit's inbox. */
export const messageThreads = pgTable(
  "message_threads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    /** "MLD-2026-000123": what the resident and the caseworker can quote and search for. */
    reference: text("reference").notNull(),
    subject: text("subject").notNull(),
    applicationId: uuid("application_id").references(() => applications.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    assignedEmployeeId: uuid("assigned_employee_id").references(() => employees.id),
    state: text("state").$type<ThreadState>().notNull().default("awaiting_municipality"),
    /** When the municipality has promised an answer by (set while awaiting the municipality). */
    dueAt: timestamp("due_at", { withTimezone: true }),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull().defaultNow(),
    /** The resident's own idempotency key for the first message: a double click makes one thread. */
    clientKey: text("client_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("message_threads_reference_idx").on(t.municipalityId, t.reference),
    uniqueIndex("message_threads_client_key_idx").on(t.personId, t.clientKey),
    // The resident's newest-first list, id included (as the order is): threads with the same last
    // message time are in order in the index, and a page stops after its own rows.
    index("message_threads_person_idx").on(t.personId, t.lastMessageAt, t.id),
    index("message_threads_unit_idx").on(t.unitId, t.state, t.lastMessageAt),
    // The inbox's newest-first page: walked backwards, it stops after 25 threads, whatever the
    // view's states (an IN list, which the index above cannot give in order).
    index("message_threads_unit_recent_idx").on(t.unitId, t.lastMessageAt, t.id),
    // "Mine" in a unit's inbox, counted from the index alone (a caseworker has threads in more
    // than one unit).
    index("message_threads_assigned_idx").on(t.assignedEmployeeId, t.unitId, t.state, t.lastMessageAt),
    // The count of the inbox's first view, "unassigned": read from this index alone, not from
    // every thread of the unit.
    index("message_threads_unassigned_idx")
      .on(t.unitId, t.state, t.lastMessageAt)
      .where(sql`${t.assignedEmployeeId} is null`),
    index("message_threads_application_idx").on(t.applicationId),
    index("message_threads_reference_trgm_idx").using("gin", t.reference.op("gin_trgm_ops")),
    index("message_threads_subject_trgm_idx").using("gin", t.subject.op("gin_trgm_ops")),
  ],
);
export type MessageThread = typeof messageThreads.$inferSelect;

/**
 * One message in a thread. `internal` notes are written by caseworkers for colleagues and never
 * reach the resident's pages, notifications or the API. Read receipts: `read_at` is when the
 * other side first read it.
 */
// What each side has not read yet. Written out, with no parameters: a partial index (below) is
// used only when the query's condition is known to imply the index's, and a value sent as a
// parameter is not known to a plan made once. Every query of unread messages uses these.
const unreadByMunicipalityIn = (t: { authorKind: AnyPgColumn; readAt: AnyPgColumn }) => sql`${t.authorKind} = 'person' and ${t.readAt} is null`;
const unreadByResidentIn = (t: { authorKind: AnyPgColumn; internal: AnyPgColumn; readAt: AnyPgColumn }) =>
  sql`${t.authorKind} = 'employee' and ${t.internal} = false and ${t.readAt} is null`;

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => messageThreads.id),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    authorKind: text("author_kind").$type<"person" | "employee">().notNull(),
    authorPersonId: uuid("author_person_id").references(() => persons.id),
    authorEmployeeId: uuid("author_employee_id").references(() => employees.id),
    /** The author's name (and unit for employees) as it was when written. */
    authorName: text("author_name").notNull(),
    authorUnit: text("author_unit"),
    body: text("body").notNull(),
    internal: boolean("internal").notNull().default(false),
    /** The sender's idempotency key (a hidden form field): a double click stores one message. */
    clientKey: text("client_key").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("messages_client_key_idx").on(t.threadId, t.clientKey),
    index("messages_thread_idx").on(t.threadId, t.createdAt),
    // The unread counts on every list page (each side's unread messages per thread), from small
    // indexes of the unread messages only: read messages, nearly all of them, are not in them.
    index("messages_unread_by_municipality_idx").on(t.threadId).where(unreadByMunicipalityIn(t)),
    index("messages_unread_by_resident_idx").on(t.threadId).where(unreadByResidentIn(t)),
  ],
);
export type Message = typeof messages.$inferSelect;
/** The residents' messages the municipality has not read. */
export const unreadByMunicipality = unreadByMunicipalityIn(messages);
/** The municipality's messages the resident has not read (internal notes are never the resident's). */
export const unreadByResident = unreadByResidentIn(messages);

/** A unit's ready-made answer that caseworkers start a reply from; editors maintain them. */
export const replyTemplates = pgTable(
  "reply_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    updatedByEmployeeId: uuid("updated_by_employee_id").references(() => employees.id),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [index("reply_templates_unit_idx").on(t.unitId)],
);
export type ReplyTemplate = typeof replyTemplates.$inferSelect;

export type NotificationChannel = "email" | "sms";
export type NotificationStatus = "pending" | "sent" | "failed";

/**
 * The outbox. A notification is content-free by construction: it stores only a template key
 * (`kind`), never a service, subject or message text. Rows are written in the same transaction as
 * what caused them; workers deliver them (app/.server/notifications). `idempotency_key` is unique:
 * the same cause never queues twice.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    municipalityId: uuid("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    personId: uuid("person_id").references(() => persons.id),
    employeeId: uuid("employee_id").references(() => employees.id),
    channel: text("channel").$type<NotificationChannel>().notNull(),
    /** E-mail address or mobile number, as it was when queued. */
    recipient: text("recipient").notNull(),
    /** Which fixed text: "application_news", "message_reply", "inbox_digest". */
    kind: text("kind").notNull(),
    locale: text("locale").notNull().default("nb"),
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status").$type<NotificationStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sendAfter: timestamp("send_after", { withTimezone: true }).notNull().defaultNow(),
    /** A worker that has taken the row holds it until then; after that another may take it. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** The gateway's id for what was sent (the SMTP Message-ID, the SMS gateway's reference). */
    providerMessageId: text("provider_message_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("notifications_idempotency_idx").on(t.idempotencyKey),
    index("notifications_pending_idx")
      .on(t.sendAfter)
      .where(sql`${t.status} = 'pending'`),
    index("notifications_person_idx").on(t.personId, t.createdAt),
  ],
);
export type Notification = typeof notifications.$inferSelect;
