import { z } from "zod";
import { supportedLanguages, type Language } from "~/i18n/config";
import { serviceSectionKeys, type ServiceSectionKey } from "~/utils/catalog";

// The editor's form for a service description: title, summary, keywords and the nine sections
// in each of bokmål, nynorsk and English, plus the version each language was at when the form
// was loaded. Error messages are keys in the employee namespace.

export const sectionKeys = serviceSectionKeys;
export type SectionKey = ServiceSectionKey;

export const editorLimits = { title: 120, summary: 300, keyword: 60, keywordsMax: 20, section: 4000 } as const;

export const editorIntents = ["preview", "publish"] as const;
export type EditorIntent = (typeof editorIntents)[number];

/** One field of one language, in the order the form shows them. */
export type TextField = "title" | "summary" | "keywords" | SectionKey;
export const textFields: readonly TextField[] = ["title", "summary", "keywords", ...sectionKeys];

/** What the editor typed, as typed: kept and shown again when the form comes back. */
export type LocaleValues = Record<TextField, string>;
export type EditorValues = Record<Language, LocaleValues>;
export type BaseVersions = Record<Language, number>;

export type FieldError = { message: string; max?: number };
/** Errors by field id (see fieldId), in the order of the form. */
export type FieldErrors = Record<string, FieldError>;

export const fieldName = (locale: Language, field: TextField | "version") => `${locale}.${field}`;
export const fieldId = (locale: Language, field: TextField) => `${locale}-${field}`;

/** One line: surrounding and repeated white space (including line breaks) become one space. */
const oneLine = (v: unknown) => (typeof v === "string" ? v.replace(/\s+/g, " ").trim() : v);

/**
 * Body text in the plain-text format (db/seed/services/README.md): Windows line breaks and
 * trailing spaces go, more than one blank line becomes one. Browsers send textareas with CRLF.
 */
export const normalizeBody = (v: string) =>
  v
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();

const required = "edit.errors.required";
const tooLong = "edit.errors.tooLong";

const line = (max: number) =>
  z.preprocess(oneLine, z.string({ required_error: required, invalid_type_error: required }).min(1, required).max(max, tooLong));

const body = z.preprocess(
  (v) => (typeof v === "string" ? normalizeBody(v) : v),
  z.string({ required_error: required, invalid_type_error: required }).min(1, required).max(editorLimits.section, tooLong),
);

/** "hjemmehjelp, vaskehjelp ,, heimehjelp" → ["hjemmehjelp", "vaskehjelp", "heimehjelp"]. */
export const splitKeywords = (v: string) =>
  v
    .split(",")
    .map((k) => k.replace(/\s+/g, " ").trim())
    .filter(Boolean);

const keywords = z
  .string({ required_error: "edit.errors.keywordsCount" })
  .transform(splitKeywords)
  .pipe(
    z
      .array(z.string().max(editorLimits.keyword, "edit.errors.keywordTooLong"))
      .min(1, "edit.errors.keywordsCount")
      .max(editorLimits.keywordsMax, "edit.errors.keywordsCount"),
  );

export const localeTextSchema = z.object({
  title: line(editorLimits.title),
  summary: line(editorLimits.summary),
  keywords,
  sections: z.object(Object.fromEntries(sectionKeys.map((k) => [k, body])) as Record<SectionKey, typeof body>),
});
export type LocaleText = z.infer<typeof localeTextSchema>;

export const serviceTextsSchema = z.object({ nb: localeTextSchema, nn: localeTextSchema, en: localeTextSchema });
export type ServiceTexts = z.infer<typeof serviceTextsSchema>;

const version = z.coerce.number().int().min(0).max(1_000_000);
export const editorControlSchema = z.object({
  intent: z.enum(editorIntents),
  versions: z.object({ nb: version, nn: version, en: version }),
});

/** The form's text fields, as typed (missing fields are empty). */
export function readEditorValues(formData: FormData): EditorValues {
  const get = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v : "";
  };
  return Object.fromEntries(
    supportedLanguages.map((locale) => [
      locale,
      Object.fromEntries(textFields.map((field) => [field, get(fieldName(locale, field))])) as LocaleValues,
    ]),
  ) as EditorValues;
}

/** The values a published text shows in the form. */
export function valuesFromText(text: { title: string; summary: string; keywords: string[]; sections: Record<SectionKey, string> } | null): LocaleValues {
  return {
    title: text?.title ?? "",
    summary: text?.summary ?? "",
    keywords: text?.keywords.join(", ") ?? "",
    ...(Object.fromEntries(sectionKeys.map((k) => [k, text?.sections[k] ?? ""])) as Record<SectionKey, string>),
  };
}

export type ParsedEditorForm =
  | { ok: false; badRequest: true }
  | { ok: false; badRequest: false; intent: EditorIntent; versions: BaseVersions; values: EditorValues; errors: FieldErrors }
  | { ok: true; intent: EditorIntent; versions: BaseVersions; values: EditorValues; texts: ServiceTexts };

/**
 * Validates the whole form. A missing or tampered intent or version is a bad request (no form
 * of ours sends one); wrong text gets errors per field, in the order the form shows them.
 */
export function parseEditorForm(formData: FormData): ParsedEditorForm {
  const control = editorControlSchema.safeParse({
    intent: formData.get("intent"),
    versions: Object.fromEntries(supportedLanguages.map((l) => [l, formData.get(fieldName(l, "version")) ?? undefined])),
  });
  if (!control.success) return { ok: false, badRequest: true };
  const { intent, versions } = control.data;
  const values = readEditorValues(formData);
  const raw = Object.fromEntries(
    supportedLanguages.map((l) => {
      const v = values[l];
      return [
        l,
        {
          title: v.title,
          summary: v.summary,
          keywords: v.keywords,
          sections: Object.fromEntries(sectionKeys.map((k) => [k, v[k]])),
        },
      ];
    }),
  );
  const parsed = serviceTextsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, intent, versions, values, texts: parsed.data };
  return { ok: false, badRequest: false, intent, versions, values, errors: fieldErrors(parsed.error) };
}

function fieldErrors(error: z.ZodError): FieldErrors {
  const byId = new Map<string, FieldError>();
  for (const issue of error.issues) {
    const [locale, first, second] = issue.path as [Language, string, string | number | undefined];
    const field = (first === "sections" ? second : first) as TextField;
    const id = fieldId(locale, field);
    if (byId.has(id)) continue;
    const max = issue.code === "too_big" && issue.type === "string" ? Number(issue.maximum) : undefined;
    byId.set(id, max === undefined ? { message: issue.message } : { message: issue.message, max });
  }
  const ordered: FieldErrors = {};
  for (const locale of supportedLanguages) {
    for (const field of textFields) {
      const e = byId.get(fieldId(locale, field));
      if (e) ordered[fieldId(locale, field)] = e;
    }
  }
  return ordered;
}
