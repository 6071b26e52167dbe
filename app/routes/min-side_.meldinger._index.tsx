import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { listThreadsForPerson } from "~/.server/messages/resident";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Heading, Paragraph, Tag } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import messagesCss from "~/styles/messages.css?url";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";
import { Pagination } from "~/components/pagination";
import { PathLink } from "~/components/path-link";

// The resident's message threads, the most recent conversation first, with a marker on threads
// that have a reply they have not read.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: messagesCss }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const page = Number(new URL(request.url).searchParams.get("side") ?? "1");
  const list = await listThreadsForPerson(
    db,
    { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id },
    Number.isInteger(page) && page > 0 ? page : 1,
  );
  return {
    title: `${getFixedT(locale, "messages")("title")} – ${municipality.name}`,
    threads: list.rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      subject: r.subject,
      state: r.state,
      unit: r.unitName[locale],
      last: formatDateTime(r.lastMessageAt, locale),
      lastIso: r.lastMessageAt.toISOString(),
      unread: r.unread > 0,
    })),
    page: list.page,
    pageCount: list.pageCount,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function MessagesPage() {
  const { threads, page, pageCount } = useLoaderData<typeof loader>();
  const { t } = useTranslation("messages");
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/min-side">{t("back")}</Link>
      </Paragraph>
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("title")}
        </Heading>
        <Paragraph>{t("list.intro")}</Paragraph>
        <Paragraph data-size="sm">{t("urgent")}</Paragraph>
        <Paragraph>
          <Link className="ds-button" data-variant="primary" to="/min-side/meldinger/ny">
            {t("list.new")}
          </Link>
        </Paragraph>
      </div>
      <section aria-labelledby="traader" className="stack-sm">
        <Heading level={2} data-size="md" id="traader">
          {t("list.heading")}
        </Heading>
        {threads.length === 0 ? (
          <Paragraph>{t("list.empty")}</Paragraph>
        ) : (
          <ul className="thread-list">
            {threads.map((th) => (
              <li key={th.id}>
                <div className="ds-card">
                  <Heading level={3} data-size="xs">
                    <PathLink to={`/min-side/meldinger/${th.id}`}>{th.subject}</PathLink>
                  </Heading>
                  <div className="thread-meta">
                    {th.unread ? <Tag data-color="danger">{t("list.unread")}</Tag> : null}
                    <span>{t(`state.${th.state}`)}</span>
                    <span>{t("list.to", { unit: th.unit })}</span>
                    <span>
                      <time dateTime={th.lastIso}>{t("list.last", { date: th.last })}</time>
                    </span>
                    <span>{t("list.reference", { reference: th.reference })}</span>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Pagination
        page={page}
        pageCount={pageCount}
        href={(p) => `/min-side/meldinger?side=${p}`}
        label={t("list.pagination")}
        pageOf={t("list.pageOf", { page, pages: pageCount })}
        previous={t("list.previous")}
        next={t("list.next")}
        listClassName="plain-list"
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
