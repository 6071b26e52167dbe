import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFixedT } from "~/.server/i18n";
import { getEditorContext, getServiceVersion, isServiceSlug } from "~/.server/services/editor";
import { resources } from "~/i18n/resources.server";
import { Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ServiceView, serviceViewProps } from "~/components/service-view";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";

/** Long Norwegian compounds in headings must wrap on narrow screens and at 400 % zoom. */
const longWords = { overflowWrap: "anywhere" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, municipality, locale } = await getEditorContext(request);
  const notFound = new Response(null, { status: 404, statusText: "Not Found" });
  const textLocale = params.locale;
  if (!isServiceSlug(params.slug) || !isLanguage(textLocale) || !/^[1-9]\d{0,5}$/.test(params.version ?? "")) throw notFound;
  const found = await getServiceVersion(db, actor, municipality.id, params.slug, textLocale, Number(params.version));
  if (!found) throw notFound;
  const t = getFixedT(locale, "employee");
  const heading = t("version.title", { service: found.title, version: found.version, language: t(`languagesInline.${textLocale}`) });
  return {
    title: `${heading} – ${municipality.name}`,
    heading,
    slug: found.slug,
    version: found.version,
    isCurrent: found.isCurrent,
    currentVersion: found.currentVersion,
    when: formatDateTime(found.publishedAt, locale),
    by: found.publishedByEmployeeId ? found.publishedBy : t("publishedBySeed"),
    view: serviceViewProps(municipality, textLocale, found, found),
    // The browser has the catalogue texts of the page's language only.
    catalogTexts: textLocale === locale ? undefined : resources[textLocale].catalog,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function ServiceVersionPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("employee");
  return (
    <div className="stack">
      <div className="stack-sm">
        <Paragraph data-size="sm">
          <Link to={`/saksbehandler/tjenester/${d.slug}/historikk`}>{t("version.backToHistory")}</Link>
        </Paragraph>
        <Heading level={1} data-size="xl" style={longWords}>
          {d.heading}
        </Heading>
        <Paragraph>{t("version.published", { date: d.when, name: d.by })}</Paragraph>
        <div className="ds-alert" data-color={d.isCurrent ? "info" : "warning"}>
          <Paragraph>{d.isCurrent ? t("version.isCurrent") : t("version.isOld", { current: d.currentVersion })}</Paragraph>
        </div>
      </div>
      <section aria-label={t("version.shownAs")} className="stack-sm">
        <Paragraph>
          <strong>{t("version.shownAs")}:</strong>
        </Paragraph>
        <div lang={d.view.locale} style={{ padding: "var(--ds-size-4)", border: "1px solid var(--ds-color-neutral-border-subtle)" }}>
          <ServiceView
            service={d.view.service}
            levels={d.view.levels}
            locale={d.view.locale}
            contact={d.view.contact}
            catalogTexts={d.catalogTexts}
            headingLevel={2}
            idPrefix="versjon-"
          />
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
