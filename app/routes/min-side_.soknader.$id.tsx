import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { sentApplicationView } from "~/.server/applications/apply";
import { getApplicationForPerson } from "~/.server/applications/queries";
import { serviceTitles, toDetail } from "~/.server/applications/view";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Appeal, Decision, Paragraphs, Services, Timeline } from "~/components/application-view";
import { SentApplicationSection } from "~/components/application-answers";
import { Heading, Paragraph, Tag } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import applicationsCss from "~/styles/applications.css?url";
import applyCss from "~/styles/apply.css?url";
import { stageColour } from "~/utils/applications";
import { pageMeta } from "~/utils/meta";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: applicationsCss },
  { rel: "stylesheet", href: applyCss },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const [item, titles] = await Promise.all([
    getApplicationForPerson(db, {
      actorPersonId: session.person.id,
      subjectPersonId: session.person.id,
      municipalityId: municipality.id,
      applicationId: params.id ?? "",
    }),
    serviceTitles(db, municipality.id, locale),
  ]);
  const application = toDetail(item, titles, locale, new Date(), municipality);
  const sentAnswers = await sentApplicationView(db, item.application, titles, locale);
  const t = getFixedT(locale, "applications");
  // Service names are fine in the title; never reasoning or other case content.
  return { title: `${t("applicationFor", { services: application.services })} – ${municipality.name}`, application, sentAnswers };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

type Detail = ReturnType<typeof useLoaderData<typeof loader>>["application"];

