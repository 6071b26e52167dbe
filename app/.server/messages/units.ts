// The municipality's units that answer messages (Tildelingskontoret, Hjemmetjenesten …), read
// often and changed rarely.

import { asc, eq } from "drizzle-orm";
import { units, type Unit } from "../../../db/schema";
import type { Queryable } from "./common";

export type UnitInfo = Pick<Unit, "id" | "slug" | "name" | "displayName" | "receivesMessages" | "replyWorkingDays">;

export async function listUnits(db: Queryable, municipalityId: string): Promise<UnitInfo[]> {
  return db
    .select({
      id: units.id,
      slug: units.slug,
      name: units.name,
      displayName: units.displayName,
      receivesMessages: units.receivesMessages,
      replyWorkingDays: units.replyWorkingDays,
    })
    .from(units)
    .where(eq(units.municipalityId, municipalityId))
    .orderBy(asc(units.name));
}

// Units change rarely (no page edits them), so pages read them through a one-minute cache per
// municipality, like the municipality's own settings (app/.server/municipality.ts).
const ttlMs = 60_000;
const cache = new Map<string, { at: number; value: Promise<UnitInfo[]> }>();

export function listUnitsCached(db: Queryable, municipalityId: string): Promise<UnitInfo[]> {
  const hit = cache.get(municipalityId);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value;
  const value = listUnits(db, municipalityId);
  cache.set(municipalityId, { at: Date.now(), value });
  value.catch(() => cache.delete(municipalityId));
  return value;
}

/**
 * Where a message goes when the resident does not choose: the allocation office
 * (Tildelingskontoret) is the municipality's front door for health and care, else the first unit
 * that takes messages.
 */
export function defaultUnit(list: UnitInfo[]): UnitInfo | undefined {
  const open = list.filter((u) => u.receivesMessages);
  return open.find((u) => u.slug === "tildelingskontoret") ?? open[0];
}

/** The employee's own unit (employees.unit is the unit's name in the employee login), if it is one. */
export function unitOfEmployee(list: UnitInfo[], unitName: string | null): UnitInfo | undefined {
  return unitName ? list.find((u) => u.name === unitName) : undefined;
}
