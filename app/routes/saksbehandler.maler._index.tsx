import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireEmployee } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { listTemplates } from "~/.server/messages/templates";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import applicationsCss from "~/styles/applications.css?url";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";
import { PathLink } from "~/components/path-link";

// The units' reply templates, for editors: those in use and those archived.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: applicationsCss }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireEmployee(request, "editor");
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const all = await listTemplates(db, session.employee, { archived: true });
  const row = (tpl: (typeof all)[number]) => ({
    id: tpl.id,
    title: tpl.title,
    unit: tpl.unitName,
    updated: formatDateTime(tpl.updatedAt, locale),
    updatedBy: tpl.updatedBy,
  });
  return {
    title: `${getFixedT(locale, "messages")("templates.title")} – ${municipality.name}`,
    active: all.filter((tpl) => !tpl.archivedAt).map(row),
    archived: all.filter((tpl) => tpl.archivedAt).map(row),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

type Row = ReturnType<typeof useLoaderData<typeof loader>>["active"][number];

function TemplateTable({ rows, id, heading }: { rows: Row[]; id: string; heading: string }) {
  const { t } = useTranslation("messages");
  return (
    <section aria-labelledby={id} className="stack-sm">
      <Heading level={2} data-size="md" id={id}>
        {heading}
      </Heading>
      {rows.length === 0 ? (
        <Paragraph>{t("templates.none")}</Paragraph>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby={id} tabIndex={0}>
          <table className="ds-table" data-border="true">
            <thead>
              <tr>
                <th scope="col">{t("templates.columns.title")}</th>
                <th scope="col">{t("templates.columns.unit")}</th>
                <th scope="col">{t("templates.columns.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <PathLink to={`/saksbehandler/maler/${r.id}`}>{r.title}</PathLink>
                  </th>
                  <td>{r.unit}</td>
                  <td>{t("templates.updated", { time: r.updated, name: r.updatedBy })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function TemplatesPage() {
  const { active, archived } = useLoaderData<typeof loader>();
  const { t } = useTranslation("messages");
  return (
    <div className="stack">
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("templates.title")}
        </Heading>
        <Paragraph>{t("templates.intro")}</Paragraph>
        <Paragraph>
          <Link className="ds-button" data-variant="primary" to="/saksbehandler/maler/ny">
            {t("templates.new")}
          </Link>
        </Paragraph>
      </div>
      <TemplateTable rows={active} id="i-bruk" heading={t("templates.activeHeading")} />
      <TemplateTable rows={archived} id="arkivert" heading={t("templates.archivedHeading")} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
