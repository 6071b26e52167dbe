// Who in the municipality has a case (application_details.assigned_employee_id): a caseworker
// takes it ("Tildel meg"), gives it to a colleague of the same municipality, or lets it go.
//
// This is the municipality's distribution of work, not a step in the case: it adds no event, so
// the resident's status, timeline and notifications do not change, and applications.updated_at is
// left alone (the caseworkers' list orders by what happened in the case). The resident still
// sees that an employee did something with their application: each change writes an audit entry
// "application.updated" naming the employee, which their innsynslogg lists.
//
// Like the rest of casework.ts, every function takes the acting employee and touches only that
// employee's municipality; another municipality's case is a 404.

import { and, asc, eq, sql } from "drizzle-orm";
import { applicationDetails, applications, auditEntries, employees } from "../../../db/schema";
import type { Database } from "../db";
import type { CaseworkActor } from "./casework";
import { isUuid, notFound } from "./queries";

export type Colleague = { id: string; name: string; unit: string | null };

export type CaseAssignmentView = {
  assignee: Colleague | null;
  /** The municipality's caseworkers (the actor among them), by name: who the case can be given to. */
  colleagues: Colleague[];
};

/** The municipality's caseworkers, by name. */
export async function listColleagues(db: Database, actor: CaseworkActor): Promise<Colleague[]> {
  return db
    .select({ id: employees.id, name: employees.name, unit: employees.unit })
    .from(employees)
    .where(and(eq(employees.municipalityId, actor.municipalityId), sql`${employees.roles} @> array['caseworker']::text[]`))
    .orderBy(asc(employees.name), asc(employees.id));
}

/** Who has the case now, and who it can be given to. A case of another municipality: 404. */
export async function caseAssignment(db: Database, actor: CaseworkActor, applicationId: string): Promise<CaseAssignmentView> {
  if (!isUuid(applicationId)) throw notFound();
  const [[row], colleagues] = await Promise.all([
    db
      .select({ assigneeId: applicationDetails.assignedEmployeeId })
      .from(applicationDetails)
      .where(and(eq(applicationDetails.applicationId, applicationId), eq(applicationDetails.municipalityId, actor.municipalityId)))
      .limit(1),
    listColleagues(db, actor),
  ]);
  if (!row) throw notFound();
  let assignee = colleagues.find((c) => c.id === row.assigneeId) ?? null;
  if (row.assigneeId && !assignee) {
    // Someone who is no longer a caseworker still has it: show who.
    const [former] = await db
      .select({ id: employees.id, name: employees.name, unit: employees.unit })
      .from(employees)
      .where(eq(employees.id, row.assigneeId))
      .limit(1);
    assignee = former ?? null;
  }
  return { assignee, colleagues };
}

export type AssignResult = { status: "assigned" | "unchanged" } | { status: "invalid_assignee" };

/**
 * Gives the case to `assigneeId` (a caseworker of the actor's municipality), or to no one (null).
 * Writes an audit entry when something changed. A case of another municipality: 404.
 */
export async function assignCase(
  db: Database,
  actor: CaseworkActor,
  applicationId: string,
  assigneeId: string | null,
): Promise<AssignResult> {
  if (!isUuid(applicationId)) throw notFound();
  if (assigneeId !== null) {
    if (!isUuid(assigneeId)) return { status: "invalid_assignee" };
    const colleagues = await listColleagues(db, actor);
    if (!colleagues.some((c) => c.id === assigneeId)) return { status: "invalid_assignee" };
  }
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ assigneeId: applicationDetails.assignedEmployeeId, personId: applications.personId })
      .from(applicationDetails)
      .innerJoin(applications, eq(applications.id, applicationDetails.applicationId))
      .where(and(eq(applicationDetails.applicationId, applicationId), eq(applicationDetails.municipalityId, actor.municipalityId)))
      .for("update", { of: applicationDetails })
      .limit(1);
    if (!current) throw notFound();
    if (current.assigneeId === assigneeId) return { status: "unchanged" as const };
    await tx.update(applicationDetails).set({ assignedEmployeeId: assigneeId }).where(eq(applicationDetails.applicationId, applicationId));
    await tx.insert(auditEntries).values({
      municipalityId: actor.municipalityId,
      actorKind: "employee",
      actorId: actor.id,
      actorName: actor.name,
      actorUnit: actor.unit,
      subjectPersonId: current.personId,
      action: "application.updated",
      objectType: "application",
      objectId: applicationId,
    });
    return { status: "assigned" as const };
  });
}
