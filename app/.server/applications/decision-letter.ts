// The decision letter (vedtaksbrev) the portal writes when a caseworker lets it: a PDF with what
// forvaltningsloven §§ 24, 25 and 27 ask a written individual decision to say (../shared/domain/
// norway.md §9): who decided and when, the outcome per service, the reasons (the facts and the
// criteria weighed) and the legal basis, the right to appeal with its deadline, to whom and how,
// and the right to see the case's documents (fvl § 18). The applicant is named with the masked
// fødselsnummer only (birth date and five stars).
//
// The text comes from locales/*/applications.json (letter.*) in the language the caseworker
// chose; bokmål unless they chose otherwise. Deadlines use the same rule as the pages
// (status.ts, appealDeadlineFor), so the letter and the portal always name the same date.

import { and, eq, inArray } from "drizzle-orm";
import { services, type DecisionOutcome, type Municipality } from "../../../db/schema";
import type { Language } from "~/i18n/config";
import { formatDate } from "~/utils/dates";
import type { Database } from "../db";
import { PdfWriter } from "../documents/pdf";
import { getFixedT } from "../i18n";
import { appealDeadlineFor, type AppealRule } from "./status";
import { osloDate } from "~/utils/dates";
import { servicesPhrase } from "./view";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Queryable = Database | Tx;

/** The appeal rule of each service (services.appeal_rule); pbrl for a slug the catalogue lacks. */
export async function appealRulesOf(db: Queryable, municipalityId: string, slugs: readonly string[]): Promise<Record<string, AppealRule>> {
  const rules: Record<string, AppealRule> = Object.fromEntries(slugs.map((s) => [s, "pbrl" as AppealRule]));
  if (slugs.length === 0) return rules;
  const rows = await db
    .select({ slug: services.slug, appealRule: services.appealRule })
    .from(services)
    .where(and(eq(services.municipalityId, municipalityId), inArray(services.slug, [...slugs])));
  for (const row of rows) rules[row.slug] = row.appealRule === "fvl" ? "fvl" : "pbrl";
  return rules;
}

export type DecisionLetterInput = {
  locale: Language;
  municipality: Pick<Municipality, "name" | "contact">;
  reference: string;
  applicant: { name: string; maskedPid: string };
  decidedAt: Date;
  /** Each decided service with its title in the letter's language. */
  outcomes: { slug: string; title: string; outcome: DecisionOutcome; description?: string }[];
  reasoning: string;
  criteria: string[];
  /** The caseworker's own words on the legal basis; else the general basis for the rules. */
  legalBasis?: string;
  appealRules: Record<string, AppealRule>;
  caseworker: { name: string; unit: string | null };
  /** Where residents log in (PUBLIC_URL). */
  portalUrl: string;
};

export const decisionLetterFilename = (reference: string) => `vedtaksbrev-${reference}.pdf`;


/** The letter as PDF bytes. */
export async function generateDecisionLetter(input: DecisionLetterInput): Promise<Uint8Array> {
  const t = getFixedT(input.locale, "applications");
  const { contact } = input.municipality;
  const unit = contact.unit[input.locale];
  const decidedOn = osloDate(input.decidedAt);
  const date = (d: string | Date) => formatDate(d, input.locale);
  const servicesText = servicesPhrase(
    input.outcomes.map((o) => o.slug),
    new Map(input.outcomes.map((o) => [o.slug, o.title])),
    input.locale,
  );
  const title = t("letter.title", { services: servicesText });
  const pdf = await PdfWriter.create({
    title: t("letter.fileTitle", { reference: input.reference }),
    header: `${input.municipality.name} – ${unit}`,
    language: input.locale,
    pageLabel: { page: t("letter.page"), of: t("letter.of") },
    createdAt: input.decidedAt,
  });

  pdf.field(t("letter.to"), `${input.applicant.name}\n${t("letter.birthNumber")}: ${input.applicant.maskedPid}`);
  pdf.field(t("letter.date"), date(decidedOn));
  pdf.field(t("letter.reference"), input.reference);
  pdf.space(6);
  pdf.heading(title, 1);
  pdf.paragraph(t("letter.intro", { services: servicesText }));

  pdf.heading(t("letter.outcomesHeading"));
  for (const o of input.outcomes) {
    const lines = [`${t(`outcome.${o.outcome}`)}. ${t(`letter.outcomeExplained.${o.outcome}`)}`];
    if (o.description) lines.push(o.description);
    pdf.field(o.title, lines.join("\n"));
  }

  pdf.heading(t("letter.reasoningHeading"));
  pdf.paragraph(input.reasoning);
  if (input.criteria.length > 0) {
    pdf.heading(t("letter.criteriaHeading"), 3);
    pdf.list(input.criteria);
  }

  const rules = [...new Set(input.outcomes.map((o) => input.appealRules[o.slug] ?? "pbrl"))].sort() as AppealRule[];
  pdf.heading(t("letter.legalBasisHeading"));
  pdf.paragraph(input.legalBasis?.trim() || rules.map((r) => t(`letter.legalBasis.${r}`)).join(" "));

  pdf.heading(t("letter.appealHeading"));
  pdf.paragraph(t("letter.appeal.right"));
  if (rules.length === 1) {
    pdf.paragraph(t(`letter.appeal.deadline.${rules[0]}`, { date: date(appealDeadlineFor(decidedOn, rules[0])) }), { bold: true });
  } else {
    pdf.paragraph(t("letter.appeal.mixed"));
    pdf.list(
      input.outcomes.map((o) => {
        const rule = input.appealRules[o.slug] ?? "pbrl";
        return t(`letter.appeal.line.${rule}`, { service: o.title, date: date(appealDeadlineFor(decidedOn, rule)) });
      }),
    );
  }
  pdf.paragraph(t("letter.appeal.counted"));
  for (const rule of rules) pdf.paragraph(t(`letter.appeal.toWhom.${rule}`, { unit }));
  pdf.heading(t("letter.appeal.howHeading"), 3);
  pdf.list([
    t("letter.appeal.howPortal", { url: input.portalUrl }),
    t("letter.appeal.howPost", { unit, address: contact.address, reference: input.reference }),
  ]);
  pdf.paragraph(t("letter.appeal.help", { unit, phone: contact.phone }));

  pdf.heading(t("letter.accessHeading"));
  pdf.paragraph(t("letter.access", { unit }));

  pdf.heading(t("letter.contactHeading"));
  pdf.paragraph(
    t("letter.contact", {
      unit,
      phone: contact.phone,
      hours: contact.openingHours[input.locale],
      email: contact.email,
      reference: input.reference,
    }),
  );

  pdf.space(8);
  pdf.paragraph(`${t("letter.greeting")}\n${input.caseworker.name}\n${input.caseworker.unit ?? unit}`);
  pdf.paragraph(t("letter.signedElectronically"), { muted: true, size: 9 });
  return pdf.finish();
}
