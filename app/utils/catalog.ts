/** The catalogue's categories, in the order residents see them. Labels: catalog:categories.<slug>. */
export const categories = [
  "hjemme",
  "teknologi",
  "trening",
  "bolig",
  "parorende",
  "demens",
  "psykisk-helse-rus",
  "koordinering",
  "helse",
] as const;
export type Category = (typeof categories)[number];

export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && (categories as readonly string[]).includes(value);
}

/** The longest search the catalogue accepts, in characters. */
export const maxSearchLength = 200;

/** The sections of a service description, in the order residents read them. */
export const serviceSectionKeys = [
  "whatIs",
  "whoFor",
  "criteria",
  "expect",
  "expectedOfYou",
  "howToApply",
  "cost",
  "processingTime",
  "legalBasis",
] as const;
export type ServiceSectionKey = (typeof serviceSectionKeys)[number];
