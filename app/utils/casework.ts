// Shared by the caseworker's case page (browser and server) and app/.server/applications/casework.ts.

/** Form field names of a decision's outcome and its description for one service. */
export const outcomeField = (slug: string) => `utfall-${slug}`;
export const outcomeDescriptionField = (slug: string) => `utfallBeskrivelse-${slug}`;
