import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFixedT } from "~/.server/i18n";
import { getEditorContext, isServiceSlug, listServiceHistory } from "~/.server/services/editor";
import { Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { supportedLanguages } from "~/i18n/config";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";

/** Long Norwegian compounds in headings must wrap on narrow screens and at 400 % zoom. */
const longWords = { overflowWrap: "anywhere" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, municipality, locale } = await getEditorContext(request);
  if (!isServiceSlug(params.slug)) throw new Response(null, { status: 404, statusText: "Not Found" });
  const history = await listServiceHistory(db, actor, municipality.id, params.slug);
  if (!history) throw new Response(null, { status: 404, statusText: "Not Found" });
  const t = getFixedT(locale, "employee");
  return {
    title: `${t("history.title", { service: history.title })} – ${municipality.name}`,
    serviceTitle: history.title,
    slug: history.slug,
    languages: supportedLanguages.map((l) => ({
      locale: l,
      versions: history.versions[l].map((v) => ({
        version: v.version,
        isCurrent: v.isCurrent,
        // In Norwegian time, formatted here so server and browser agree.
        when: formatDateTime(v.publishedAt, locale),
        by: v.publishedByEmployeeId ? v.publishedBy : t("publishedBySeed"),
      })),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function ServiceHistory() {
  const { serviceTitle, slug, languages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("employee");
  return (
    <div className="stack">
      <div className="stack-sm">
        <Paragraph data-size="sm">
          <Link to={`/saksbehandler/tjenester/${slug}`}>{t("history.backToEdit", { service: serviceTitle })}</Link>
        </Paragraph>
        <Heading level={1} data-size="xl" style={longWords}>
          {t("history.title", { service: serviceTitle })}
        </Heading>
        <Paragraph>{t("history.intro")}</Paragraph>
      </div>
      {languages.map(({ locale, versions }) => (
        <section key={locale} aria-labelledby={`historikk-${locale}`} className="stack-sm">
          <Heading level={2} data-size="md" id={`historikk-${locale}`}>
            {t(`languages.${locale}`)}
          </Heading>
          {versions.length === 0 ? (
            <Paragraph>{t("history.none")}</Paragraph>
          ) : (
            <div style={{ overflowX: "auto" }}>
              <table className="ds-table" data-border="true">
                <caption className="visually-hidden">{t("history.caption", { language: t(`languagesInline.${locale}`) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("history.columns.version")}</th>
                    <th scope="col">{t("history.columns.when")}</th>
                    <th scope="col">{t("history.columns.who")}</th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.version}>
                      <th scope="row">
                        <Link to={`/saksbehandler/tjenester/${slug}/historikk/${locale}/${v.version}`}>
                          {t("history.versionLink", { version: v.version })}
                          <span className="visually-hidden"> ({t(`languagesInline.${locale}`)})</span>
                        </Link>
                        {v.isCurrent ? ` (${t("history.current")})` : null}
                      </th>
                      <td>{v.when}</td>
                      <td>{v.by}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
