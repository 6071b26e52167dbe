import type { ApplicationAnswers } from "../../db/schema";
import { serviceSlugPattern } from "../utils/applications";

// The online application, one topic per step. What each step's form posts, the limits and which
// answers are required. Messages are keys in the apply namespace (errors.*); {{max}} is filled in
// by the page. Going forward ("Neste") needs the step's required answers; going back or saving for
// later keeps whatever is written, within the limits, so nothing a resident wrote is lost.

export const applySteps = ["tjenester", "viktig", "situasjon", "kontakt", "vedlegg", "samtykke", "oppsummering"] as const;
export type ApplyStep = (typeof applySteps)[number];

export function isApplyStep(value: unknown): value is ApplyStep {
  return typeof value === "string" && (applySteps as readonly string[]).includes(value);
}

export const stepNumber = (step: ApplyStep) => applySteps.indexOf(step) + 1;
export const nextStep = (step: ApplyStep): ApplyStep => applySteps[Math.min(applySteps.indexOf(step) + 1, applySteps.length - 1)];
export const previousStep = (step: ApplyStep): ApplyStep | null => applySteps[applySteps.indexOf(step) - 1] ?? null;
/** The later of two steps (how far the resident has come). */
export const furthestStep = (a: string, b: ApplyStep): ApplyStep =>
  isApplyStep(a) && applySteps.indexOf(a) > applySteps.indexOf(b) ? a : b;

/** Limits, in characters as the resident sees them (a line break is one). */
export const applyLimits = {
  longText: 4000,
  name: 100,
  relation: 100,
  phone: 20,
  services: 20,
} as const;

/** At most this many attachments on one application. */
export const maxAttachments = 10;

export type ApplyField =
  | "services"
  | "whatMatters"
  | "living"
  | "currentHelp"
  | "difficulties"
  | "contactWho"
  | "contactName"
  | "contactPhone"
  | "contactRelation"
  | "attachments"
  | "consent";

/** The fields of each step (the first is where the error summary of a missing step points). */
export const stepFields: Record<ApplyStep, ApplyField[]> = {
  tjenester: ["services"],
  viktig: ["whatMatters"],
  situasjon: ["living", "currentHelp", "difficulties"],
  kontakt: ["contactWho", "contactName", "contactPhone", "contactRelation"],
  vedlegg: ["attachments"],
  samtykke: ["consent"],
  oppsummering: [],
};

export type ApplyErrors = Partial<Record<ApplyField, string>>;

/** What the forms post, as plain strings (kept and sent back when they do not validate). */
export type ApplyFormValues = {
  services: string[];
  whatMatters: string;
  living: string;
  currentHelp: string;
  difficulties: string;
  contactWho: string;
  contactName: string;
  contactPhone: string;
  contactRelation: string;
  /** "yes", "no" or "" (not answered). */
  consent: string;
};

export type DraftContent = { serviceSlugs: string[]; answers: ApplicationAnswers };

/** Line breaks as the browser sends them (\r\n) count as one character. */
const normalise = (v: string) => v.replace(/\r\n?/g, "\n").trim();

export function applyValuesFromForm(formData: FormData): ApplyFormValues {
  const text = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v : "";
  };
  return {
    services: formData.getAll("services").filter((v): v is string => typeof v === "string"),
    whatMatters: text("whatMatters"),
    living: text("living"),
    currentHelp: text("currentHelp"),
    difficulties: text("difficulties"),
    contactWho: text("contactWho"),
    contactName: text("contactName"),
    contactPhone: text("contactPhone"),
    contactRelation: text("contactRelation"),
    consent: text("consent"),
  };
}

/** The form values a saved draft shows. */
export function valuesFromDraft(draft: DraftContent): ApplyFormValues {
  const a = draft.answers;
  return {
    services: draft.serviceSlugs,
    whatMatters: a.whatMatters ?? "",
    living: a.living ?? "",
    currentHelp: a.currentHelp ?? "",
    difficulties: a.difficulties ?? "",
    contactWho: a.contact?.who ?? "",
    contactName: a.contact?.name ?? "",
    contactPhone: a.contact?.phone ?? "",
    contactRelation: a.contact?.relation ?? "",
    consent: a.consent === true ? "yes" : a.consent === false ? "no" : "",
  };
}

const phoneDigits = (v: string) => v.replace(/[\s().-]/g, "");
/** A Norwegian number (8 digits, optionally +47/0047) or an international one (+ and 7–15 digits). */
export const phonePattern = /^(?:(?:\+47|0047)?\d{8}|(?:\+|00)\d{7,15})$/;

