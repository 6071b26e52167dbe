import { z } from "zod";

// A caseworker's choice of the daily inbox summary. Messages are keys under `settings.` in the
// notifications namespace.
const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

export const digestSettingsSchema = z
  .object({
    dailyDigest: z.boolean(),
    email: z.preprocess(blankToNull, z.string().trim().max(254, "errors.email").email("errors.email").nullable()),
  })
  .superRefine((value, ctx) => {
    if (value.dailyDigest && !value.email) ctx.addIssue({ code: "custom", path: ["email"], message: "errors.emailRequired" });
  });
export type DigestSettings = z.infer<typeof digestSettingsSchema>;
