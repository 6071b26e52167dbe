// The PDF copy of an application sent in the portal: what the resident sees on the receipt and
// can keep. It holds everything that was sent (the municipality, the reference, when, who, every
// answer and the names of the attachments) in the language the resident applied in.

import type { ApplicationAnswers } from "../../../db/schema";
import type { Language } from "~/i18n/config";
import { formatDateTime } from "~/utils/dates";
import { PdfWriter } from "../documents/pdf";
import { getFixedT } from "../i18n";

export type ApplicationCopyInput = {
  locale: Language;
  municipalityName: string;
  reference: string;
  sentAt: Date;
  /** The applicant's name as the person register has it. */
  applicant: string;
  /** Titles of the services applied for. */
  services: string[];
  answers: ApplicationAnswers;
  attachments: string[];
};

/** One answer as text, for the PDF and anywhere else that needs the words (not the markup). */
export function answerTexts(answers: ApplicationAnswers, t: (key: string, options?: Record<string, unknown>) => string) {
  const c = answers.contact;
  const contact = !c
    ? t("answers.notAnswered")
    : c.who === "me"
      ? t("answers.contactMe")
      : t("answers.contactOther", { name: c.name ?? "", relation: c.relation ?? "", phone: c.phone ?? "" });
  const consent =
    answers.consent === true ? t("answers.consentYes") : answers.consent === false ? t("answers.consentNo") : t("answers.notAnswered");
  const or = (v: string | undefined) => v || t("answers.notAnswered");
  return [
    { key: "whatMatters", label: t("answers.whatMatters"), value: or(answers.whatMatters) },
    { key: "living", label: t("answers.living"), value: or(answers.living) },
    { key: "currentHelp", label: t("answers.currentHelp"), value: or(answers.currentHelp) },
    { key: "difficulties", label: t("answers.difficulties"), value: or(answers.difficulties) },
    { key: "contact", label: t("answers.contact"), value: contact },
    { key: "consent", label: t("answers.consent"), value: consent },
  ];
}

export async function buildApplicationCopy(input: ApplicationCopyInput): Promise<Uint8Array> {
  const t = getFixedT(input.locale, "apply") as unknown as (key: string, options?: Record<string, unknown>) => string;
  const pdf = await PdfWriter.create({
    title: `${t("pdf.title")} – ${input.reference}`,
    header: input.municipalityName,
    language: input.locale === "en" ? "en" : input.locale === "nn" ? "nn-NO" : "nb-NO",
    pageLabel: { page: t("pdf.page"), of: t("pdf.of") },
    createdAt: input.sentAt,
  });
  pdf.heading(t("pdf.title"), 1);
  pdf.field(t("pdf.reference"), input.reference);
  pdf.field(t("pdf.sentAt"), formatDateTime(input.sentAt, input.locale));
  pdf.field(t("pdf.applicant"), input.applicant);
  pdf.heading(t("answers.services"));
  pdf.list(input.services);
  const texts = answerTexts(input.answers, t);
  pdf.heading(t("steps.viktig"));
  pdf.field(texts[0].label, texts[0].value);
  pdf.heading(t("steps.situasjon"));
  for (const a of texts.slice(1, 4)) pdf.field(a.label, a.value);
  pdf.heading(t("steps.kontakt"));
  pdf.field(texts[4].label, texts[4].value);
  pdf.heading(t("steps.samtykke"));
  pdf.field(texts[5].label, texts[5].value);
  pdf.heading(t("answers.attachments"));
  if (input.attachments.length) pdf.list(input.attachments);
  else pdf.paragraph(t("answers.noAttachments"));
  pdf.space(12);
  pdf.paragraph(t("pdf.footer"), { muted: true, size: 9 });
  return pdf.finish();
}
