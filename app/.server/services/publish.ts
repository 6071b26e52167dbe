import { and, eq, max, sql } from "drizzle-orm";
import { serviceVersions, type ServiceSections } from "../../../db/schema";
import type { Language } from "~/i18n/config";
import type { Database } from "../db";
import { textSearchConfig } from "./search-config";

export type ServiceText = {
  title: string;
  summary: string;
  keywords: string[];
  sections: ServiceSections;
};

/**
 * Publishes a new version of a service's text in one language. The previous version stays in
 * the table as history; the new one becomes current. The search vector is built here, so every
 * way of publishing (seed, editor) indexes the text the same way.
 */
export async function publishServiceText(
  db: Database,
  input: { serviceId: string; municipalityId: string; locale: Language; text: ServiceText; publishedBy: string },
) {
  const { serviceId, municipalityId, locale, text, publishedBy } = input;
  const config = textSearchConfig[locale];
  const keywords = text.keywords.join(" ");
  const body = Object.values(text.sections).join("\n");
  return db.transaction(async (tx) => {
    const sameText = and(eq(serviceVersions.serviceId, serviceId), eq(serviceVersions.locale, locale));
    const [{ latest }] = await tx
      .select({ latest: max(serviceVersions.version) })
      .from(serviceVersions)
      .where(sameText);
    await tx.update(serviceVersions).set({ isCurrent: false }).where(sameText);
    const [row] = await tx
      .insert(serviceVersions)
      .values({
        serviceId,
        municipalityId,
        locale,
        version: (latest ?? 0) + 1,
        isCurrent: true,
        title: text.title,
        summary: text.summary,
        keywords: text.keywords,
        sections: text.sections,
        searchVector: sql`setweight(to_tsvector(${config}::regconfig, ${text.title}), 'A')
          || setweight(to_tsvector(${config}::regconfig, ${keywords}), 'A')
          || setweight(to_tsvector(${config}::regconfig, ${text.summary}), 'B')
          || setweight(to_tsvector(${config}::regconfig, ${body}), 'C')`,
        searchTerms: `${text.title} ${keywords}`.toLowerCase(),
        publishedBy,
      })
      .returning({ id: serviceVersions.id, version: serviceVersions.version });
    return row;
  });
}
