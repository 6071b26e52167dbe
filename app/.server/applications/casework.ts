// The caseworker's side of applications (/saksbehandler/saker): the municipality's list with
// filters, one case with its applicant, and the actions that add case events. Every function
// takes the acting employee and touches only that employee's municipality; another
// municipality's case is a 404, exactly like a case that does not exist.
//
// Events are validated with the case system's own schema (caseEventSchema in ingest.ts) and
// stored through recordEvent (events.ts) with source "caseworker". Which actions make sense is
// decided here, from the derived status, so the server refuses what the page would not offer.

import { createHash } from "node:crypto";
import { and, asc, desc, eq, ilike, inArray, isNull, lte, sql, type AnyColumn, type Placeholder, type SQL } from "drizzle-orm";
import { union } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { applicationDetails, applicationEvents, applications, auditEntries, employees, personFullName, persons, type ApplicationEventType } from "../../../db/schema";
import type { Database } from "../db";
import { decrypt } from "../secrets";
import { outcomeDescriptionField, outcomeField } from "~/utils/casework";
import { serviceSlugPattern } from "~/utils/applications";
import { maskFodselsnummer } from "~/utils/fodselsnummer";
import { recordEvent } from "./events";
import { likePattern } from "../db/search";
import { countUpTo, listCountLimit, onePage, pagesOf } from "../db/paging";
import { preparedPerShape } from "../db/prepared";
import { municipalities, type DecisionOutcome } from "../../../db/schema";
import { isLanguage, type Language } from "~/i18n/config";
import { getEnv } from "../env";
import { storeDocument } from "../documents/store";
import type { UploadedFile } from "../documents/upload";
import { catalog } from "../services/catalog-cache";
import { appealRulesOf, decisionLetterFilename, generateDecisionLetter } from "./decision-letter";
import { caseEventSchema, decisionOutcomes, canonicalJson } from "./ingest";
import { isUuid, type ApplicationWithEvents, applicationColumns } from "./queries";
import { deriveStatus, stages, type ApplicationStatus, type Stage } from "./status";
import { osloDate, osloOffsetAtWallClock } from "~/utils/dates";

export type CaseworkActor = {
  id: string;
  municipalityId: string;
  name: string;
  unit: string | null;
};

const notFound = () => new Response(null, { status: 404, statusText: "Not Found" });

// ---------------------------------------------------------------------------------------------
// Which actions make sense now

/** The actions a caseworker can take, in the order the case page offers them. */
export const caseworkActions = [
  "received",
  "assessment_planned",
  "preliminary_reply",
  "documentation_requested",
  "documentation_received",
  "decided",
  "appeal_received",
  "appeal_reconsidered",
  "appeal_forwarded",
  "appeal_decided",
  "service_started",
  "service_changed",
  "service_ended",
] as const satisfies readonly ApplicationEventType[];
export type CaseworkAction = (typeof caseworkActions)[number];

export function isCaseworkAction(value: unknown): value is CaseworkAction {
  return typeof value === "string" && (caseworkActions as readonly string[]).includes(value);
}

/** Services a decision (after any appeal) grants in full or in part. */
function grantedServices(status: ApplicationStatus) {
  return status.outcomes.filter((o) => o.outcome === "granted" || o.outcome === "partly_granted").map((o) => o.service);
}

/**
 * The services each service action may name: started only when granted and not running, changed
 * and ended only when running.
 */
export function serviceChoices(status: ApplicationStatus) {
  const active = new Set(status.services.filter((s) => s.state === "active").map((s) => s.service));
  return {
    service_started: grantedServices(status).filter((s) => !active.has(s)),
    service_changed: [...active],
    service_ended: [...active],
  };
}

const serviceActions = ["service_started", "service_changed", "service_ended"] as const;
type ServiceAction = (typeof serviceActions)[number];
const isServiceAction = (type: CaseworkAction): type is ServiceAction => (serviceActions as readonly string[]).includes(type);

/** What a caseworker may record now, given the case's events. */
export function allowedActions(events: readonly { type: string }[], status: ApplicationStatus): CaseworkAction[] {
  const received = events.some((e) => e.type === "received");
  const decided = status.decision !== undefined;
  const appeal = status.appeal;
  const appealOpen = appeal !== undefined && !appeal.decided && appeal.reconsidered?.outcome !== "granted";
  const choices = serviceChoices(status);
  const allowed: Record<CaseworkAction, boolean> = {
    received: !received,
    assessment_planned: received && !decided,
    preliminary_reply: received && !decided,
    documentation_requested: received && !decided,
    documentation_received: status.openDocumentationRequest !== undefined,
    decided: received && !decided,
    // A new appeal after an earlier one is decided is a new case; one appeal per decision here.
    appeal_received: decided && appeal === undefined,
    appeal_reconsidered: appealOpen && !appeal?.reconsidered && !appeal?.forwardedAt,
    // The municipality reconsiders first (forvaltningsloven § 33) and forwards what it upholds.
    appeal_forwarded: appealOpen && appeal?.reconsidered !== undefined && !appeal?.forwardedAt,
    appeal_decided: appealOpen && appeal?.forwardedAt !== undefined,
    service_started: decided && choices.service_started.length > 0,
    service_changed: choices.service_changed.length > 0,
    service_ended: choices.service_ended.length > 0,
  };
  return caseworkActions.filter((a) => allowed[a]);
}

