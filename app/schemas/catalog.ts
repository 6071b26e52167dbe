import { z } from "zod";

import { maxSearchLength } from "~/utils/catalog";

export { maxSearchLength };

/**
 * The catalogue's query string: ?q=&kategori=&niva=. Messages are i18n keys in the catalog
 * namespace. Empty values mean "not set".
 */
const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

export const catalogQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(maxSearchLength, "search.errors.tooLong")
    .optional()
    .transform((v) => v || undefined),
  kategori: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[a-z-]{1,40}$/, "search.errors.unknownCategory").optional(),
  ),
  niva: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^\d$/, "search.errors.unknownLevel").transform(Number).optional(),
  ),
});

export type CatalogQuery = z.infer<typeof catalogQuerySchema>;

/** Reads the catalogue's parameters; on a bad value returns the first problem as an i18n key. */
export function parseCatalogQuery(searchParams: URLSearchParams) {
  const raw = {
    q: searchParams.get("q") ?? undefined,
    kategori: searchParams.get("kategori") ?? undefined,
    niva: searchParams.get("niva") ?? undefined,
  };
  const parsed = catalogQuerySchema.safeParse(raw);
  if (parsed.success) return { query: parsed.data, error: undefined, raw };
  return { query: undefined, error: parsed.error.issues[0].message, raw };
}
