import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireEmployee } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { listInbox, parseInboxFilters } from "~/.server/messages/inbox";
import { listUnitsCached, unitOfEmployee } from "~/.server/messages/units";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Button, Field, Heading, Input, Label, Paragraph, Select, Tag } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import applicationsCss from "~/styles/applications.css?url";
import messagesCss from "~/styles/messages.css?url";
import { formatDate, formatDateTime } from "~/utils/dates";
import { inboxStateFilters, inboxViews } from "~/utils/messages";
import { pageMeta } from "~/utils/meta";
import { Pagination } from "~/components/pagination";
import { PathLink } from "~/components/path-link";

// A unit's inbox: the threads without a caseworker, the employee's own, or all; by state
// (overdue = waiting for us past the unit's promise, in working days); searched by reference,
// resident name or subject. A plain GET form, so it works without JavaScript and can be bookmarked.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: applicationsCss },
  { rel: "stylesheet", href: messagesCss },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireEmployee(request, "caseworker");
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const unitList = await listUnitsCached(db, session.employee.municipalityId);
  const home = unitOfEmployee(unitList, session.employee.unit) ?? unitList[0];
  if (!home) throw new Response(null, { status: 404, statusText: "Not Found" });
  const filters = parseInboxFilters(new URL(request.url).searchParams, home.id);
  const list = await listInbox(db, session.employee, filters);
  const unit = unitList.find((u) => u.id === filters.unitId)!;
  return {
    title: `${getFixedT(locale, "messages")("inbox.title")} – ${municipality.name}`,
    units: unitList.map((u) => ({ id: u.id, name: u.name })),
    filters: { enhet: filters.unitId, visning: filters.view, status: filters.state, sok: filters.q ?? "" },
    unitName: unit.name,
    rows: list.rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      subject: r.subject,
      residentName: r.residentName,
      state: r.state,
      due: r.dueAt && r.state === "awaiting_municipality" ? formatDate(r.dueAt, locale) : null,
      overdue: r.overdue,
      assigned: r.assignedName,
      unread: r.unread > 0,
      last: formatDateTime(r.lastMessageAt, locale),
      lastIso: r.lastMessageAt.toISOString(),
    })),
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    more: list.more,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function InboxPage() {
  const { units, filters, unitName, rows, page, pageCount, total, more } = useLoaderData<typeof loader>();
  const { t } = useTranslation("messages");
  const pageLink = (p: number) => `/saksbehandler/innboks?${new URLSearchParams({ ...filters, side: String(p) }).toString()}` as const;
  return (
    <div className="stack">
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("inbox.title")}
        </Heading>
        <Paragraph>{t("inbox.intro")}</Paragraph>
      </div>
      <Form method="get" className="stack-sm" aria-labelledby="utvalg">
        <Heading level={2} data-size="xs" id="utvalg">
          {t("inbox.filtersHeading")}
        </Heading>
        <div className="filters">
          <Field>
            <Label htmlFor="enhet">{t("inbox.unit")}</Label>
            <Select id="enhet" name="enhet" defaultValue={filters.enhet}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field>
            <Label htmlFor="visning">{t("inbox.view")}</Label>
            <Select id="visning" name="visning" defaultValue={filters.visning}>
              {inboxViews.map((v) => (
                <option key={v} value={v}>
                  {t(`inbox.views.${v}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field>
            <Label htmlFor="status">{t("inbox.state")}</Label>
            <Select id="status" name="status" defaultValue={filters.status}>
              {inboxStateFilters.map((s) => (
                <option key={s} value={s}>
                  {t(`inbox.states.${s}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field>
            <Label htmlFor="sok">{t("inbox.search")}</Label>
            <Input id="sok" name="sok" type="search" defaultValue={filters.sok} autoComplete="off" />
          </Field>
        </div>
        <div>
          <Button type="submit">{t("inbox.show")}</Button>
        </div>
      </Form>

      {rows.length === 0 ? (
        <Paragraph role="status">{t("inbox.empty")}</Paragraph>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="innboks-tittel" tabIndex={0}>
          <table className="ds-table" data-border="true">
            <caption id="innboks-tittel">
              {t(more ? "inbox.captionMore" : "inbox.caption", { unit: unitName, view: t(`inbox.views.${filters.visning}`), count: total })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("inbox.columns.reference")}</th>
                <th scope="col">{t("inbox.columns.subject")}</th>
                <th scope="col">{t("inbox.columns.resident")}</th>
                <th scope="col">{t("inbox.columns.state")}</th>
                <th scope="col">{t("inbox.columns.due")}</th>
                <th scope="col">{t("inbox.columns.assigned")}</th>
                <th scope="col">{t("inbox.columns.last")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <PathLink to={`/saksbehandler/innboks/${r.id}`}>{r.reference}</PathLink>
                  </th>
                  <td>
                    {r.unread ? (
                      <>
                        <Tag data-color="info">{t("inbox.unread")}</Tag>{" "}
                      </>
                    ) : null}
                    {r.subject}
                  </td>
                  <td>{r.residentName}</td>
                  <td>{t(`caseState.${r.state}`)}</td>
                  <td>
                    {r.due ? (
                      r.overdue ? (
                        <>
                          <strong>{r.due}</strong> <Tag data-color="danger">{t("inbox.overdue")}</Tag>
                        </>
                      ) : (
                        r.due
                      )
                    ) : (
                      t("inbox.noDue")
                    )}
                  </td>
                  <td>{r.assigned ?? t("inbox.nobody")}</td>
                  <td>
                    <time dateTime={r.lastIso}>{r.last}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Pagination
        page={page}
        pageCount={pageCount}
        href={pageLink}
        label={t("inbox.pagination")}
        pageOf={more ? t("inbox.page", { page }) : t("inbox.pageOf", { page, pages: pageCount })}
        previous={t("inbox.previous")}
        next={t("inbox.next")}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