// ---------------------------------------------------------------------------------------------
// Deadlines as the caseworker sees them

export type CaseDeadline = {
  kind: "documentation" | "preliminaryReply" | "expectedDecision" | "appeal";
  date: string;
  overdue: boolean;
};

/** Overdue: the preliminary reply (fvl § 11 a) or the requested documentation is late. */
export function isOverdue(status: ApplicationStatus) {
  return Boolean(status.deadlines.preliminaryReplyDue?.overdue || status.openDocumentationRequest?.overdue);
}

/** The deadline to act on: an overdue one first (the earliest), else the earliest coming. */
export function caseDeadline(status: ApplicationStatus): CaseDeadline | undefined {
  const list: CaseDeadline[] = [];
  const request = status.openDocumentationRequest;
  if (request?.dueDate)
    list.push({
      kind: "documentation",
      date: request.dueDate,
      overdue: request.overdue,
    });
  const d = status.deadlines;
  if (d.preliminaryReplyDue) list.push({ kind: "preliminaryReply", ...d.preliminaryReplyDue });
  if (d.expectedDecisionBy) list.push({ kind: "expectedDecision", ...d.expectedDecisionBy });
  if (d.appealOpen && d.appealDeadline) list.push({ kind: "appeal", date: d.appealDeadline.earliestOpen ?? d.appealDeadline.date, overdue: false });
  list.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return list[0];
}

// ---------------------------------------------------------------------------------------------
// The list

export const casePageSize = 25;

/** Who has the case: anyone, the employee asking ("Tildelt meg"), or no one yet. */
export const caseAssignments = ["meg", "ingen"] as const;
export type CaseAssignment = (typeof caseAssignments)[number];

/** The list's orders: most recently changed first, or the municipality's earliest deadline first. */
export const caseSorts = ["endret", "frist"] as const;
export type CaseSort = (typeof caseSorts)[number];

export type CaseFilters = {
  stage?: Stage;
  service?: string;
  overdue?: boolean;
  assigned?: CaseAssignment;
  q?: string;
  sort?: CaseSort;
  page?: number;
};

