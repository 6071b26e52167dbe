// The projection that lists and filters read: each application's stage and the date its next
// deadline for the municipality falls due, in application_details. It is derived from the events
// by the same deriveStatus the pages use, and rewritten in the same transaction as every new event
// (recordEvent) and every new application, so it can never disagree with the events for long:
// `rebuildProjections` fills in any application that lacks it (at start-up, after a migration).

import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { applicationDetails, applicationEvents, applications, persons } from "../../../db/schema";
import type { Database } from "../db";
import { deriveStatus, type ApplicationStatus, type StatusEvent } from "./status";
import { endOfOsloDay } from "~/utils/dates";
import { preparedPerShape } from "../db/prepared";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Queryable = Database | Tx;

/**
 * The instant the case becomes overdue for the municipality, if it has such a deadline now: the
 * preliminary reply (fvl § 11 a) not yet sent, or requested documentation not yet received.
 * A date's deadline passes when that day has ended in Norway.
 */
export function dueAtOf(status: ApplicationStatus): Date | null {
  const dates = [status.deadlines.preliminaryReplyDue?.date, status.openDocumentationRequest?.dueDate].filter(
    (d): d is string => Boolean(d),
  );
  if (dates.length === 0) return null;
  const earliest = dates.sort()[0];
  return endOfOsloDay(earliest);
}

/** The projection's derived values for an application with these events. */
export function projectionOf(events: readonly StatusEvent[], createdAt: Date, now: Date) {
  const status = deriveStatus(events, now, { submittedAt: createdAt });
  return { stage: status.stage, dueAt: dueAtOf(status) };
}

// Built once per database and way of finding the application (prepared.ts): the API reads it for
// every event it is sent.
const projectionInputQuery = preparedPerShape((db: Queryable, by: "id" | "reference") =>
  db
    .select({
      id: applications.id,
      reference: applications.reference,
      municipalityId: applications.municipalityId,
      personId: applications.personId,
      createdAt: applications.createdAt,
      version: sql<string>`${applications.updatedAt}::text`,
      email: persons.email,
      mobile: persons.mobile,
      type: applicationEvents.type,
      payload: applicationEvents.payload,
      occurredAt: applicationEvents.occurredAt,
    })
    .from(applications)
    .innerJoin(persons, eq(persons.id, applications.personId))
    .leftJoin(applicationEvents, eq(applicationEvents.applicationId, applications.id))
    .where(
      by === "id"
        ? eq(applications.id, sql.placeholder("id"))
        : and(eq(applications.municipalityId, sql.placeholder("municipalityId")), eq(applications.reference, sql.placeholder("reference"))),
    )
    .orderBy(asc(applicationEvents.occurredAt), asc(applicationEvents.recordedAt), asc(applicationEvents.id))
    .prepare(`projection_input_by_${by}`),
);

/**
 * What the projection is derived from: the application and its events in order (one round trip).
 * Also what recordEvent needs to store the next event in one statement: the application's
 * `version` (its updated time to the microsecond, as text; every new event moves it) and the
 * resident's contact details for a notification. By id, or by the municipality's reference (the
 * case system's API).
 */
export async function readProjectionInput(db: Queryable, by: string | { municipalityId: string; reference: string }) {
  const rows =
    typeof by === "string"
      ? await projectionInputQuery(db, "id", "id").execute({ id: by })
      : await projectionInputQuery(db, "reference", "reference").execute(by);
  const application = rows[0];
  if (!application) return null;
  const events = rows.flatMap((r) => (r.type !== null && r.occurredAt !== null ? [{ type: r.type, payload: r.payload, occurredAt: r.occurredAt }] : []));
  const { id, reference, municipalityId, personId, createdAt, version, email, mobile } = application;
  return { id, reference, municipalityId, personId, createdAt, version, contacts: { email, mobile }, events };
}

/**
 * Rewrites one application's projection from its events. Keeps what is not derived (the answers
 * the resident sent, who the case is assigned to).
 */
export async function refreshApplicationProjection(db: Queryable, applicationId: string, now = new Date()): Promise<void> {
  const read = await readProjectionInput(db, applicationId);
  if (!read) return;
  const values = { ...projectionOf(read.events, read.createdAt, now), updatedAt: sql`clock_timestamp()` };
  await db
    .insert(applicationDetails)
    .values({ applicationId, municipalityId: read.municipalityId, ...values })
    .onConflictDoUpdate({ target: applicationDetails.applicationId, set: values });
}

/** Fills in the projection of every application that has none yet. Returns how many. */
export async function rebuildProjections(db: Database, now = new Date()): Promise<number> {
  const missing = await db
    .select({ id: applications.id })
    .from(applications)
    .leftJoin(applicationDetails, eq(applicationDetails.applicationId, applications.id))
    .where(isNull(applicationDetails.applicationId));
  for (const { id } of missing) await refreshApplicationProjection(db, id, now);
  return missing.length;
}
