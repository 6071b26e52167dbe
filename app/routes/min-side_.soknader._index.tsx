import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { draftDeletedAfter, listOpenDrafts } from "~/.server/applications/apply";
import { listApplicationsForPerson } from "~/.server/applications/queries";
import { serviceTitles, servicesPhrase, toListItem } from "~/.server/applications/view";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Card, Heading, Paragraph, Tag } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { stageColour } from "~/utils/applications";
import { pageMeta } from "~/utils/meta";
import applicationsCss from "~/styles/applications.css?url";
import applyCss from "~/styles/apply.css?url";
import { formatDate } from "~/utils/dates";
import { PathLink } from "~/components/path-link";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: applicationsCss },
  { rel: "stylesheet", href: applyCss },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const scope = { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id };
  const [list, titles, drafts] = await Promise.all([
    listApplicationsForPerson(db, scope),
    serviceTitles(db, municipality.id, locale),
    listOpenDrafts(db, scope),
  ]);
  const draftNotice = new URL(request.url).searchParams.get("utkast");
  const now = new Date();
  return {
    title: `${getFixedT(locale, "applications")("list.title")} – ${municipality.name}`,
    applications: list.map((item) => toListItem(item, titles, locale, now)),
    drafts: drafts.map((d) => ({
      id: d.id,
      services: d.serviceSlugs.length ? servicesPhrase(d.serviceSlugs, titles, locale) : null,
      changedOn: formatDate(d.updatedAt, locale),
      deletedOn: formatDate(draftDeletedAfter(d.updatedAt), locale),
    })),
    draftNotice: draftNotice === "lagret" || draftNotice === "slettet" ? draftNotice : null,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function Applications() {
  const { applications, drafts, draftNotice } = useLoaderData<typeof loader>();
  const { t } = useTranslation("applications");
  const { t: applyT } = useTranslation("apply");
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/min-side">{t("backToMinSide")}</Link>
      </Paragraph>
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("list.title")}
        </Heading>
        <Paragraph className="lead">{t("list.intro")}</Paragraph>
        <Paragraph>
          <Link className="ds-button" data-variant="secondary" to="/min-side/soknader/ny">
            {applyT("applyForServices")}
          </Link>
        </Paragraph>
      </div>

      {draftNotice ? (
        <div className="ds-alert" data-color="success" role="status">
          <Paragraph>{draftNotice === "lagret" ? applyT("saved") : applyT("drafts.deleted")}</Paragraph>
        </div>
      ) : null}

      {drafts.length > 0 ? (
        <section aria-labelledby="utkast" className="stack-sm">
          <Heading level={2} data-size="md" id="utkast">
            {applyT("drafts.heading")}
          </Heading>
          <Paragraph>{applyT("drafts.intro")}</Paragraph>
          <ul className="apply-drafts">
            {drafts.map((d) => (
              <li key={d.id}>
                <Card className="stack-sm">
                  <Heading level={3} data-size="sm">
                    {d.services ? applyT("drafts.item", { services: d.services }) : applyT("drafts.noServices")}
                  </Heading>
                  <Paragraph data-size="sm">{applyT("drafts.changed", { date: d.changedOn })}</Paragraph>
                  <Paragraph data-size="sm">{applyT("drafts.deletedOn", { date: d.deletedOn })}</Paragraph>
                  <div className="apply-buttons">
                    <PathLink className="ds-button" data-variant="primary" to={`/min-side/soknader/utkast/${d.id}`}>
                      {applyT("drafts.continue")}
                    </PathLink>
                    <PathLink to={`/min-side/soknader/utkast/${d.id}/slett`}>{applyT("drafts.delete")}</PathLink>
                  </div>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {applications.length === 0 ? (
        <section aria-labelledby="ingen-soknader" className="stack-sm service-section">
          <Heading level={2} data-size="md" id="ingen-soknader">
            {t("list.empty.heading")}
          </Heading>
          <Paragraph>{t("list.empty.body")}</Paragraph>
          <Paragraph>
            <Link to="/tjenester">{t("list.empty.link")}</Link>
          </Paragraph>
        </section>
      ) : (
        <ul className="plain-stack" aria-label={t("list.title")}>
          {applications.map((a) => (
            <li key={a.id}>
              <Card className="stack-sm">
                <Heading level={2} data-size="sm">
                  <PathLink to={`/min-side/soknader/${a.id}`}>{t("applicationFor", { services: a.services })}</PathLink>
                </Heading>
                <dl className="facts">
                  <div>
                    <dt>{t("list.status")}</dt>
                    <dd>
                      <Tag data-color={stageColour(a.stage)}>{t(`stage.${a.stage}`)}</Tag>
                    </dd>
                  </div>
                  <div>
                    <dt>{t("list.nextDeadline")}</dt>
                    <dd>
                      {a.nextDeadline
                        ? t(`deadlineKind.${a.nextDeadline.kind}${a.nextDeadline.overdue ? "Overdue" : ""}`, { date: a.nextDeadline.date })
                        : t("list.noDeadline")}
                    </dd>
                  </div>
                  {a.receivedOn ? (
                    <div>
                      <dt>{t("list.received")}</dt>
                      <dd>{a.receivedOn}</dd>
                    </div>
                  ) : null}
                  <div>
                    <dt>{t("reference")}</dt>
                    <dd>{a.reference}</dd>
                  </div>
                </dl>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
