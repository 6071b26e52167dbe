// Reading applications and their events for the resident's own pages. Every read says who asks
// (the actor) and whose data it is (the subject) and checks access itself, before any query.
// A denial is always a 404, never a 403: the answer must not reveal that an application exists.
// A person reading their own data writes no audit entry (the innsynslogg shows what others did).

import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { applicationEvents, applications, type Application, type ApplicationEvent } from "../../../db/schema";
import type { Database } from "../db";
import { preparedPerShape } from "../db/prepared";

export type Actor = { personId: string };

/** The answer to every denial: the same as for what does not exist. */
export const notFound = () => new Response(null, { status: 404, statusText: "Not Found" });

/**
 * May `actorPersonId` read the data of `subjectPersonId`? Today only about themselves.
 * Representation (fullmakt) will widen this one place. Throws a 404 Response otherwise.
 */
export function assertCanRead(actorPersonId: string, subjectPersonId: string): void {
  if (!actorPersonId || !subjectPersonId || actorPersonId !== subjectPersonId) throw notFound();
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && uuidPattern.test(value);
}

export type ApplicationEventView = Pick<ApplicationEvent, "id" | "type" | "payload" | "source" | "occurredAt">;
export type ApplicationWithEvents = {
  application: Pick<Application, "id" | "reference" | "serviceSlugs" | "channel" | "createdAt" | "updatedAt" | "municipalityId">;
  /** Oldest first; events at the same moment in the order they were recorded. */
  events: ApplicationEventView[];
};

type Scope = { actorPersonId: string; subjectPersonId: string; municipalityId?: string };

export const applicationColumns = {
  id: applications.id,
  reference: applications.reference,
  serviceSlugs: applications.serviceSlugs,
  channel: applications.channel,
  createdAt: applications.createdAt,
  updatedAt: applications.updatedAt,
  municipalityId: applications.municipalityId,
};

// An application's events as one JSON array, oldest first (events at the same moment in the order
// they were recorded): a row per application instead of one per event. PostgreSQL builds the
// array; the portal parses it natively. With a row per event, parsing and mapping the rows took
// the resident's list most of its database time (80 rows of 13 columns for 4 applications).
const eventsJson = sql<EventJson[] | null>`json_agg(json_build_object(
  'id', ${applicationEvents.id}, 'type', ${applicationEvents.type}, 'payload', ${applicationEvents.payload},
  'source', ${applicationEvents.source}, 'occurredAt', ${applicationEvents.occurredAt}
) order by ${applicationEvents.occurredAt}, ${applicationEvents.recordedAt}, ${applicationEvents.id})
filter (where ${applicationEvents.id} is not null)`;

type EventJson = Omit<ApplicationEventView, "occurredAt"> & { occurredAt: string };

const eventsOf = (json: EventJson[] | null): ApplicationEventView[] =>
  (json ?? []).map((e) => ({ id: e.id, type: e.type, payload: e.payload, source: e.source, occurredAt: new Date(e.occurredAt) }));

// Prepared once per database (db/prepared.ts); the shape is whether the municipality is given.
// An application with its events (none: an empty list).
const withEvents = (db: Database, scope: { municipalityId?: string }, ...conditions: SQL[]) =>
  db
    .select({ ...applicationColumns, events: eventsJson })
    .from(applications)
    .leftJoin(applicationEvents, eq(applicationEvents.applicationId, applications.id))
    .where(
      and(
        ...conditions,
        eq(applications.personId, sql.placeholder("personId")),
        scope.municipalityId ? eq(applications.municipalityId, sql.placeholder("municipalityId")) : undefined,
      ),
    )
    .groupBy(applications.id);

const personsApplications = preparedPerShape((db: Database, scope: { municipalityId?: string }) =>
  withEvents(db, scope).orderBy(desc(applications.createdAt), desc(applications.id)).prepare("persons_applications"),
);

const personsApplication = preparedPerShape((db: Database, scope: { municipalityId?: string }) =>
  withEvents(db, scope, eq(applications.id, sql.placeholder("applicationId"))).prepare("persons_application"),
);

const withEventsOf = ({ events, ...application }: Awaited<ReturnType<ReturnType<typeof withEvents>["execute"]>>[number]): ApplicationWithEvents => ({
  application,
  events: eventsOf(events),
});

/** The subject's applications with their events, newest first (by when they were received). */
export async function listApplicationsForPerson(db: Database, scope: Scope): Promise<ApplicationWithEvents[]> {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  // The applications and their events in one round trip.
  const rows = await personsApplications(db, scope.municipalityId ? "municipality" : "", scope).execute({
    personId: scope.subjectPersonId,
    municipalityId: scope.municipalityId ?? null,
  });
  const list = rows.map(withEventsOf);
  // An application made on paper may be registered long after it was received: sort by receipt.
  const receivedAt = (a: ApplicationWithEvents) =>
    (a.events.find((e) => e.type === "received") ?? a.events[0])?.occurredAt.getTime() ?? a.application.createdAt.getTime();
  return list.sort((a, b) => receivedAt(b) - receivedAt(a));
}

/** One of the subject's applications with its events; 404 for a malformed id or someone else's. */
export async function getApplicationForPerson(
  db: Database,
  scope: Scope & { applicationId: string },
): Promise<ApplicationWithEvents> {
  assertCanRead(scope.actorPersonId, scope.subjectPersonId);
  if (!isUuid(scope.applicationId)) throw notFound();
  // The application and its events in one round trip.
  const [row] = await personsApplication(db, scope.municipalityId ? "municipality" : "", scope).execute({
    applicationId: scope.applicationId,
    personId: scope.subjectPersonId,
    municipalityId: scope.municipalityId ?? null,
  });
  if (!row) throw notFound();
  return withEventsOf(row);
}
