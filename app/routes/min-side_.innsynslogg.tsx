import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { isAccessLogAction, listAccessLogForPerson } from "~/.server/audit/access-log";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import applicationsCss from "~/styles/applications.css?url";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";
import { Pagination } from "~/components/pagination";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: applicationsCss }];

/** `?side=2`: the page number, from 1. */
const querySchema = z.object({ side: z.coerce.number().int().min(1).max(1_000_000).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response(null, { status: 400, statusText: "Bad Request" });
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const log = await listAccessLogForPerson(db, {
    actorPersonId: session.person.id,
    subjectPersonId: session.person.id,
    page: parsed.data.side ?? 1,
  });
  if (log.page > log.pageCount) throw new Response(null, { status: 404, statusText: "Not Found" });
  return {
    title: `${getFixedT(locale, "applications")("accessLog.title")} – ${municipality.name}`,
    page: log.page,
    pageCount: log.pageCount,
    total: log.total,
    contact: { unit: municipality.contact.unit[locale], phone: municipality.contact.phone },
    entries: log.entries.map((e) => ({
      id: e.id,
      when: formatDateTime(e.at, locale),
      whenIso: e.at.toISOString(),
      actorKind: e.actorKind,
      actorName: e.actorName,
      actorUnit: e.actorUnit,
      action: isAccessLogAction(e.action) ? e.action : "other",
    })),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function AccessLog() {
  const { entries, page, pageCount, total, contact } = useLoaderData<typeof loader>();
  const { t } = useTranslation("applications");
  const who = (e: (typeof entries)[number]) =>
    e.actorKind === "system"
      ? t("accessLog.whoSystem", { name: e.actorName })
      : e.actorUnit
        ? t("accessLog.whoEmployee", { name: e.actorName, unit: e.actorUnit })
        : e.actorName;
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/min-side">{t("backToMinSide")}</Link>
      </Paragraph>
      <div className="stack-sm service-section">
        <Heading level={1} data-size="xl">
          {t("accessLog.title")}
        </Heading>
        <Paragraph className="lead">{t("accessLog.intro")}</Paragraph>
        <Paragraph>{t("accessLog.notYou")}</Paragraph>
      </div>

      {total === 0 ? (
        <Paragraph>{t("accessLog.empty")}</Paragraph>
      ) : (
        <div className="table-wrap">
          <table className="ds-table" data-border="true">
            <caption>{t("accessLog.caption", { page, pages: pageCount, total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("accessLog.when")}</th>
                <th scope="col">{t("accessLog.who")}</th>
                <th scope="col">{t("accessLog.what")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.whenIso}>{e.when}</time>
                  </td>
                  <td>{who(e)}</td>
                  <td>{t(`accessLog.actions.${e.action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Pagination
        page={page}
        pageCount={pageCount}
        href={(p) => (p === 1 ? "/min-side/innsynslogg" : `/min-side/innsynslogg?side=${p}`)}
        label={t("accessLog.pagination")}
        pageOf={t("accessLog.pageOf", { page, pages: pageCount })}
        previous={t("accessLog.previous")}
        next={t("accessLog.next")}
      />

      <Paragraph>{t("accessLog.question", { unit: contact.unit, phone: contact.phone })}</Paragraph>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
