import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { categories } from "../../app/utils/catalog";

// The demo service descriptions live as JSON in db/seed/services (see its README).
// This schema is the contract: the seed refuses a file that breaks it, and a test checks them all.

const text = z.string().trim().min(1);

const sectionsSchema = z.object({
  whatIs: text,
  whoFor: text,
  criteria: text,
  expect: text,
  expectedOfYou: text,
  howToApply: text,
  cost: text,
  processingTime: text,
  legalBasis: text,
});

const localizedSchema = z.object({
  title: text,
  summary: text,
  keywords: z.array(text).min(1),
  sections: sectionsSchema,
});

export const serviceFileSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  category: z.enum(categories),
  levels: z.array(z.number().int().min(0).max(6)),
  related: z.array(z.string()),
  popularity: z.number().int().min(0).max(100),
  /**
   * The appeal deadline's law: "pbrl" (health and care services, four weeks, the default) or
   * "fvl" (other individual decisions, three weeks). See docs/decisions/0010.
   */
  appealRule: z.enum(["pbrl", "fvl"]).default("pbrl"),
  nb: localizedSchema,
  nn: localizedSchema,
  en: localizedSchema,
});
export type ServiceFile = z.infer<typeof serviceFileSchema>;

export const serviceContentDir = path.resolve(process.cwd(), "db/seed/services");

export function readServiceFiles(dir = serviceContentDir): ServiceFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const raw = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
      const parsed = serviceFileSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`${name}: ${parsed.error.message}`);
      return parsed.data;
    });
}
