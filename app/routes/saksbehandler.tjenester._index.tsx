import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getEditorContext, listEditableServices } from "~/.server/services/editor";
import { getFixedT } from "~/.server/i18n";
import { Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { supportedLanguages } from "~/i18n/config";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";
import { PathLink } from "~/components/path-link";

/** Long Norwegian compounds in headings must wrap on narrow screens and at 400 % zoom. */
const longWords = { overflowWrap: "anywhere" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, db, municipality, locale } = await getEditorContext(request);
  const list = await listEditableServices(db, actor, municipality.id);
  const t = getFixedT(locale, "employee");
  return {
    title: `${t("services.title")} – ${municipality.name}`,
    municipality: municipality.name,
    services: list.map((s) => ({
      slug: s.slug,
      title: s.title,
      versions: s.versions,
      lastPublished: s.lastPublished
        ? {
            // Formatted here, in Norwegian time, so server and browser show the same text.
            when: formatDateTime(s.lastPublished.publishedAt, locale),
            locale: s.lastPublished.locale,
            by: s.lastPublished.publishedByEmployeeId ? s.lastPublished.publishedBy : t("publishedBySeed"),
          }
        : null,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function EditorServiceList() {
  const { services, municipality } = useLoaderData<typeof loader>();
  const { t } = useTranslation("employee");
  return (
    <div className="stack">
      <div className="stack-sm">
        <Heading level={1} data-size="xl" style={longWords}>
          {t("services.title")}
        </Heading>
        <Paragraph className="lead">{t("services.intro")}</Paragraph>
      </div>
      {services.length === 0 ? (
        <Paragraph>{t("services.empty")}</Paragraph>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <table className="ds-table" data-border="true">
            <caption className="visually-hidden">{t("services.caption", { municipality })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("services.columns.service")}</th>
                <th scope="col">{t("services.columns.versions")}</th>
                <th scope="col">{t("services.columns.lastPublished")}</th>
                <th scope="col">{t("services.columns.by")}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.slug}>
                  <th scope="row">
                    <PathLink to={`/saksbehandler/tjenester/${s.slug}`}>{s.title}</PathLink>
                  </th>
                  <td>
                    <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
                      {supportedLanguages.map((l) => (
                        <li key={l} style={{ whiteSpace: "nowrap" }}>
                          {s.versions[l] === null
                            ? t("services.notPublished", { language: t(`languages.${l}`) })
                            : t("services.versionOf", { language: t(`languages.${l}`), version: s.versions[l] })}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {s.lastPublished
                      ? t("services.lastPublishedIn", { date: s.lastPublished.when, language: t(`languagesInline.${s.lastPublished.locale}`) })
                      : null}
                  </td>
                  <td>{s.lastPublished?.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
