import { useTranslation } from "react-i18next";
import type { ApplicationDetail, DocumentLink, TimelineEntry } from "~/.server/applications/view";
import { Card, Heading, Paragraph, Tag } from "~/components/ds";
import { applicationEventTypes, outcomeColour } from "~/utils/applications";
import { WrittenText } from "./written-text";

// Pieces of an application's page that the resident (/min-side/soknader/:id) and the caseworker
// (/saksbehandler/saker/:id) both show, in the words of the applications namespace.

type Detail = Pick<ApplicationDetail, "decision" | "outcomes" | "appeal" | "serviceStates">;

/**
 * Who reads the page: the resident (addressed as "du") or a caseworker (who reads about "søkeren").
 * `documentBase` is where the reader opens a document: /min-side/dokumenter or /saksbehandler/dokumenter.
 */
export type Reader = { audience?: "resident" | "caseworker"; documentBase?: string };

/** A link to a document of the case, with its kind of file and size. */
export function DocumentLinkItem({ d, base, label }: { d: DocumentLink; base: string; label?: string }) {
  return (
    <a href={`${base}/${d.id}`}>
      {label ?? `${d.filename} (${d.size})`}
    </a>
  );
}

/** Text in paragraphs, split where the case system put blank lines (line breaks kept). */
export const Paragraphs = WrittenText;

export function Decision({ a, audience = "resident", documentBase = "/min-side/dokumenter" }: { a: Detail } & Reader) {
  const { t } = useTranslation("applications");
  if (!a.decision) return null;
  const staff = audience === "caseworker";
  return (
    <section aria-labelledby="vedtak" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="vedtak">
        {t("decision.heading")}
      </Heading>
      <Paragraph>{t("decision.decidedOn", { date: a.decision.decidedOn })}</Paragraph>
      {a.decision.letter ? (
        <Paragraph>
          <DocumentLinkItem d={a.decision.letter} base={documentBase} label={t("decision.letter", { size: a.decision.letter.size })} />
        </Paragraph>
      ) : null}
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
              {staff ? null : <Paragraph>{t(`outcomeExplained.${o.outcome}`)}</Paragraph>}
              {o.description ? <Paragraph>{o.description}</Paragraph> : null}
              {o.changedByAppeal ? (
                <Paragraph data-size="sm">{t(staff ? "staff.decision.changedByAppeal" : "decision.changedByAppeal")}</Paragraph>
              ) : null}
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

export function Appeal({ a, audience = "resident" }: { a: Detail } & Reader) {
  const { t } = useTranslation("applications");
  const appeal = a.appeal;
  if (!appeal) return null;
  const staff = audience === "caseworker";
  return (
    <section aria-labelledby="klagen" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="klagen">
        {t(staff ? "staff.appeal.heading" : "appeal.heading")}
      </Heading>
      <ul className="ds-list">
        {appeal.receivedOn ? <li>{t(staff ? "staff.appeal.received" : "appeal.received", { date: appeal.receivedOn })}</li> : null}
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
      {appeal.decided && appeal.forwardedOn && !staff ? <Paragraph>{t("appeal.final")}</Paragraph> : null}
      {staff ? null : <Paragraph data-size="sm">{t("appeal.whoDecides")}</Paragraph>}
    </section>
  );
}

export function Services({ a, audience = "resident" }: { a: Detail } & Reader) {
  const { t } = useTranslation("applications");
  if (a.serviceStates.length === 0) return null;
  const ns = audience === "caseworker" ? "staff.services" : "services";
  return (
    <section aria-labelledby="tjenestene" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="tjenestene">
        {t(`${ns}.heading`)}
      </Heading>
      <ul className="ds-list">
        {a.serviceStates.map((s) => (
          <li key={s.service}>
            {s.state === "active"
              ? s.startDate
                ? t(`${ns}.active`, {
                    service: s.service,
                    date: s.startDate,
                  })
                : t(`${ns}.activeNoDate`, { service: s.service })
              : t("services.ended", {
                  service: s.service,
                  date: s.endDate ?? "",
                })}
            {s.changes.length > 0 ? (
              <ul>
                {s.changes.map((c, i) => (
                  <li key={i}>
                    {c.from
                      ? t("services.changedFrom", { date: c.from, description: c.description })
                      : t("services.changed", {
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

/** Events whose sentence speaks to the resident ("deg", "din") and has a caseworker's version. */
const staffEvents = new Set(["preliminary_reply", "assessment_planned", "documentation_requested", "documentation_received", "appeal_received"]);

export function TimelineItem({
  e,
  services,
  audience = "resident",
  documentBase = "/min-side/dokumenter",
}: { e: TimelineEntry; services: string } & Reader) {
  const { t } = useTranslation("applications");
  const staff = audience === "caseworker";
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
        : type === "service_changed"
        ? "fromDate"
        : undefined;
    if (kind) details.push(t(staff && kind === "expectedBy" ? "staff.eventDetail.expectedBy" : `eventDetail.${kind}`, { date: v.date }));
  }
  if (v.reasoning) details.push(t("eventDetail.reasoning", { text: v.reasoning }));
  // Documentation the resident sent in the portal is told as theirs, on both sides.
  const sentInPortal = type === "documentation_received" && e.source === "portal";
  const sentence = sentInPortal ? `${type}_portal` : type;
  const key = staff && staffEvents.has(type) ? `staff.event.${sentence}` : `event.${sentence}`;
  return (
    <li>
      <time dateTime={e.onIso}>{e.on}</time>
      <Paragraph>{t(key, { service: v.service ?? services })}</Paragraph>
      {v.description ? <Paragraph>{v.description}</Paragraph> : null}
      {details.map((d, i) => (
        <Paragraph key={i}>{d}</Paragraph>
      ))}
      {e.documents.length > 0 ? (
        <ul className="ds-list">
          {e.documents.map((d) => (
            <li key={d.id}>
              <DocumentLinkItem
                d={d}
                base={documentBase}
                label={d.kind === "decision_letter" ? t("eventDetail.letter", { size: d.size }) : undefined}
              />
            </li>
          ))}
        </ul>
      ) : null}
      <span className="source">{t(`source.${e.source === "portal" || e.source === "caseworker" ? e.source : "fagsystem"}`)}</span>
    </li>
  );
}

/** The case's history, oldest first, under the page's own heading. */
export function Timeline({
  heading,
  timeline,
  services,
  audience,
  documentBase,
}: { heading: string; timeline: TimelineEntry[]; services: string } & Reader) {
  const { t } = useTranslation("applications");
  return (
    <section aria-labelledby="historikk" className="stack-sm">
      <Heading level={2} data-size="md" id="historikk">
        {heading}
      </Heading>
      {timeline.length > 0 ? (
        <ol className="timeline">
          {timeline.map((e) => (
            <TimelineItem key={e.id} e={e} services={services} audience={audience} documentBase={documentBase} />
          ))}
        </ol>
      ) : (
        <Paragraph>{t("timeline.empty")}</Paragraph>
      )}
    </section>
  );
}
