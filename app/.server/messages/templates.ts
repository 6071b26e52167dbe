// Reply templates per unit (/saksbehandler/maler): ready-made answers in plain language that a
// caseworker starts a reply from. Editors write, change and archive them; caseworkers pick them
// in a thread. Every function takes the employee and touches only their municipality's templates.

import { and, asc, eq, isNull } from "drizzle-orm";
import { replyTemplates, units } from "../../../db/schema";
import { isUuid } from "../applications/queries";
import type { Database } from "../db";
import { notFound, type EmployeeActor, type Queryable } from "./common";

export const templateTitleMax = 100;
export const templateBodyMax = 5000;

export async function listTemplates(db: Queryable, actor: EmployeeActor, options: { unitId?: string; archived?: boolean } = {}) {
  const conditions = [eq(replyTemplates.municipalityId, actor.municipalityId)];
  if (options.unitId) conditions.push(eq(replyTemplates.unitId, options.unitId));
  if (!options.archived) conditions.push(isNull(replyTemplates.archivedAt));
  return db
    .select({
      id: replyTemplates.id,
      unitId: replyTemplates.unitId,
      unitName: units.name,
      title: replyTemplates.title,
      body: replyTemplates.body,
      updatedBy: replyTemplates.updatedBy,
      updatedAt: replyTemplates.updatedAt,
      archivedAt: replyTemplates.archivedAt,
    })
    .from(replyTemplates)
    .innerJoin(units, eq(units.id, replyTemplates.unitId))
    .where(and(...conditions))
    .orderBy(asc(units.name), asc(replyTemplates.title));
}

export async function getTemplate(db: Queryable, actor: EmployeeActor, id: string) {
  if (!isUuid(id)) throw notFound();
  const [row] = await db
    .select()
    .from(replyTemplates)
    .where(and(eq(replyTemplates.id, id), eq(replyTemplates.municipalityId, actor.municipalityId)))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

export type TemplateValues = { unitId: string; title: string; body: string };
export type TemplateErrors = Partial<Record<keyof TemplateValues, string>>;

export function checkTemplate(values: TemplateValues, unitIds: string[]): TemplateErrors {
  const errors: TemplateErrors = {};
  if (!unitIds.includes(values.unitId)) errors.unitId = "templates.errors.unit";
  if (!values.title) errors.title = "templates.errors.titleRequired";
  else if (values.title.length > templateTitleMax) errors.title = "templates.errors.titleTooLong";
  if (!values.body) errors.body = "templates.errors.bodyRequired";
  else if (values.body.length > templateBodyMax) errors.body = "templates.errors.bodyTooLong";
  return errors;
}

/** Creates a template, or changes one (`id`) of the municipality. Values must be checked first. */
export async function saveTemplate(db: Database, actor: EmployeeActor, values: TemplateValues, id?: string) {
  const [unit] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.id, values.unitId), eq(units.municipalityId, actor.municipalityId)));
  if (!unit) throw notFound();
  const stamp = { updatedByEmployeeId: actor.id, updatedBy: actor.name, updatedAt: new Date() };
  if (id) {
    await getTemplate(db, actor, id);
    await db
      .update(replyTemplates)
      .set({ unitId: unit.id, title: values.title, body: values.body, ...stamp })
      .where(eq(replyTemplates.id, id));
    return id;
  }
  const [row] = await db
    .insert(replyTemplates)
    .values({ municipalityId: actor.municipalityId, unitId: unit.id, title: values.title, body: values.body, ...stamp })
    .returning({ id: replyTemplates.id });
  return row.id;
}

/** Archives a template (it stays for the record, but is no longer offered), or brings it back. */
export async function archiveTemplate(db: Database, actor: EmployeeActor, id: string, archived = true) {
  await getTemplate(db, actor, id);
  await db
    .update(replyTemplates)
    .set({ archivedAt: archived ? new Date() : null, updatedByEmployeeId: actor.id, updatedBy: actor.name, updatedAt: new Date() })
    .where(eq(replyTemplates.id, id));
}
