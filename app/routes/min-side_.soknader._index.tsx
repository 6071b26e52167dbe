import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listApplicationsForPerson } from "~/.server/applications/queries";
import { serviceTitles, toListItem } from "~/.server/applications/view";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Card, Heading, Paragraph, Tag } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { stageColour } from "~/utils/applications";
import { pageMeta } from "~/utils/meta";
import applicationsCss from "~/styles/applications.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: applicationsCss }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const [list, titles] = await Promise.all([
    listApplicationsForPerson(db, {
      actorPersonId: session.person.id,
      subjectPersonId: session.person.id,
      municipalityId: municipality.id,
    }),
    serviceTitles(db, municipality.id, locale),
  ]);
  const now = new Date();
  return {
    title: `${getFixedT(locale, "applications")("list.title")} – ${municipality.name}`,
    applications: list.map((item) => toListItem(item, titles, locale, now)),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function Applications() {
  const { applications } = useLoaderData<typeof loader>();
  const { t } = useTranslation("applications");
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
      </div>

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
                  <Link to={`/min-side/soknader/${a.id}`}>{t("applicationFor", { services: a.services })}</Link>
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
