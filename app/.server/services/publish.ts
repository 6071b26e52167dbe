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

/** An open transaction on the database (what `db.transaction` hands its callback). */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export type PublishInput = {
  serviceId: string;
  municipalityId: string;
  locale: Language;
  text: ServiceText;
  /** The publisher's name as shown in the history ("seed" for the demo texts). */
  publishedBy: string;
  /** The employee who published, when an editor did. */
  publishedByEmployeeId?: string;
};

/**
 * Publishes a new version of a service's text in one language. The previous version stays in
 * the table as history; the new one becomes current. The search vector is built here, so every
 * way of publishing (seed, editor) indexes the text the same way.
 *
 * Runs in a transaction of its own; pass `{ tx }` to run inside a transaction the caller holds
 * (the editor publishes several languages at once, all or nothing).
 */
export async function publishServiceText(db: Database, input: PublishInput, options: { tx?: Transaction } = {}) {
  if (options.tx) return insertVersion(options.tx, input);
  return db.transaction((tx) => insertVersion(tx, input));
}

async function insertVersion(tx: Transaction, input: PublishInput) {
  const { serviceId, municipalityId, locale, text, publishedBy, publishedByEmployeeId } = input;
  const config = textSearchConfig[locale];
  const keywords = text.keywords.join(" ");
  const body = Object.values(text.sections).join("\n");
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
      publishedByEmployeeId: publishedByEmployeeId ?? null,
    })
    .returning({ id: serviceVersions.id, version: serviceVersions.version, publishedAt: serviceVersions.publishedAt });
  return row;
}
