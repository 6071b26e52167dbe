// A caseworker's own notification settings: the daily summary of their unit's inbox on or off,
// and the work e-mail it goes to. Only the employee themself reads and changes these.
import { and, eq } from "drizzle-orm";
import { employees, units, type Localized } from "../../../db/schema";
import type { DigestSettings } from "~/schemas/notification-settings";
import type { Database } from "../db";

export type EmployeeActor = { id: string; municipalityId: string; unit: string | null };

export async function getDigestSettings(db: Database, actor: EmployeeActor) {
  const [row] = await db
    .select({ email: employees.email, dailyDigest: employees.dailyDigest })
    .from(employees)
    .where(eq(employees.id, actor.id));
  let unit: Localized | null = null;
  if (actor.unit) {
    const [found] = await db
      .select({ displayName: units.displayName })
      .from(units)
      .where(and(eq(units.municipalityId, actor.municipalityId), eq(units.name, actor.unit)));
    unit = found?.displayName ?? { nb: actor.unit, nn: actor.unit, en: actor.unit };
  }
  return { email: row?.email ?? null, dailyDigest: row?.dailyDigest ?? false, unit };
}

export async function saveDigestSettings(db: Database, actor: EmployeeActor, settings: DigestSettings) {
  await db.update(employees).set({ email: settings.email, dailyDigest: settings.dailyDigest }).where(eq(employees.id, actor.id));
}
