import { z } from "zod";
import { serviceSlugPattern } from "../utils/applications";

// The resident's appeal (klage) against a decision, as the form sends it. Messages are keys in
// the applications namespace (appealForm.errors.*); {{max}} is filled in by the page.

export const appealTextMax = 4000;
/** Line breaks as the browser sends them (\r\n) count as one character, as the resident sees them. */
const normalise = (v: unknown) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n") : v);

const requiredText = (requiredKey: string) =>
  z.preprocess(
    normalise,
    z
      .string({ required_error: requiredKey, invalid_type_error: requiredKey })
      .trim()
      .min(1, requiredKey)
      .max(appealTextMax, "appealForm.errors.tooLong"),
  );

/** The fields of the form, with the services the resident may appeal (the decided ones). */
export function appealFormSchema(decidedServices: readonly string[]) {
  return z.object({
    services: z
      .array(z.string().regex(serviceSlugPattern, "appealForm.errors.services"), { invalid_type_error: "appealForm.errors.services" })
      .min(1, "appealForm.errors.services")
      .max(20, "appealForm.errors.services")
      .refine((list) => list.every((s) => decidedServices.includes(s)), "appealForm.errors.services")
      .transform((list) => [...new Set(list)]),
    disagreement: requiredText("appealForm.errors.disagreement"),
    reasons: requiredText("appealForm.errors.reasons"),
    wish: z
      .preprocess(normalise, z.string().trim().max(appealTextMax, "appealForm.errors.tooLong").optional())
      .transform((v) => (v ? v : undefined)),
    confirmed: z.literal("ja", { errorMap: () => ({ message: "appealForm.errors.confirmed" }) }),
  });
}
export type AppealInput = z.infer<ReturnType<typeof appealFormSchema>>;

/** What the form posts, as plain values (kept and sent back when it does not validate). */
export type AppealFormValues = { services: string[]; disagreement: string; reasons: string; wish: string; confirmed: boolean };

export const appealFields = ["services", "disagreement", "reasons", "wish", "confirmed"] as const;
export type AppealField = (typeof appealFields)[number];

export function appealValuesFromForm(formData: FormData): AppealFormValues {
  const text = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v : "";
  };
  return {
    services: formData.getAll("services").filter((v): v is string => typeof v === "string"),
    disagreement: text("disagreement"),
    reasons: text("reasons"),
    wish: text("wish"),
    confirmed: formData.get("confirmed") === "ja",
  };
}

/** Validates form values; the errors are message keys by field (the first for each). */
export function parseAppeal(
  values: AppealFormValues,
  decidedServices: readonly string[],
): { success: true; data: AppealInput } | { success: false; errors: Partial<Record<AppealField, string>> } {
  const parsed = appealFormSchema(decidedServices).safeParse({ ...values, confirmed: values.confirmed ? "ja" : undefined });
  if (parsed.success) return { success: true, data: parsed.data };
  const errors: Partial<Record<AppealField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as AppealField;
    if ((appealFields as readonly string[]).includes(field)) errors[field] ??= issue.message;
  }
  return { success: false, errors };
}
