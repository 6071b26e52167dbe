import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { pageMeta } from "~/utils/meta";
import { Link, useLoaderData } from "@remix-run/react";
import { Field, Heading, Label, Paragraph, Select } from "~/components/ds";
import { useTranslation } from "react-i18next";
import { getPublicContext } from "~/.server/request";
import type { ServiceSummary } from "~/.server/services/catalog";
import { catalog } from "~/.server/services/catalog-cache";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SearchForm } from "~/components/search-form";
import { ServiceCardList } from "~/components/service-card";
import { parseCatalogQuery } from "~/schemas/catalog";
import { categories, isCategory } from "~/utils/catalog";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, municipality, locale, t } = await getPublicContext(request);
  const url = new URL(request.url);
  const levelModel = municipality.levelModel;
  const levelOptions = levelModel?.levels.map((l) => ({ value: l.value, label: l.label[locale] })) ?? [];
  const page = {
    title: `${t("catalog.title")} – ${municipality.name}`,
    levelName: levelModel?.name[locale] ?? null,
    levelOptions,
  };

  let { query, error, raw } = parseCatalogQuery(url.searchParams);
  if (query?.kategori && !isCategory(query.kategori)) error = "search.errors.unknownCategory";
  if (query?.niva !== undefined && !levelOptions.some((l) => l.value === query.niva))
    error = "search.errors.unknownLevel";
  if (!query || error) {
    return data(
      {
        ...page,
        error: t(error ?? "search.errors.unknownCategory"),
        q: raw.q?.slice(0, 200) ?? "",
        category: "",
        level: "",
        mode: "error" as const,
        services: [] as ServiceSummary[],
      },
      { status: 400 },
    );
  }

  const filter = { category: query.kategori, level: query.niva };
  const services = query.q
    ? await catalog.search(db, municipality.id, locale, query.q, filter)
    : await catalog.list(db, municipality.id, locale, filter);
  return {
    ...page,
    error: null,
    q: query.q ?? "",
    category: query.kategori ?? "",
    level: query.niva === undefined ? "" : String(query.niva),
    mode: query.q ? ("search" as const) : ("browse" as const),
    services: services.map(({ slug, category, levels, title, summary }) => ({ slug, category, levels, title, summary })),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

function Filters({ category, level }: { category: string; level: string }) {
  const { t } = useTranslation("catalog");
  const { levelName, levelOptions } = useLoaderData<typeof loader>();
  return (
    <>
      <Field>
        <Label htmlFor="kategori">{t("filters.category")}</Label>
        <Select id="kategori" name="kategori" defaultValue={category}>
          <option value="">{t("filters.allCategories")}</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {t(`categories.${c}`)}
            </option>
          ))}
        </Select>
      </Field>
      {levelName ? (
        <Field>
          <Label htmlFor="niva">{levelName}</Label>
          <Select id="niva" name="niva" defaultValue={level}>
            <option value="">{t("filters.allLevels")}</option>
            {levelOptions.map((l) => (
              <option key={l.value} value={String(l.value)}>
                {`${levelName} ${l.value}: ${l.label}`}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
    </>
  );
}

function NoResults({ q }: { q: string }) {
  const { t } = useTranslation("catalog");
  return (
    <div className="stack-sm">
      <Paragraph>{q ? t("results.noneFor", { q }) : t("results.noneFiltered")}</Paragraph>
      <Heading level={3} data-size="2xs">
        {t("results.tipsHeading")}
      </Heading>
      <ul className="ds-list">
        <li>{t("results.tips.spelling")}</li>
        <li>{t("results.tips.otherWords")}</li>
        <li>
          <Link to="/tjenester">{t("results.tips.browse")}</Link>
        </li>
        <li>{t("results.tips.call")}</li>
      </ul>
    </div>
  );
}

function Grouped({ services }: { services: ServiceSummary[] }) {
  const { t } = useTranslation("catalog");
  return (
    <>
      {categories
        .map((c) => ({ c, items: services.filter((s) => s.category === c) }))
        .filter((g) => g.items.length > 0)
        .map(({ c, items }) => (
          <section key={c} aria-labelledby={`kategori-${c}`} className="stack-sm">
            <Heading level={3} data-size="sm" id={`kategori-${c}`}>
              {t(`categories.${c}`)}
            </Heading>
            <ServiceCardList services={items} headingLevel={4} />
          </section>
        ))}
    </>
  );
}

export default function Catalogue() {
  const { q, category, level, mode, services, error } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalog");
  const filtered = Boolean(category || level);
  const summary =
    mode === "search"
      ? t("results.countFor", { count: services.length, q })
      : t("results.count", { count: services.length });
  return (
    <div className="stack">
      <Heading level={1} data-size="xl">
        {t("catalog.heading")}
      </Heading>
      <Paragraph className="lead">{t("catalog.lead")}</Paragraph>
      <SearchForm id="tjenester-sok" defaultValue={q} error={error ?? undefined}>
        <Filters category={category} level={level} />
      </SearchForm>

      <section aria-labelledby="resultat" className="stack">
        <div aria-live="polite" aria-atomic="true" className="stack-sm">
          <Heading level={2} data-size="md" id="resultat">
            {mode === "error" ? t("results.errorHeading") : summary}
          </Heading>
          {q || filtered ? (
            <Paragraph data-size="sm">
              <Link to="/tjenester">{t("results.reset")}</Link>
            </Paragraph>
          ) : null}
        </div>
        {mode === "error" ? (
          <Paragraph>{error}</Paragraph>
        ) : services.length === 0 ? (
          <NoResults q={q} />
        ) : mode === "search" ? (
          <ServiceCardList services={services} />
        ) : (
          <Grouped services={services} />
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