const textField = (value: string, max: number, required: string | null) => {
  const v = normalise(value);
  if (v.length > max) return { error: "errors.tooLong" as string };
  if (!v && required) return { error: required };
  return { value: v || undefined };
};

export type StepResult =
  | { success: true; data: Partial<DraftContent> & { answers?: ApplicationAnswers } }
  | { success: false; errors: ApplyErrors };

/**
 * Checks one step's answers. `strict` (going forward) also needs the required answers; otherwise
 * only the limits apply and empty answers are saved as empty. Returns the draft's new content for
 * the step: the answers of other steps are the caller's to keep.
 */
export function parseStep(
  step: ApplyStep,
  values: ApplyFormValues,
  options: { strict: boolean; knownServices: readonly string[] },
): StepResult {
  const errors: ApplyErrors = {};
  const req = (key: string) => (options.strict ? key : null);
  switch (step) {
    case "tjenester": {
      const list = [...new Set(values.services)];
      if (list.some((s) => !serviceSlugPattern.test(s) || !options.knownServices.includes(s)) || list.length > applyLimits.services)
        errors.services = "errors.services";
      else if (list.length === 0 && options.strict) errors.services = "errors.services";
      if (errors.services) return { success: false, errors };
      return { success: true, data: { serviceSlugs: list } };
    }
    case "viktig": {
      const f = textField(values.whatMatters, applyLimits.longText, req("errors.whatMatters"));
      if (f.error) return { success: false, errors: { whatMatters: f.error } };
      return { success: true, data: { answers: { whatMatters: f.value } } };
    }
    case "situasjon": {
      const living = textField(values.living, applyLimits.longText, req("errors.living"));
      const currentHelp = textField(values.currentHelp, applyLimits.longText, null);
      const difficulties = textField(values.difficulties, applyLimits.longText, req("errors.difficulties"));
      if (living.error) errors.living = living.error;
      if (currentHelp.error) errors.currentHelp = currentHelp.error;
      if (difficulties.error) errors.difficulties = difficulties.error;
      if (Object.keys(errors).length) return { success: false, errors };
      return { success: true, data: { answers: { living: living.value, currentHelp: currentHelp.value, difficulties: difficulties.value } } };
    }
    case "kontakt": {
      const who = values.contactWho === "me" || values.contactWho === "other" ? values.contactWho : null;
      if (!who) {
        if (options.strict || values.contactWho) errors.contactWho = "errors.contactWho";
        if (errors.contactWho) return { success: false, errors };
        return { success: true, data: { answers: { contact: undefined } } };
      }
      if (who === "me") return { success: true, data: { answers: { contact: { who: "me" } } } };
      const name = textField(values.contactName, applyLimits.name, req("errors.contactName"));
      const relation = textField(values.contactRelation, applyLimits.relation, req("errors.contactRelation"));
      const phoneRaw = normalise(values.contactPhone);
      const phone = phoneDigits(phoneRaw);
      if (name.error) errors.contactName = name.error;
      if (phoneRaw.length > applyLimits.phone) errors.contactPhone = "errors.contactPhone";
      else if (phone && !phonePattern.test(phone)) errors.contactPhone = "errors.contactPhone";
      else if (!phone && options.strict) errors.contactPhone = "errors.contactPhoneMissing";
      if (relation.error) errors.contactRelation = relation.error;
      if (Object.keys(errors).length) return { success: false, errors };
      return {
        success: true,
        data: { answers: { contact: { who, name: name.value, phone: phoneRaw || undefined, relation: relation.value } } },
      };
    }
    case "samtykke": {
      const consent = values.consent === "yes" ? true : values.consent === "no" ? false : undefined;
      if (consent === undefined && (options.strict || values.consent)) return { success: false, errors: { consent: "errors.consent" } };
      return { success: true, data: { answers: { consent } } };
    }
    case "vedlegg":
    case "oppsummering":
      return { success: true, data: {} };
  }
}

/** The first step whose required answers are missing, with the field and message, if any. */
export function missingAnswers(draft: DraftContent, knownServices: readonly string[]): { step: ApplyStep; errors: ApplyErrors }[] {
  const values = valuesFromDraft(draft);
  const missing: { step: ApplyStep; errors: ApplyErrors }[] = [];
  for (const step of applySteps) {
    const result = parseStep(step, values, { strict: true, knownServices });
    if (!result.success) missing.push({ step, errors: result.errors });
  }
  return missing;
}