/** Filters from the list's query string; anything unknown is ignored. */
export function parseCaseFilters(params: URLSearchParams): CaseFilters {
  const stage = params.get("status") ?? "";
  const service = params.get("tjeneste") ?? "";
  const assigned = params.get("tildelt") ?? "";
  const sort = params.get("sorter") ?? "";
  const q = (params.get("sok") ?? "").trim().slice(0, 100);
  const page = Number(params.get("side") ?? "1");
  return {
    stage: (stages as readonly string[]).includes(stage) ? (stage as Stage) : undefined,
    service: serviceSlugPattern.test(service) ? service : undefined,
    overdue: params.get("forsinket") === "1" || undefined,
    assigned: (caseAssignments as readonly string[]).includes(assigned) ? (assigned as CaseAssignment) : undefined,
    q: q || undefined,
    sort: (caseSorts as readonly string[]).includes(sort) && sort !== "endret" ? (sort as CaseSort) : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

export type CaseListRow = {
  id: string;
  reference: string;
  applicantName: string;
  serviceSlugs: string[];
  stage: Stage;
  deadline?: CaseDeadline;
  /** The caseworker who has the case, if anyone does. */
  assignee?: { id: string; name: string };
  updatedAt: Date;
};

export type CaseList = {
  rows: CaseListRow[];
  page: number;
  pageCount: number;
  /** How many match; with `more`, more than this many (db/paging.ts). */
  total: number;
  more: boolean;
};

/** Each listed case's deadline by case, projection version and day (see listCases); in this process. */
const deadlineCache = new Map<string, CaseDeadline | null>();
const deadlineCacheSize = 50_000;

/**
 * The conditions of the list's filters, on the projection (application_details, kept in step with
 * the events by projection.ts) joined with the application and the applicant. Values are
 * placeholders (filled in listCases), so the SQL depends only on which filters are set, except
 * the stage and a known service, which are written into it (see stageLiteral).
 *
 * Overdue is `due_at <= now`: due_at is the first instant after the earliest of the preliminary
 * reply's and the requested documentation's due dates has ended in Norway (projection.ts,
 * dueAtOf), and deriveStatus calls a date overdue when Norway's date today is after it — true from
 * exactly that instant on. So this is `isOverdue(deriveStatus(events, now))`, to the millisecond
 * and across the changes to and from summer time (tests/integration/case-list.test.ts compares them).
 */
/** The filters as the SQL is built from them: `serviceInText` when the service is the municipality's. */
type ListShape = CaseFilters & { serviceInText?: boolean };

const stageLiteral = (stage: Stage) => {
  if (!(stages as readonly string[]).includes(stage)) throw new Error(`Unknown stage: ${stage}`);
  return `'${stage}'`;
};

const serviceLiteral = (slug: string) => {
  if (!serviceSlugPattern.test(slug)) throw new Error(`Not a service slug: ${slug}`);
  return `'${slug}'`;
};

/**
 * The service filter. One of the municipality's services is written into the SQL, as the stage is
 * (PostgreSQL then keeps its plan, 0.3–0.4 ms a request): about thirty of them. Any other slug
 * (an old link, or one typed into the address) is a value, so that no one can make the portal
 * keep a new query for every word.
 */
const hasService = (filters: ListShape) =>
  sql`${applications.serviceSlugs} @> array[${filters.serviceInText && filters.service ? sql.raw(serviceLiteral(filters.service)) : sql.placeholder("service")}]::text[]`;

/** The filters' conditions on the projection alone (all but the service and the search). */
function detailConditions(filters: ListShape) {
  const conditions: (SQL | undefined)[] = [eq(applicationDetails.municipalityId, sql.placeholder("municipalityId"))];
  // The stage is written into the SQL, not given as a value: with a value, PostgreSQL planned the
  // query anew for every request (0.3–0.4 ms), because a plan for any stage looked dearer than one
  // for the stage at hand; with the stage in the text it keeps the plan. There are nine stages, and
  // only a stage of that list gets here (parseCaseFilters; checked again here).
  if (filters.stage) conditions.push(eq(applicationDetails.stage, sql.raw(stageLiteral(filters.stage))));
  if (filters.overdue) conditions.push(lte(applicationDetails.dueAt, sql.placeholder("now")));
  if (filters.assigned === "meg") conditions.push(eq(applicationDetails.assignedEmployeeId, sql.placeholder("employeeId")));
  if (filters.assigned === "ingen") conditions.push(isNull(applicationDetails.assignedEmployeeId));
  return and(...conditions);
}

function caseConditions(filters: ListShape) {
  return and(detailConditions(filters), filters.service ? hasService(filters) : undefined);
}

/** Which filters are set, and the order: all the list's SQL depends on. */
function caseListShape(filters: ListShape) {
  const set = [filters.stage, filters.service && (filters.serviceInText ? `service:${filters.service}` : "service"), filters.overdue && "overdue", filters.q && "search"];
  return [...set, filters.assigned, filters.sort].map((part) => part || "").join("|");
}

/**
 * The cases a search finds (with the other filters), as a CTE "matches" (id, updated_at, due_at).
 * A case matches by its reference, or by its applicant's name; each has a trigram index
 * (db/search.ts). The applications of the persons whose name matches, and then the projection row
 * of each match, are read one by one through their indexes: PostgreSQL otherwise joined them by
 * reading every application and every projection row (3.3 ms a search instead of 2.3, pgbench,
 * 10,000 cases). An OFFSET in a LATERAL subquery keeps it from being merged into the join, which
 * is what lets it be read one by one; the offset is 0 (the placeholder `none`).
 */
function searchMatchesOf(db: Database, filters: ListShape) {
  const pattern = sql.placeholder("pattern");
  const none = sql.placeholder("none");
  const ofApplications = (...conditions: SQL[]) =>
    and(eq(applications.municipalityId, sql.placeholder("municipalityId")), filters.service ? hasService(filters) : undefined, ...conditions);
  const byReference = db
    .select({ id: applications.id, updatedAt: applications.updatedAt })
    .from(applications)
    .where(ofApplications(ilike(applications.reference, pattern)));
  const theirs = db
    .select({ id: applications.id, updatedAt: applications.updatedAt })
    .from(applications)
    .where(ofApplications(eq(applications.personId, persons.id)))
    .offset(none)
    .as("theirs");
  const byName = db.select({ id: theirs.id, updatedAt: theirs.updatedAt }).from(persons).crossJoinLateral(theirs).where(ilike(personFullName, pattern));
  const found = union(byReference, byName).as("found");
  const projected = db
    .select({ dueAt: applicationDetails.dueAt })
    .from(applicationDetails)
    .where(and(eq(applicationDetails.applicationId, found.id), detailConditions(filters)))
    .offset(none)
    .as("projected");
  return db.$with("matches").as(db.select({ id: found.id, updatedAt: found.updatedAt, dueAt: projected.dueAt }).from(found).crossJoinLateral(projected));
}

function caseQueries(db: Database, { filters, countLimit }: { filters: ListShape; countLimit: number }) {
  const where = caseConditions(filters);
  // The matching cases, for the count. The application is joined only when a filter needs it: the
  // count of a stage, overdue, "mine" or a search is then read from the projection alone.
  // (Selecting a constant lets PostgreSQL count from an index alone.)
  const matching = () => {
    // A service alone is counted from the applications (applications_services_idx): each has its
    // projection row from the transaction that made it (apply.ts, ingest.ts), so the count is the
    // same, and PostgreSQL no longer reads every projection row to join them (1.6 → 0.8 ms).
    if (filters.service && !filters.stage && !filters.overdue && !filters.assigned && !filters.q)
      return db
        .select({ one: sql`1` })
        .from(applications)
        .where(and(eq(applications.municipalityId, sql.placeholder("municipalityId")), hasService(filters)))
        .$dynamic();
    const base = db.select({ one: sql`1` }).from(applicationDetails);
    if (filters.service) return base.innerJoin(applications, eq(applications.id, applicationDetails.applicationId)).where(where).$dynamic();
    return base.where(where).$dynamic();
  };
  const orderOf = (updatedAt: AnyColumn, id: AnyColumn, dueAt: AnyColumn) =>
    filters.sort === "frist" ? [sql`${dueAt} asc nulls last`, desc(updatedAt), desc(id)] : [desc(updatedAt), desc(id)];
  const columns = {
    id: applications.id,
    reference: applications.reference,
    serviceSlugs: applications.serviceSlugs,
    createdAt: applications.createdAt,
    updatedAt: applications.updatedAt,
    givenName: persons.givenName,
    familyName: persons.familyName,
    stage: applicationDetails.stage,
    projectedAt: applicationDetails.updatedAt,
    assigneeId: applicationDetails.assignedEmployeeId,
    assigneeName: employees.name,
  };
  const inMunicipality = eq(applications.municipalityId, sql.placeholder("municipalityId"));
  const searchMatches = searchMatchesOf(db, filters);
  const page = (offset?: Placeholder) => {
    if (filters.q) {
      // A search matches a few hundred cases anywhere in the list. They are found once, in a CTE
      // that both the count and the page read (PostgreSQL keeps a CTE read twice); the page's 25
      // are taken from it before the joins, so only they are joined.
      const onPage = onePage(
        db
          .select({ id: searchMatches.id })
          .from(searchMatches)
          .orderBy(...orderOf(searchMatches.updatedAt, searchMatches.id, searchMatches.dueAt))
          .$dynamic(),
        casePageSize,
        offset,
      ).as("on_page");
      return db
        .with(searchMatches)
        .select({ ...columns, total: countUpTo(db.select({ one: sql`1` }).from(searchMatches).$dynamic(), countLimit + 1) })
        .from(onPage)
        .innerJoin(applications, eq(applications.id, onPage.id))
        .innerJoin(applicationDetails, eq(applicationDetails.applicationId, onPage.id))
        .innerJoin(persons, eq(persons.id, applications.personId))
        .leftJoin(employees, eq(employees.id, applicationDetails.assignedEmployeeId))
        .orderBy(...orderOf(applications.updatedAt, applications.id, applicationDetails.dueAt));
    }
    return onePage(
      db
        .select({
          ...columns,
          // The count of the matches (up to the limit), in the same round trip: PostgreSQL runs it
          // once, on its own.
          total: countUpTo(matching(), countLimit + 1),
        })
        .from(applicationDetails)
        .innerJoin(applications, eq(applications.id, applicationDetails.applicationId))
        .innerJoin(persons, eq(persons.id, applications.personId))
        .leftJoin(employees, eq(employees.id, applicationDetails.assignedEmployeeId))
        // The same municipality on the application too (it always is): the newest-first page can
        // then walk applications_recent_idx (municipality_id, updated_at, id) and stop after 25 rows,
        // instead of joining and sorting all of the municipality's applications.
        .where(and(where, inMunicipality))
        .orderBy(...orderOf(applications.updatedAt, applications.id, applicationDetails.dueAt))
        .$dynamic(),
      casePageSize,
      offset,
    );
  };
  // All of them, for a page past the end.
  const count = filters.q
    ? db.with(searchMatches).select({ n: sql<number>`count(*)::int` }).from(searchMatches)
    : db.select({ n: sql<number>`count(*)::int` }).from(matching().as("matches"));
  return {
    first: page().prepare("case_list"),
    later: page(sql.placeholder("offset")).prepare("case_list_later"),
    count: count.prepare("case_count"),
  };
}

// The SQL is built once per combination of filters and count limit (one, but for tests): no stage
// or one of nine; no service, one of the municipality's, or another; overdue or not; a search or
// not; three assignments; two orders. Only those used are built.
const keptCaseQueries = preparedPerShape(caseQueries);

/**
 * One page of the municipality's applications, most recently updated first (or earliest deadline
 * first). Filters, order and paging are SQL on the projection: one query for the page with the
 * count in it, whatever the number of applications. Only the page's own rows (at most 25) have
 * their events read, for the deadline each row shows.
 */
export async function listCases(
  db: Database,
  actor: CaseworkActor,
  filters: CaseFilters,
  now = new Date(),
  countLimit = listCountLimit,
): Promise<CaseList> {
  const known = filters.service ? await catalog.list(db, actor.municipalityId, "nb") : [];
  const shape: ListShape = { ...filters, serviceInText: known.some((s) => s.slug === filters.service) };
  const queries = keptCaseQueries(db, `${caseListShape(shape)}|${countLimit}`, { filters: shape, countLimit });
  const values = {
    municipalityId: actor.municipalityId,
    pattern: filters.q ? likePattern(filters.q) : null,
    none: 0,
    employeeId: actor.id,
    service: filters.service ?? null,
    now: now.toISOString(),
  };
  const pageQuery = (page: number) =>
    page === 1 ? queries.first.execute(values) : queries.later.execute({ ...values, offset: (page - 1) * casePageSize });

  const requested = filters.page ?? 1;
  let rows = await pageQuery(requested);
  let page = requested;
  let counted = rows[0]?.total ?? 0;
  const countedAll = rows.length === 0;
  if (countedAll) {
    // Nothing matches, or the page is past the end (an old link): count them all, and show the
    // last page.
    counted = (await queries.count.execute(values))[0].n;
    page = Math.min(requested, Math.max(1, Math.ceil(counted / casePageSize)));
    if (page !== requested) rows = await pageQuery(page);
  }
  // After counting them all, the count is exact.
  const { total, more, pageCount } = pagesOf(counted, page, rows.length, casePageSize, countedAll ? Infinity : countLimit);

  // The deadline a row shows depends on the case's events and on today's date in Norway. Both are
  // in the key (the projection's updated_at changes in every event's transaction), so a row's
  // events are read and folded only the first time a caseworker's list shows it that day.
  const today = osloDate(now);
  const keyOf = (row: (typeof rows)[number]) => `${row.id}|${row.projectedAt.getTime()}|${today}`;
  const missing = rows.filter((row) => !deadlineCache.has(keyOf(row)));
  const events = missing.length
    ? await db
        .select({
          applicationId: applicationEvents.applicationId,
          type: applicationEvents.type,
          payload: applicationEvents.payload,
          occurredAt: applicationEvents.occurredAt,
        })
        .from(applicationEvents)
        .where(
          inArray(
            applicationEvents.applicationId,
            missing.map((r) => r.id),
          ),
        )
        .orderBy(asc(applicationEvents.occurredAt), asc(applicationEvents.recordedAt), asc(applicationEvents.id))
    : [];
  const byApplication = new Map<string, typeof events>(missing.map((r) => [r.id, []]));
  for (const e of events) byApplication.get(e.applicationId)?.push(e);
  for (const row of missing) {
    if (deadlineCache.size >= deadlineCacheSize) deadlineCache.clear();
    const status = deriveStatus(byApplication.get(row.id) ?? [], now, { submittedAt: row.createdAt });
    deadlineCache.set(keyOf(row), caseDeadline(status) ?? null);
  }

  return {
    rows: rows.map((row) => {
      return {
        id: row.id,
        reference: row.reference,
        applicantName: `${row.givenName} ${row.familyName}`,
        serviceSlugs: row.serviceSlugs,
        stage: row.stage as Stage,
        deadline: deadlineCache.get(keyOf(row)) ?? undefined,
        assignee: row.assigneeId && row.assigneeName ? { id: row.assigneeId, name: row.assigneeName } : undefined,
        updatedAt: row.updatedAt,
      };
    }),
    page,
    pageCount,
    total,
    more,
  };
}

// ---------------------------------------------------------------------------------------------
// One case

export type OpenedCase = ApplicationWithEvents & {
  applicant: { personId: string; name: string; maskedPid: string };
  status: ApplicationStatus;
  allowed: CaseworkAction[];
};

async function loadCase(db: Database, actor: CaseworkActor, applicationId: string, now: Date) {
  if (!isUuid(applicationId)) throw notFound();
  const [row] = await db
    .select({
      application: { ...applicationColumns, personId: applications.personId },
      person: {
        givenName: persons.givenName,
        familyName: persons.familyName,
        pidCiphertext: persons.pidCiphertext,
      },
    })
    .from(applications)
    .innerJoin(persons, eq(persons.id, applications.personId))
    .where(and(eq(applications.id, applicationId), eq(applications.municipalityId, actor.municipalityId)))
    .limit(1);
  if (!row) throw notFound();
  const events = await db
    .select({
      id: applicationEvents.id,
      type: applicationEvents.type,
      payload: applicationEvents.payload,
      source: applicationEvents.source,
      occurredAt: applicationEvents.occurredAt,
    })
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, row.application.id))
    .orderBy(asc(applicationEvents.occurredAt), asc(applicationEvents.recordedAt), asc(applicationEvents.id));
  const status = deriveStatus(events, now, {
    submittedAt: row.application.createdAt,
  });
  return { ...row, events, status };
}

