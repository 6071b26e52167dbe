// The demo municipality's units that work cases and answer messages. `name` is the unit as the
// employee login names it (employees.unit, see persons.ts); `displayName` is what residents read.
// Each promises an answer within `replyWorkingDays` working days. Idempotent: a unit that exists
// (by slug) is left alone, so an administrator's later change of the promise is kept.

import type { Database } from "../../app/.server/db/client";
import { units, type Localized } from "../schema";

export const demoUnits: { slug: string; name: string; displayName: Localized; replyWorkingDays: number }[] = [
  {
    slug: "tildelingskontoret",
    name: "Tildelingskontoret",
    displayName: {
      nb: "Tildelingskontoret (søknader om helse- og omsorgstjenester)",
      nn: "Tildelingskontoret (søknader om helse- og omsorgstenester)",
      en: "Allocation office (applications for health and care services)",
    },
    replyWorkingDays: 2,
  },
  {
    slug: "hjemmetjenesten",
    name: "Hjemmetjenesten",
    displayName: {
      nb: "Hjemmetjenesten (hjemmesykepleie og praktisk bistand)",
      nn: "Heimetenesta (heimesjukepleie og praktisk bistand)",
      en: "Home care service (home nursing and practical help)",
    },
    replyWorkingDays: 2,
  },
  {
    slug: "psykisk-helse-og-rus",
    name: "Psykisk helse og rus",
    displayName: {
      nb: "Psykisk helse og rus",
      nn: "Psykisk helse og rus",
      en: "Mental health and substance use service",
    },
    replyWorkingDays: 2,
  },
  {
    slug: "frisklivssentralen",
    name: "Frisklivssentralen",
    displayName: {
      nb: "Frisklivssentralen (trening, kosthold og søvn)",
      nn: "Frisklivssentralen (trening, kosthald og søvn)",
      en: "Healthy life centre (exercise, diet and sleep)",
    },
    replyWorkingDays: 3,
  },
];

/** Adds the demo units that are missing. */
export async function seedUnits(db: Database, municipalityId: string) {
  await db
    .insert(units)
    .values(demoUnits.map((u) => ({ municipalityId, ...u })))
    .onConflictDoNothing();
}
