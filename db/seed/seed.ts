import { eq } from "drizzle-orm";
import { demoIntegrationKey, hashIntegrationKey } from "../../app/.server/applications/integration-keys";
import type { Database } from "../../app/.server/db/client";
import { publishServiceText } from "../../app/.server/services/publish";
import { supportedLanguages } from "../../app/i18n/config";
import { integrationKeys, municipalities, services } from "../schema";
import { seedDemoApplications } from "./applications";
import { readServiceFiles } from "./content";
import { seedDemoMessages } from "./messages";
import { demoMunicipality } from "./municipality";
import { seedUnits } from "./units";

/**
 * Seeds the demo municipality and its service descriptions. Safe to run at every start:
 * it adds only what is missing and never overwrites a text an editor has published.
 */
export async function seedDemoData(db: Database) {
  const [existing] = await db
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(eq(municipalities.slug, demoMunicipality.slug));
  const municipalityId =
    existing?.id ??
    (await db.insert(municipalities).values(demoMunicipality).returning({ id: municipalities.id }))[0].id;

  const present = new Set(
    (await db.select({ slug: services.slug }).from(services).where(eq(services.municipalityId, municipalityId))).map(
      (s) => s.slug,
    ),
  );
  for (const file of readServiceFiles()) {
    if (present.has(file.slug)) continue;
    const [service] = await db
      .insert(services)
      .values({
        municipalityId,
        slug: file.slug,
        category: file.category,
        levels: file.levels,
        relatedSlugs: file.related,
        popularity: file.popularity,
        appealRule: file.appealRule,
      })
      .returning({ id: services.id });
    for (const locale of supportedLanguages) {
      await publishServiceText(db, {
        serviceId: service.id,
        municipalityId,
        locale,
        text: file[locale],
        publishedBy: "seed",
      });
    }
  }
  await seedUnits(db, municipalityId);
  await seedDemoApplications(db, municipalityId);
  await seedDemoMessages(db, municipalityId);

  // The demo case system's API key (README). Refused when PORTAL_ENV=production, even if present;
  // a revoked demo key stays revoked.
  await db
    .insert(integrationKeys)
    .values({ municipalityId, name: demoIntegrationKey.name, keyHash: hashIntegrationKey(demoIntegrationKey.key) })
    .onConflictDoNothing({ target: integrationKeys.keyHash });
  return municipalityId;
}