/**
 * Opens one of the municipality's cases for an employee, and writes that they did: the resident
 * sees it in the innsynslogg ("application.viewed"). Someone else's municipality: 404.
 */
export async function openCase(db: Database, actor: CaseworkActor, applicationId: string, now = new Date()): Promise<OpenedCase> {
  const found = await loadCase(db, actor, applicationId, now);
  const { personId, ...application } = found.application;
  await db.insert(auditEntries).values({
    municipalityId: actor.municipalityId,
    actorKind: "employee",
    actorId: actor.id,
    actorName: actor.name,
    actorUnit: actor.unit,
    subjectPersonId: personId,
    action: "application.viewed",
    objectType: "application",
    objectId: application.id,
  });
  return {
    application,
    events: found.events,
    status: found.status,
    allowed: allowedActions(found.events, found.status),
    applicant: {
      personId,
      name: `${found.person.givenName} ${found.person.familyName}`,
      // Only the birth date part ever leaves this function.
      maskedPid: maskFodselsnummer(decrypt(found.person.pidCiphertext)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Recording an action

/** A form's fields by name, as the browser sent them (the first value of each). */
export type CaseworkForm = Record<string, string>;

/**
 * An error key in locales/*\/employee.json casework.errors, with its values; the decision letter's
 * errors are in applications.json casework.errors (`ns: "applications"`).
 */
export type FieldError =
  | { key: "required" | "tooLong" | "invalidDate" | "choose" | "notPast" | "invalid"; max?: number; ns?: undefined }
  | { key: "letterMissing" | "letterType" | "letterTooLarge" | "letterEmpty"; max?: undefined; ns: "applications" };
export type FieldErrors = Record<string, FieldError>;

export type RecordResult =
  | { status: "recorded"; type: CaseworkAction; duplicate: boolean }
  | { status: "invalid"; errors: FieldErrors }
  | { status: "not_allowed" };

const optional = (value: string | undefined) => (value && value.trim() !== "" ? value : undefined);

/** "2026-12-01T10:00" on a Norwegian wall clock, as an instant with offset; anything else as given. */
export function osloLocalToIso(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return value;
  const wall = Date.parse(`${m[1]}T${m[2]}:${m[3]}:00Z`);
  if (Number.isNaN(wall)) return value;
  const offset = osloOffsetAtWallClock(wall) / 60_000;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${m[1]}T${m[2]}:${m[3]}:00${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export { outcomeDescriptionField, outcomeField };

/** The event the form describes, in the case system's shape, before validation. */
function eventInput(type: CaseworkAction, form: CaseworkForm, serviceSlugs: string[], key: string, now: Date) {
  const base = { id: key, type, occurredAt: now.toISOString() };
  const description = optional(form.description);
  switch (type) {
    case "received":
      return { ...base, caseNumber: optional(form.caseNumber) };
    case "assessment_planned":
      return {
        ...base,
        plannedAt: optional(form.plannedAt) && osloLocalToIso(form.plannedAt.trim()),
        description,
      };
    case "preliminary_reply":
      return {
        ...base,
        expectedDecisionBy: optional(form.expectedDecisionBy),
        description,
      };
    case "documentation_requested":
      return {
        ...base,
        description: form.description ?? "",
        dueDate: optional(form.dueDate),
      };
    case "documentation_received":
    case "appeal_received":
    case "appeal_forwarded":
      return { ...base, description };
    case "decided":
      return {
        ...base,
        outcomes: serviceSlugs.map((service) => ({
          service,
          outcome: optional(form[outcomeField(service)]),
          description: optional(form[outcomeDescriptionField(service)]),
        })),
        reasoning: form.reasoning ?? "",
        criteria: (form.criteria ?? "")
          .split(/\r?\n/)
          .map((c) => c.trim())
          .filter(Boolean),
        legalBasis: optional(form.legalBasis),
      };
    case "appeal_reconsidered":
      return {
        ...base,
        outcome: optional(form.outcome),
        reasoning: optional(form.reasoning),
      };
    case "appeal_decided":
      return {
        ...base,
        outcome: optional(form.outcome),
        reasoning: form.reasoning ?? "",
      };
    case "service_started":
      return {
        ...base,
        service: optional(form.service),
        startDate: optional(form.startDate),
        description,
      };
    case "service_changed":
      return {
        ...base,
        service: optional(form.service),
        description: form.description ?? "",
        fromDate: optional(form.fromDate),
        reasoning: optional(form.reasoning),
      };
    case "service_ended":
      return {
        ...base,
        service: optional(form.service),
        endDate: optional(form.endDate),
        description,
      };
  }
}

function fieldName(path: (string | number)[], serviceSlugs: string[]): string {
  if (path[0] === "outcomes" && typeof path[1] === "number") {
    const slug = serviceSlugs[path[1]] ?? "";
    return path[2] === "description" ? outcomeDescriptionField(slug) : outcomeField(slug);
  }
  return String(path[0] ?? "form");
}

function fieldError(issue: z.ZodIssue): FieldError {
  switch (issue.code) {
    case "invalid_type":
      return { key: "required" };
    case "too_small":
      return { key: "required" };
    case "too_big":
      return { key: "tooLong", max: Number(issue.maximum) };
    case "invalid_string":
      return {
        key: issue.validation === "date" || issue.validation === "datetime" ? "invalidDate" : "invalid",
      };
    case "invalid_enum_value":
      return { key: "choose" };
    default:
      return { key: "invalid" };
  }
}

/** Validates an action's form with caseEventSchema; field names as in the form. */
export function parseCaseworkForm(
  type: CaseworkAction,
  form: CaseworkForm,
  context: {
    serviceSlugs: string[];
    serviceChoices: string[];
    key: string;
    now: Date;
  }
): { ok: true; event: z.output<typeof caseEventSchema> } | { ok: false; errors: FieldErrors } {
  const input = eventInput(type, form, context.serviceSlugs, context.key, context.now);
  const result = caseEventSchema.safeParse(input);
  const errors: FieldErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = fieldName(issue.path, context.serviceSlugs);
      const error = fieldError(issue);
      // A choice left empty is "choose one", not "write something".
      const isChoice = name === "outcome" || name === "service" || name.startsWith(outcomeField(""));
      errors[name] ??= isChoice && error.key === "required" ? { key: "choose" } : error;
    }
  }
  // What the case system may send but a caseworker should not: a deadline already passed, or a
  // service that is not one this action can name.
  const today = osloDate(context.now);
  for (const name of ["expectedDecisionBy", "dueDate"] as const) {
    const value = (input as Record<string, unknown>)[name];
    if (!errors[name] && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && value < today) errors[name] = { key: "notPast" };
  }
  if (isServiceAction(type) && !errors.service) {
    const service = (input as { service?: string }).service;
    if (!service || !context.serviceChoices.includes(service)) errors.service = { key: "choose" };
  }
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, event: result.data };
}


/** The idempotency key a case page puts in each form: a random UUID, stored with a prefix. */
export const idempotencyKeyFor = (formKey: string) => `saksbehandler-${formKey}`;

/**
 * Records one action on one of the municipality's cases as the employee: validated, allowed for
 * the case's stage, stored once per form key (a double submit stores one event).
 */
export async function recordCaseworkAction(
  db: Database,
  actor: CaseworkActor,
  applicationId: string,
  type: CaseworkAction,
  formKey: string,
  form: CaseworkForm,
  now = new Date(),
  extras: { files?: UploadedFile[] } = {}
): Promise<RecordResult> {
  if (!isUuid(formKey)) throw new Response(null, { status: 400, statusText: "Bad Request" });
  const found = await loadCase(db, actor, applicationId, now);
  const key = idempotencyKeyFor(formKey);

  // The same form sent twice: the first one counts, whatever the case looks like now.
  const [earlier] = await db
    .select({
      type: applicationEvents.type,
      applicationId: applicationEvents.applicationId,
    })
    .from(applicationEvents)
    .where(and(eq(applicationEvents.municipalityId, actor.municipalityId), eq(applicationEvents.idempotencyKey, key)))
    .limit(1);
  if (earlier) {
    if (earlier.applicationId !== found.application.id || earlier.type !== type) return { status: "not_allowed" };
    return { status: "recorded", type, duplicate: true };
  }

  if (!allowedActions(found.events, found.status).includes(type)) return { status: "not_allowed" };
  const choices = serviceChoices(found.status);
  const parsed = parseCaseworkForm(type, form, {
    serviceSlugs: found.application.serviceSlugs,
    serviceChoices: isServiceAction(type) ? choices[type] : [],
    key,
    now,
  });
  // A decision's letter: generated here, or the caseworker's own PDF (checked by its content).
  const letterChoice = type === "decided" ? decisionLetterChoice(form, extras.files ?? []) : undefined;
  if (!parsed.ok || (letterChoice && "error" in letterChoice)) {
    const errors = { ...(parsed.ok ? {} : parsed.errors) };
    if (letterChoice && "error" in letterChoice) errors.letterFile = letterChoice.error;
    return { status: "invalid", errors };
  }

  const { id, type: _type, occurredAt, ...fields } = parsed.event;
  let payload: Record<string, unknown> = fields;
  let letter: { filename: string; bytes: Uint8Array; generated: boolean } | undefined;
  if (parsed.event.type === "decided" && letterChoice && !("error" in letterChoice)) {
    const decision = parsed.event;
    const appealRules = await appealRulesOf(db, actor.municipalityId, decision.outcomes.map((o) => o.service));
    letter =
      letterChoice.kind === "upload"
        ? { filename: letterChoice.filename, bytes: letterChoice.bytes, generated: false }
        : {
            filename: decisionLetterFilename(found.application.reference),
            generated: true,
            bytes: await generateDecisionLetter({
              locale: letterChoice.locale,
              municipality: await municipalityOf(db, actor.municipalityId),
              reference: found.application.reference,
              applicant: {
                name: `${found.person.givenName} ${found.person.familyName}`,
                maskedPid: maskFodselsnummer(decrypt(found.person.pidCiphertext)),
              },
              decidedAt: new Date(occurredAt),
              outcomes: await titledOutcomes(db, actor.municipalityId, letterChoice.locale, decision.outcomes),
              reasoning: decision.reasoning,
              criteria: decision.criteria ?? [],
              legalBasis: decision.legalBasis,
              appealRules,
              caseworker: { name: actor.name, unit: actor.unit },
              portalUrl: getEnv().PUBLIC_URL,
            }),
          };
    payload = {
      ...fields,
      appealRules,
      letter: {
        filename: letter.filename,
        size: letter.bytes.byteLength,
        sha256: createHash("sha256").update(letter.bytes).digest("hex"),
        generated: letter.generated,
      },
    };
  }
  const stored = await recordEvent(db, {
    application: {
      id: found.application.id,
      municipalityId: found.application.municipalityId,
      personId: found.application.personId,
    },
    type,
    payload,
    source: "caseworker",
    idempotencyKey: id,
    bodyHash: createHash("sha256")
      .update(`caseworker-event\n${canonicalJson({ type, payload })}`)
      .digest("hex"),
    occurredAt: new Date(occurredAt),
    actor: {
      kind: "employee",
      id: actor.id,
      name: actor.name,
      unit: actor.unit,
    },
    withStored: letter
      ? async (tx, event) => {
          await storeDocument(tx, {
            municipalityId: found.application.municipalityId,
            personId: found.application.personId,
            kind: "decision_letter",
            filename: letter.filename,
            file: { bytes: letter.bytes, mime: "application/pdf" },
            applicationId: found.application.id,
            applicationEventId: event.id,
            uploadedBy: { kind: "employee", id: actor.id },
          });
        }
      : undefined,
  });
  return { status: "recorded", type, duplicate: stored === null };
}

export { decisionOutcomes };

// ---------------------------------------------------------------------------------------------
// The decision letter

/** The file field of the caseworker's own decision letter. */
export const letterFileField = "letterFile";

type LetterChoice =
  | { kind: "generate"; locale: Language }
  | { kind: "upload"; filename: string; bytes: Uint8Array }
  | { error: FieldError };

/** What the decision form says about the letter: generate it (in which language) or the uploaded PDF. */
function decisionLetterChoice(form: CaseworkForm, files: UploadedFile[]): LetterChoice {
  if (form.letter !== "upload") return { kind: "generate", locale: isLanguage(form.letterLanguage) ? form.letterLanguage : "nb" };
  const file = files.find((f) => f.field === letterFileField);
  const error = (key: "letterMissing" | "letterType" | "letterTooLarge" | "letterEmpty"): LetterChoice => ({ error: { key, ns: "applications" } });
  if (!file) return error("letterMissing");
  if (file.problem === "too_large") return error("letterTooLarge");
  if (file.problem === "empty") return error("letterEmpty");
  if (!file.accepted || file.accepted.mime !== "application/pdf") return error("letterType");
  return { kind: "upload", filename: file.filename, bytes: file.accepted.bytes };
}

async function municipalityOf(db: Database, municipalityId: string) {
  const [row] = await db
    .select({ name: municipalities.name, contact: municipalities.contact })
    .from(municipalities)
    .where(eq(municipalities.id, municipalityId))
    .limit(1);
  return row;
}

async function titledOutcomes(db: Database, municipalityId: string, locale: Language, outcomes: { service: string; outcome: DecisionOutcome; description?: string }[]) {
  const titles = new Map((await catalog.list(db, municipalityId, locale)).map((s) => [s.slug, s.title]));
  return outcomes.map((o) => ({ slug: o.service, title: titles.get(o.service) ?? o.service, outcome: o.outcome, description: o.description }));
}
