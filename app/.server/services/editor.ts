import { and, asc, desc, eq, sql } from "drizzle-orm";
import { services, serviceVersions, type EmployeeRole } from "../../../db/schema";
import { supportedLanguages, type Language } from "~/i18n/config";
import { sectionKeys, type BaseVersions, type ServiceTexts } from "~/schemas/editor";
import { requireEmployee } from "../auth/session";
import { getDb, type Database } from "../db";
import { getLocale } from "../i18n";
import { logger } from "../logger";
import { getCurrentMunicipality } from "../municipality";
import { invalidateCatalogCache } from "./catalog-cache";
import { publishServiceText, type ServiceText, type Transaction } from "./publish";

// Editing service descriptions (tjenestebeskrivelser). Every function takes the acting employee
// and the municipality, refuses anyone who is not an editor (or admin) of that municipality, and
// reads and writes only that municipality's services. Publishing never changes a version: it adds
// one, so every text residents have seen stays readable with who published it and when.

/** The acting employee, as the employee session holds it. */
export type EditorActor = { id: string; name: string; municipalityId: string; roles: EmployeeRole[] };

function assertEditor(actor: EditorActor, municipalityId: string) {
  const isEditor = actor.roles.includes("editor") || actor.roles.includes("admin");
  if (!isEditor || actor.municipalityId !== municipalityId) {
    logger.warn("access.editor_refused", { reason: isEditor ? "municipality" : "role" });
    throw new Response(null, { status: 403, statusText: "Forbidden" });
  }
}

/** What every editor route needs: the editor (or a 403 / the login), the database, the municipality and the UI language. */
export async function getEditorContext(request: Request) {
  const session = await requireEmployee(request, "editor");
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  return { session, actor: session.employee, db, municipality, locale: getLocale(request) };
}

export const isServiceSlug = (slug: string | undefined): slug is string => !!slug && /^[a-z0-9-]{1,80}$/.test(slug);

type Queryable = Database | Transaction;

export type PublishedVersion = {
  version: number;
  publishedAt: Date;
  publishedBy: string;
  /** Null for texts that came with the seed data. */
  publishedByEmployeeId: string | null;
};

export type CurrentText = ServiceText & PublishedVersion;

const versionColumns = {
  version: serviceVersions.version,
  publishedAt: serviceVersions.publishedAt,
  publishedBy: serviceVersions.publishedBy,
  publishedByEmployeeId: serviceVersions.publishedByEmployeeId,
};

const textColumns = {
  ...versionColumns,
  locale: serviceVersions.locale,
  title: serviceVersions.title,
  summary: serviceVersions.summary,
  keywords: serviceVersions.keywords,
  sections: serviceVersions.sections,
};

