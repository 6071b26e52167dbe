import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getApplicationForPerson } from "~/.server/applications/queries";
import { serviceTitles, toDetail, type TimelineEntry } from "~/.server/applications/view";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Card, Heading, Paragraph, Tag } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import applicationsCss from "~/styles/applications.css?url";
import { applicationEventTypes, outcomeColour, stageColour } from "~/utils/applications";
import { pageMeta } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: applicationsCss }];

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
  const t = getFixedT(locale, "applications");
  // Service names are fine in the title; never reasoning or other case content.
  return { title: `${t("applicationFor", { services: application.services })} – ${municipality.name}`, application };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

type Detail = ReturnType<typeof useLoaderData<typeof loader>>["application"];

/** Text in paragraphs, split where the case system put blank lines. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <Paragraph key={i}>{p}</Paragraph>
        ))}
    </>
  );
}

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

function Decision({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  if (!a.decision) return null;
  return (
    <section aria-labelledby="vedtak" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="vedtak">
        {t("decision.heading")}
      </Heading>
      <Paragraph>{t("decision.decidedOn", { date: a.decision.decidedOn })}</Paragraph>
      <ul className="outcomes">
        {a.outcomes.map((o) => (
          <li key={o.service}>
            <Card className="stack-sm">
              <Heading level={3} data-size="xs">
                {o.service}
              </Heading>
              <Paragraph>
                <Tag data-color={outcomeColour(o.outcome)}>{t(`outcome.${o.outcome}`)}</Tag>
              </Paragraph>
              <Paragraph>{t(`outcomeExplained.${o.outcome}`)}</Paragraph>
              {o.description ? <Paragraph>{o.description}</Paragraph> : null}
              {o.changedByAppeal ? <Paragraph data-size="sm">{t("decision.changedByAppeal")}</Paragraph> : null}
            </Card>
          </li>
        ))}
      </ul>
      {a.decision.reasoning ? (
        <>
          <Heading level={3} data-size="xs">
            {t("decision.reasoningHeading")}
          </Heading>
          <Paragraphs text={a.decision.reasoning} />
        </>
      ) : null}
      {a.decision.criteria.length > 0 ? (
        <>
          <Heading level={3} data-size="xs">
            {t("decision.criteriaHeading")}
          </Heading>
          <ul className="ds-list">
            {a.decision.criteria.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </>
      ) : null}
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
          <Heading level={3} data-size="xs">
            {t("disagree.howHeading")}
          </Heading>
          <ol className="ds-list steps">
            <li>{t("disagree.steps.what")}</li>
            <li>{t("disagree.steps.sign", { reference: a.reference })}</li>
            <li>{t("disagree.steps.send", { unit: c.unit, address: c.address, date: deadline.date })}</li>
          </ol>
          <Paragraph>{t("disagree.help", { unit: c.unit, phone: c.phone })}</Paragraph>
          <Paragraph>{t("disagree.notOnline")}</Paragraph>
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

function Appeal({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  const appeal = a.appeal;
  if (!appeal) return null;
  return (
    <section aria-labelledby="klagen" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="klagen">
        {t("appeal.heading")}
      </Heading>
      <ul className="ds-list">
        {appeal.receivedOn ? <li>{t("appeal.received", { date: appeal.receivedOn })}</li> : null}
        {appeal.reconsidered ? (
          <li>{t("appeal.reconsidered", { date: appeal.reconsidered.on, outcome: t(`outcome.${appeal.reconsidered.outcome}`) })}</li>
        ) : null}
        {appeal.forwardedOn ? <li>{t("appeal.forwarded", { date: appeal.forwardedOn })}</li> : null}
        {appeal.decided ? (
          <li>{t("appeal.decided", { date: appeal.decided.on, outcome: t(`outcome.${appeal.decided.outcome}`) })}</li>
        ) : null}
      </ul>
      {appeal.decided?.reasoning ? (
        <>
          <Heading level={3} data-size="xs">
            {t("appeal.reasoningHeading")}
          </Heading>
          <Paragraphs text={appeal.decided.reasoning} />
        </>
      ) : null}
      {appeal.decided && appeal.forwardedOn ? <Paragraph>{t("appeal.final")}</Paragraph> : null}
      <Paragraph data-size="sm">{t("appeal.whoDecides")}</Paragraph>
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

function Services({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  if (a.serviceStates.length === 0) return null;
  return (
    <section aria-labelledby="tjenestene" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="tjenestene">
        {t("services.heading")}
      </Heading>
      <ul className="ds-list">
        {a.serviceStates.map((s) => (
          <li key={s.service}>
            {s.state === "active"
              ? s.startDate
                ? t("services.active", { service: s.service, date: s.startDate })
                : t("services.activeNoDate", { service: s.service })
              : t("services.ended", { service: s.service, date: s.endDate ?? "" })}
            {s.changes.length > 0 ? (
              <ul>
                {s.changes.map((c, i) => (
                  <li key={i}>{t("services.changed", { date: c.on, description: c.description })}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

const knownEvents = new Set<string>(applicationEventTypes);

function TimelineItem({ e, services }: { e: TimelineEntry; services: string }) {
  const { t } = useTranslation("applications");
  const type = knownEvents.has(e.type) ? e.type : "unknown";
  const v = e.values;
  const details: string[] = [];
  if (v.outcome) details.push(t("eventDetail.outcome", { outcome: t(`outcome.${v.outcome}`) }));
  if (v.date) {
    const kind =
      type === "preliminary_reply"
        ? "expectedBy"
        : type === "assessment_planned"
          ? "visitAt"
          : type === "documentation_requested"
            ? "dueDate"
            : type === "service_started"
              ? "startDate"
              : type === "service_ended"
                ? "endDate"
                : undefined;
    if (kind) details.push(t(`eventDetail.${kind}`, { date: v.date }));
  }
  return (
    <li>
      <time dateTime={e.onIso}>{e.on}</time>
      <Paragraph>{t(`event.${type}`, { service: v.service ?? services })}</Paragraph>
      {v.description ? <Paragraph>{v.description}</Paragraph> : null}
      {details.map((d, i) => (
        <Paragraph key={i}>{d}</Paragraph>
      ))}
      <span className="source">{t(`source.${e.source === "portal" || e.source === "caseworker" ? e.source : "fagsystem"}`)}</span>
    </li>
  );
}

export default function ApplicationPage() {
  const { application: a } = useLoaderData<typeof loader>();
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
      <Disagree a={a} />
      <Services a={a} />
      <Deadlines a={a} />

      <section aria-labelledby="historikk" className="stack-sm">
        <Heading level={2} data-size="md" id="historikk">
          {t("timeline.heading")}
        </Heading>
        {a.timeline.length > 0 ? (
          <ol className="timeline">
            {a.timeline.map((e) => (
              <TimelineItem key={e.id} e={e} services={a.services} />
            ))}
          </ol>
        ) : (
          <Paragraph>{t("timeline.empty")}</Paragraph>
        )}
      </section>

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
