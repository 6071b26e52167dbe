import { z } from "zod";

// The resident's contact details for notifications. Messages are keys in the account namespace.
const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

export const contactSchema = z.object({
  email: z.preprocess(blankToNull, z.string().trim().max(254, "contact.errors.email").email("contact.errors.email").nullable()),
  mobile: z.preprocess(
    (v) => (typeof v === "string" ? blankToNull(v.replace(/[\s().-]/g, "")) : v),
    z
      .string()
      .regex(/^(?:(?:\+47|0047)?[49]\d{7}|\+(?!47)\d{7,15})$/, "contact.errors.mobile")
      .transform((v) => (v.startsWith("0047") ? `+47${v.slice(4)}` : /^[49]\d{7}$/.test(v) ? `+47${v}` : v))
      .nullable(),
  ),
});
export type ContactDetails = z.infer<typeof contactSchema>;

/** +4741234567 → "412 34 567" for Norwegian numbers; others as stored. */
export function formatMobile(value: string | null) {
  if (!value) return "";
  const m = /^\+47(\d{3})(\d{2})(\d{3})$/.exec(value);
  return m ? `${m[1]} ${m[2]} ${m[3]}` : value;
}