async function findService(db: Queryable, municipalityId: string, slug: string, forUpdate = false) {
  const query = db
    .select({
      id: services.id,
      slug: services.slug,
      category: services.category,
      levels: services.levels,
      relatedSlugs: services.relatedSlugs,
    })
    .from(services)
    .where(and(eq(services.municipalityId, municipalityId), eq(services.slug, slug)))
    .limit(1);
  const [row] = forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

async function currentTexts(db: Queryable, serviceId: string): Promise<Record<Language, CurrentText | null>> {
  const rows = await db
    .select(textColumns)
    .from(serviceVersions)
    .where(and(eq(serviceVersions.serviceId, serviceId), eq(serviceVersions.isCurrent, true)));
  return Object.fromEntries(
    supportedLanguages.map((locale) => {
      const row = rows.find((r) => r.locale === locale);
      if (!row) return [locale, null];
      const { locale: _, ...text } = row;
      return [locale, text];
    }),
  ) as Record<Language, CurrentText | null>;
}

/** The same text, field by field (the form's text is normalised by the schema already). */
export function sameText(a: ServiceText, b: ServiceText) {
  return (
    a.title === b.title &&
    a.summary === b.summary &&
    a.keywords.length === b.keywords.length &&
    a.keywords.every((k, i) => k === b.keywords[i]) &&
    sectionKeys.every((k) => a.sections[k] === b.sections[k])
  );
}

export type EditableService = {
  slug: string;
  /** In bokmål, the master language. */
  title: string;
  versions: Record<Language, number | null>;
  lastPublished: (PublishedVersion & { locale: Language }) | null;
};

/** The municipality's services with each language's current version and the latest publication. */
export async function listEditableServices(db: Database, actor: EditorActor, municipalityId: string): Promise<EditableService[]> {
  assertEditor(actor, municipalityId);
  const rows = await db
    .select({ slug: services.slug, ...textColumns })
    .from(serviceVersions)
    .innerJoin(services, eq(services.id, serviceVersions.serviceId))
    .where(and(eq(services.municipalityId, municipalityId), eq(serviceVersions.isCurrent, true)));
  const bySlug = new Map<string, EditableService>();
  for (const row of rows) {
    const locale = row.locale as Language;
    const entry =
      bySlug.get(row.slug) ??
      ({ slug: row.slug, title: row.title, versions: { nb: null, nn: null, en: null }, lastPublished: null } as EditableService);
    if (locale === "nb") entry.title = row.title;
    entry.versions[locale] = row.version;
    if (!entry.lastPublished || row.publishedAt > entry.lastPublished.publishedAt) {
      const { version, publishedAt, publishedBy, publishedByEmployeeId } = row;
      entry.lastPublished = { locale, version, publishedAt, publishedBy, publishedByEmployeeId };
    }
    bySlug.set(row.slug, entry);
  }
  return [...bySlug.values()].sort((a, b) => a.title.localeCompare(b.title, "nb"));
}

export type ServiceForEditing = {
  slug: string;
  category: string;
  levels: number[];
  current: Record<Language, CurrentText | null>;
};

/** A service with its current text in every language, or null if the municipality has no such service. */
export async function getServiceForEditing(
  db: Database,
  actor: EditorActor,
  municipalityId: string,
  slug: string,
): Promise<ServiceForEditing | null> {
  assertEditor(actor, municipalityId);
  const service = await findService(db, municipalityId, slug);
  if (!service) return null;
  return { slug: service.slug, category: service.category, levels: service.levels, current: await currentTexts(db, service.id) };
}

export type RelatedService = { slug: string; title: string; summary: string };

async function relatedServices(db: Queryable, municipalityId: string, locale: Language, slugs: string[]): Promise<RelatedService[]> {
  if (slugs.length === 0) return [];
  return db
    .select({ slug: services.slug, title: serviceVersions.title, summary: serviceVersions.summary })
    .from(serviceVersions)
    .innerJoin(services, eq(services.id, serviceVersions.serviceId))
    .where(
      and(
        eq(serviceVersions.municipalityId, municipalityId),
        eq(serviceVersions.locale, locale),
        eq(serviceVersions.isCurrent, true),
        sql`${services.slug} = any(${sql.param(slugs)}::text[])`,
      ),
    )
    .orderBy(asc(serviceVersions.title));
}

export type PreviewLocale = {
  locale: Language;
  changed: boolean;
  /** The version this text would get (or has, when unchanged). */
  version: number;
  publishedAt: Date;
  related: RelatedService[];
};

/**
 * What publishing would do, without writing anything: which languages changed and the
 * version each would get, and the related services residents would see beside the text.
 */
export async function previewServiceEdit(
  db: Database,
  actor: EditorActor,
  municipalityId: string,
  slug: string,
  texts: ServiceTexts,
): Promise<{ slug: string; category: string; levels: number[]; locales: PreviewLocale[] } | null> {
  assertEditor(actor, municipalityId);
  const service = await findService(db, municipalityId, slug);
  if (!service) return null;
  const current = await currentTexts(db, service.id);
  const locales = await Promise.all(
    supportedLanguages.map(async (locale) => {
      const now = current[locale];
      const changed = !now || !sameText(now, texts[locale]);
      return {
        locale,
        changed,
        version: changed ? (now?.version ?? 0) + 1 : now!.version,
        publishedAt: changed ? new Date() : now!.publishedAt,
        related: await relatedServices(db, municipalityId, locale, service.relatedSlugs),
      };
    }),
  );
  return { slug: service.slug, category: service.category, levels: service.levels, locales };
}

export type Conflict = {
  locale: Language;
  /** The version the editor's form was based on. */
  baseVersion: number;
  /** What is published now, by someone else in the meantime. */
  current: CurrentText | null;
  /** Whether the editor changed this language compared with the version the form was based on. */
  editedByYou: boolean;
};

export type PublishResult =
  | { status: "not-found" }
  | { status: "unchanged" }
  | { status: "conflict"; conflicts: Conflict[] }
  | { status: "published"; published: { locale: Language; version: number }[] };

/**
 * Publishes the editor's text as a new version in each language whose text changed, all in one
 * transaction, with the editor recorded on each version. Refuses (and writes nothing) when any
 * language has been published by someone else since the editor's form was loaded: the form
 * sends the versions it was based on.
 */
export async function publishServiceEdit(
  db: Database,
  actor: EditorActor,
  municipalityId: string,
  slug: string,
  input: { texts: ServiceTexts; baseVersions: BaseVersions },
): Promise<PublishResult> {
  assertEditor(actor, municipalityId);
  const result = await db.transaction(async (tx): Promise<PublishResult> => {
    // The row lock makes two editors publishing the same service take turns.
    const service = await findService(tx, municipalityId, slug, true);
    if (!service) return { status: "not-found" };
    const current = await currentTexts(tx, service.id);

    const stale = supportedLanguages.filter((l) => (current[l]?.version ?? 0) !== input.baseVersions[l]);
    if (stale.length > 0) {
      const conflicts = await Promise.all(
        stale.map(async (locale) => {
          const baseVersion = input.baseVersions[locale];
          const base = await versionText(tx, service.id, locale, baseVersion);
          return {
            locale,
            baseVersion,
            current: current[locale],
            editedByYou: !base || !sameText(base, input.texts[locale]),
          };
        }),
      );
      return { status: "conflict", conflicts };
    }

    const changed = supportedLanguages.filter((l) => {
      const now = current[l];
      return !now || !sameText(now, input.texts[l]);
    });
    if (changed.length === 0) return { status: "unchanged" };

    const published: { locale: Language; version: number }[] = [];
    for (const locale of changed) {
      const row = await publishServiceText(
        db,
        {
          serviceId: service.id,
          municipalityId,
          locale,
          text: input.texts[locale],
          publishedBy: actor.name,
          publishedByEmployeeId: actor.id,
        },
        { tx },
      );
      published.push({ locale, version: row.version });
    }
    return { status: "published", published };
  });
  if (result.status === "published") {
    // After the commit: the public catalogue and cached pages in this process show the new text at once.
    invalidateCatalogCache();
    logger.info("service.published", { slug, versions: result.published.map((p) => `${p.locale}:${p.version}`).join(",") });
  } else if (result.status === "conflict") {
    logger.info("service.publish_conflict", { slug, locales: result.conflicts.map((c) => c.locale).join(",") });
  }
  return result;
}

async function versionText(db: Queryable, serviceId: string, locale: Language, version: number): Promise<ServiceText | null> {
  const [row] = await db
    .select({
      title: serviceVersions.title,
      summary: serviceVersions.summary,
      keywords: serviceVersions.keywords,
      sections: serviceVersions.sections,
    })
    .from(serviceVersions)
    .where(and(eq(serviceVersions.serviceId, serviceId), eq(serviceVersions.locale, locale), eq(serviceVersions.version, version)))
    .limit(1);
  return row ?? null;
}

export type HistoryEntry = PublishedVersion & { isCurrent: boolean };

/** Every version in every language, newest first, with who published it and when. */
export async function listServiceHistory(
  db: Database,
  actor: EditorActor,
  municipalityId: string,
  slug: string,
): Promise<{ slug: string; title: string; versions: Record<Language, HistoryEntry[]> } | null> {
  assertEditor(actor, municipalityId);
  const service = await findService(db, municipalityId, slug);
  if (!service) return null;
  const rows = await db
    .select({ ...versionColumns, locale: serviceVersions.locale, title: serviceVersions.title, isCurrent: serviceVersions.isCurrent })
    .from(serviceVersions)
    .where(eq(serviceVersions.serviceId, service.id))
    .orderBy(desc(serviceVersions.version));
  const versions = Object.fromEntries(
    supportedLanguages.map((locale) => [
      locale,
      rows.filter((r) => r.locale === locale).map(({ locale: _l, title: _t, ...entry }) => entry),
    ]),
  ) as Record<Language, HistoryEntry[]>;
  const title = rows.find((r) => r.locale === "nb" && r.isCurrent)?.title ?? rows[0]?.title ?? service.slug;
  return { slug: service.slug, title, versions };
}

export type ServiceVersionView = CurrentText & {
  slug: string;
  category: string;
  levels: number[];
  isCurrent: boolean;
  currentVersion: number;
  related: RelatedService[];
};

/** One version of one language's text, old or current, or null if there is no such version here. */
export async function getServiceVersion(
  db: Database,
  actor: EditorActor,
  municipalityId: string,
  slug: string,
  locale: Language,
  version: number,
): Promise<ServiceVersionView | null> {
  assertEditor(actor, municipalityId);
  const service = await findService(db, municipalityId, slug);
  if (!service) return null;
  const [row] = await db
    .select({ ...textColumns, isCurrent: serviceVersions.isCurrent })
    .from(serviceVersions)
    .where(and(eq(serviceVersions.serviceId, service.id), eq(serviceVersions.locale, locale), eq(serviceVersions.version, version)))
    .limit(1);
  if (!row) return null;
  const [{ currentVersion }] = await db
    .select({ currentVersion: sql<number>`max(${serviceVersions.version})::int` })
    .from(serviceVersions)
    .where(and(eq(serviceVersions.serviceId, service.id), eq(serviceVersions.locale, locale)));
  const { locale: _, ...text } = row;
  return {
    ...text,
    slug: service.slug,
    category: service.category,
    levels: service.levels,
    currentVersion,
    related: await relatedServices(db, municipalityId, locale, service.relatedSlugs),
  };
}
