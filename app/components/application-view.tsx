import { useTranslation } from "react-i18next";
import type { ApplicationDetail, TimelineEntry } from "~/.server/applications/view";
import { Card, Heading, Paragraph, Tag } from "~/components/ds";
import { applicationEventTypes, outcomeColour } from "~/utils/applications";
import { WrittenText } from "./written-text";

// Pieces of an application's page that the resident (/min-side/soknader/:id) and the caseworker
// (/saksbehandler/saker/:id) both show, in the words of the applications namespace.

type Detail = Pick<ApplicationDetail, "decision" | "outcomes" | "appeal" | "serviceStates">;

/** Text in paragraphs, split where the case system put blank lines (line breaks kept). */
export const Paragraphs = WrittenText;

export function Decision({ a }: { a: Detail }) {
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

export function Appeal({ a }: { a: Detail }) {
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
          <li>
            {t("appeal.reconsidered", {
              date: appeal.reconsidered.on,
              outcome: t(`outcome.${appeal.reconsidered.outcome}`),
            })}
          </li>
        ) : null}
        {appeal.forwardedOn ? <li>{t("appeal.forwarded", { date: appeal.forwardedOn })}</li> : null}
        {appeal.decided ? (
          <li>
            {t("appeal.decided", {
              date: appeal.decided.on,
              outcome: t(`outcome.${appeal.decided.outcome}`),
            })}
          </li>
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

export function Services({ a }: { a: Detail }) {
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
                ? t("services.active", {
                    service: s.service,
                    date: s.startDate,
                  })
                : t("services.activeNoDate", { service: s.service })
              : t("services.ended", {
                  service: s.service,
                  date: s.endDate ?? "",
                })}
            {s.changes.length > 0 ? (
              <ul>
                {s.changes.map((c, i) => (
                  <li key={i}>
                    {t("services.changed", {
                      date: c.on,
                      description: c.description,
                    })}
                  </li>
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

export function TimelineItem({ e, services }: { e: TimelineEntry; services: string }) {
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

/** The case's history, oldest first, under the page's own heading. */
export function Timeline({ heading, timeline, services }: { heading: string; timeline: TimelineEntry[]; services: string }) {
  const { t } = useTranslation("applications");
  return (
    <section aria-labelledby="historikk" className="stack-sm">
      <Heading level={2} data-size="md" id="historikk">
        {heading}
      </Heading>
      {timeline.length > 0 ? (
        <ol className="timeline">
          {timeline.map((e) => (
            <TimelineItem key={e.id} e={e} services={services} />
          ))}
        </ol>
      ) : (
        <Paragraph>{t("timeline.empty")}</Paragraph>
      )}
    </section>
  );
}
