import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ApplicationAnswers as Answers } from "../../db/schema";
import type { ApplyStep } from "~/schemas/apply";
import { Heading, Paragraph } from "./ds";
import { WrittenText } from "./written-text";

/** A file as pages show it; `size` is already formatted ("840 kB") by the server. */
export type AnswerAttachment = { id: string; filename: string; mime: string; size: string };

/** The list of attached files, each a link that opens it, with type and size. */
export function AttachmentList({
  attachments,
  documentHref,
}: {
  attachments: AnswerAttachment[];
  documentHref: (id: string) => string;
}) {
  const { t } = useTranslation("apply");
  if (attachments.length === 0) return <Paragraph>{t("answers.noAttachments")}</Paragraph>;
  return (
    <ul className="ds-list">
      {attachments.map((a) => (
        <li key={a.id}>
          <a href={documentHref(a.id)}>{a.filename}</a>{" "}
          <span className="muted">({t("answers.fileSize", { type: t(`fileTypes.${a.mime}`), size: a.size })})</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * What a resident answered in an online application, section by section as the form asked it:
 * on the review page before sending (with "Endre" links), on the resident's application page
 * ("Dette sendte du") and on the caseworker's case page.
 */
export function ApplicationAnswers({
  services,
  answers,
  attachments,
  documentHref,
  editHref,
  headingLevel = 2,
}: {
  /** Titles of the services applied for. */
  services: string[];
  answers: Answers;
  attachments: AnswerAttachment[];
  documentHref: (id: string) => string;
  /** Where "Endre" for a step goes (the review page only). */
  editHref?: (step: ApplyStep) => string;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation("apply");
  const notAnswered = <Paragraph>{t("answers.notAnswered")}</Paragraph>;
  const written = (text: string | undefined) => (text ? <WrittenText text={text} /> : notAnswered);
  const c = answers.contact;
  const section = (step: ApplyStep, title: string, rows: { key: string; label: string; value: React.ReactNode }[]) => {
    const id = `svar-${step}`;
    return (
      <section key={step} aria-labelledby={id} className="answers-section stack-sm">
        <div className="answers-section-head">
          <Heading level={headingLevel} data-size="sm" id={id}>
            {title}
          </Heading>
          {editHref ? (
            <Link to={editHref(step)} aria-label={t("review.editLabel", { section: title })}>
              {t("review.edit")}
            </Link>
          ) : null}
        </div>
        <dl className="answers-list">
          {rows.map((r) => (
            <div key={r.key}>
              <dt>{r.label}</dt>
              <dd>{r.value}</dd>
            </div>
          ))}
        </dl>
      </section>
    );
  };
  return (
    <div className="application-answers stack">
      {section("tjenester", t("steps.tjenester"), [
        {
          key: "services",
          label: t("answers.services"),
          value: services.length ? (
            <ul className="ds-list">
              {services.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : (
            notAnswered
          ),
        },
      ])}
      {section("viktig", t("steps.viktig"), [{ key: "whatMatters", label: t("answers.whatMatters"), value: written(answers.whatMatters) }])}
      {section("situasjon", t("steps.situasjon"), [
        { key: "living", label: t("answers.living"), value: written(answers.living) },
        { key: "currentHelp", label: t("answers.currentHelp"), value: written(answers.currentHelp) },
        { key: "difficulties", label: t("answers.difficulties"), value: written(answers.difficulties) },
      ])}
      {section("kontakt", t("steps.kontakt"), [
        {
          key: "contact",
          label: t("answers.contact"),
          value: !c ? (
            notAnswered
          ) : (
            <Paragraph>
              {c.who === "me"
                ? t("answers.contactMe")
                : t("answers.contactOther", { name: c.name ?? "", relation: c.relation ?? "", phone: c.phone ?? "" })}
            </Paragraph>
          ),
        },
      ])}
      {section("vedlegg", t("steps.vedlegg"), [
        { key: "attachments", label: t("answers.attachments"), value: <AttachmentList attachments={attachments} documentHref={documentHref} /> },
      ])}
      {section("samtykke", t("steps.samtykke"), [
        {
          key: "consent",
          label: t("answers.consent"),
          value:
            answers.consent === undefined ? (
              notAnswered
            ) : (
              <Paragraph>{answers.consent ? t("answers.consentYes") : t("answers.consentNo")}</Paragraph>
            ),
        },
      ])}
    </div>
  );
}

export type SentApplicationData = {
  services: string[];
  answers: Answers;
  attachments: AnswerAttachment[];
  copyId: string | null;
  sentOn: string;
};

/**
 * "Dette sendte du": the answers and files of an application made in the portal, with the PDF
 * copy. The resident's page links files to /min-side/dokumenter, the caseworker's to
 * /saksbehandler/dokumenter (`documentBase`).
 */
export function SentApplicationSection({
  sent,
  documentBase,
  heading,
  intro,
}: {
  sent: SentApplicationData;
  documentBase: string;
  heading?: string;
  intro?: string;
}) {
  const { t } = useTranslation("apply");
  return (
    <section aria-labelledby="dette-sendte-du" className="stack-sm">
      <Heading level={2} data-size="md" id="dette-sendte-du">
        {heading ?? t("sent.heading")}
      </Heading>
      <Paragraph>{intro ?? t("sent.intro", { date: sent.sentOn })}</Paragraph>
      {sent.copyId ? (
        <Paragraph>
          <a href={`${documentBase}/${sent.copyId}`}>{t("sent.copyLink")}</a>
        </Paragraph>
      ) : null}
      <ApplicationAnswers
        services={sent.services}
        answers={sent.answers}
        attachments={sent.attachments}
        documentHref={(id) => `${documentBase}/${id}`}
        headingLevel={3}
      />
    </section>
  );
}