function DocumentationRequest({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  const request = a.openDocumentationRequest;
  if (!request) return null;
  const c = a.contact;
  return (
    <section className="ds-alert stack-sm" data-color="warning" aria-labelledby="dokumentasjon">
      <Heading level={2} data-size="md" id="dokumentasjon">
        {t("documentation.heading")}
      </Heading>
      <Paragraph>{t("documentation.intro", { date: request.requestedOn })}</Paragraph>
      {request.description ? (
        <blockquote className="stack-sm">
          <Paragraphs text={request.description} />
        </blockquote>
      ) : null}
      {request.dueDate ? (
        <Paragraph>
          <strong>
            {request.overdue
              ? t("documentation.overdue", { date: request.dueDate })
              : t("documentation.due", { date: request.dueDate })}
          </strong>
        </Paragraph>
      ) : null}
      <Heading level={3} data-size="xs">
        {t("documentation.howHeading")}
      </Heading>
      <ul className="ds-list steps">
        <li>{t("documentation.byPost", { unit: c.unit, address: c.address, reference: a.reference })}</li>
        <li>{t("documentation.byPhone", { unit: c.unit, phone: c.phone, hours: c.openingHours })}</li>
      </ul>
      <Paragraph data-size="sm">{t("documentation.notOnline")}</Paragraph>
    </section>
  );
}

function Status({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  return (
    <section aria-labelledby="status" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="status">
        {t("detail.statusHeading")}
      </Heading>
      <Paragraph>
        <Tag data-color={stageColour(a.stage)}>{t(`stage.${a.stage}`)}</Tag>
      </Paragraph>
      <Paragraph>
        {a.nextStep.key === "sendDocumentation" && !a.nextStep.date
          ? t("nextStep.sendDocumentationNoDate")
          : t(`nextStep.${a.nextStep.key}`, { date: a.nextStep.date, unit: a.contact.unit })}
      </Paragraph>
      <Paragraph data-size="sm">{t("detail.whatIsDecision")}</Paragraph>
    </section>
  );
}

function Disagree({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  const deadline = a.deadlines.appealDeadline;
  if (!a.decision || a.appeal || !deadline) return null;
  const c = a.contact;
  return (
    <section aria-labelledby="uenig" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="uenig">
        {t("disagree.heading")}
      </Heading>
      {a.deadlines.appealOpen ? (
        <>
          <Paragraph>
            <strong>{t("disagree.open", { date: deadline.date })}</strong>
          </Paragraph>
          <Paragraph>{t("disagree.online")}</Paragraph>
          <Paragraph>
            <Link className="ds-button" data-variant="primary" to={`/min-side/soknader/${a.id}/klage`}>
              {t("disagree.onlineLink")}
            </Link>
          </Paragraph>
          <Heading level={3} data-size="xs">
            {t("disagree.howHeading")}
          </Heading>
          <ol className="ds-list steps">
            <li>{t("disagree.steps.what")}</li>
            <li>{t("disagree.steps.sign", { reference: a.reference })}</li>
            <li>{t("disagree.steps.send", { unit: c.unit, address: c.address, date: deadline.date })}</li>
          </ol>
          <Paragraph>{t("disagree.help", { unit: c.unit, phone: c.phone })}</Paragraph>
          <Paragraph>{t("disagree.afterwards")}</Paragraph>
        </>
      ) : (
        <>
          <Paragraph>{t("disagree.closed", { date: deadline.date })}</Paragraph>
          <ul className="ds-list steps">
            <li>{t("disagree.options.late")}</li>
            <li>{t("disagree.options.newApplication")}</li>
            <li>{t("disagree.options.talk", { unit: c.unit, phone: c.phone })}</li>
            <li>{t("disagree.options.ombud")}</li>
          </ul>
        </>
      )}
    </section>
  );
}

function Deadlines({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  const { preliminaryReplyDue, expectedDecisionBy, appealDeadline, appealOpen } = a.deadlines;
  if (!preliminaryReplyDue && !expectedDecisionBy && !appealDeadline) return null;
  const unit = a.contact.unit;
  return (
    <section aria-labelledby="frister" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="frister">
        {t("deadlines.heading")}
      </Heading>
      {preliminaryReplyDue || expectedDecisionBy ? (
        <>
          <Heading level={3} data-size="xs">
            {t("deadlines.replyHeading")}
          </Heading>
          <Paragraph>{t("deadlines.replyLaw")}</Paragraph>
          {preliminaryReplyDue ? (
            preliminaryReplyDue.overdue ? (
              <div className="ds-alert" data-color="warning">
                <Paragraph>{t("deadlines.preliminaryOverdue", { date: preliminaryReplyDue.date, unit })}</Paragraph>
              </div>
            ) : (
              <Paragraph>{t("deadlines.preliminaryDue", { date: preliminaryReplyDue.date })}</Paragraph>
            )
          ) : null}
          {expectedDecisionBy ? (
            expectedDecisionBy.overdue ? (
              <div className="ds-alert" data-color="warning">
                <Paragraph>{t("deadlines.expectedOverdue", { date: expectedDecisionBy.date, unit })}</Paragraph>
              </div>
            ) : (
              <Paragraph>{t("deadlines.expected", { date: expectedDecisionBy.date })}</Paragraph>
            )
          ) : null}
        </>
      ) : null}
      {appealDeadline ? (
        <>
          <Heading level={3} data-size="xs">
            {t("deadlines.appealHeading")}
          </Heading>
          <Paragraph>{t("deadlines.appealLaw")}</Paragraph>
          <Paragraph>
            {a.appeal
              ? t("deadlines.appealUsed", { date: appealDeadline.date })
              : appealOpen
                ? t("deadlines.appealOpen", { date: appealDeadline.date, decided: appealDeadline.decidedOn })
                : t("deadlines.appealClosed", { date: appealDeadline.date })}
          </Paragraph>
        </>
      ) : null}
    </section>
  );
}

export default function ApplicationPage() {
  const { application: a, sentAnswers } = useLoaderData<typeof loader>();
  const { t } = useTranslation("applications");
  const c = a.contact;
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/min-side/soknader">{t("detail.back")}</Link>
      </Paragraph>
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("applicationFor", { services: a.services })}
        </Heading>
        <dl className="facts">
          <div>
            <dt>{t("reference")}</dt>
            <dd>{a.reference}</dd>
          </div>
          {a.receivedOn ? (
            <div>
              <dt>{t("list.received")}</dt>
              <dd>{a.receivedOn}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t("detail.channelLabel")}</dt>
            <dd>{t(`detail.channel.${a.channel}`)}</dd>
          </div>
        </dl>
      </div>

      <DocumentationRequest a={a} />
      <Status a={a} />
      <Decision a={a} />
      <Appeal a={a} />
      {a.appeal && a.timeline.some((e) => e.type === "appeal_received" && e.source === "portal") ? (
        <Paragraph>
          <Link to={`/min-side/soknader/${a.id}/klage/kvittering`}>{t("appeal.seeReceipt")}</Link>
        </Paragraph>
      ) : null}
      <Disagree a={a} />
      <Services a={a} />
      <Deadlines a={a} />

      {sentAnswers ? <SentApplicationSection sent={sentAnswers} documentBase="/min-side/dokumenter" /> : null}

      <Timeline heading={t("timeline.heading")} timeline={a.timeline} services={a.services} />

      <section aria-labelledby="sporsmal" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="sporsmal">
          {t("contact.heading")}
        </Heading>
        <Paragraph>{t("contact.body", { unit: c.unit, phone: c.phone, hours: c.openingHours, reference: a.reference })}</Paragraph>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
