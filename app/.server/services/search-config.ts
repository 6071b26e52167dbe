import type { Language } from "~/i18n/config";

/** The PostgreSQL text-search configuration for each language's text. */
export const textSearchConfig: Record<Language, "norwegian" | "english"> = {
  nb: "norwegian",
  nn: "norwegian",
  en: "english",
};

/**
 * Words residents use that are not in the services' own text, mapped to words that are.
 * Keys are lower-case single words; the search adds the values to the query.
 */
const synonyms: Record<string, string[]> = {
  hjemmehjelp: ["praktisk bistand"],
  heimehjelp: ["praktisk bistand"],
  vaskehjelp: ["praktisk bistand"],
  sykehjemsplass: ["sykehjem", "langtidsopphold"],
  sjukeheimsplass: ["sykehjem", "langtidsopphold", "sjukeheim"],
  sjukeheim: ["sykehjem", "sjukeheim"],
  sykeheim: ["sykehjem"],
  gamlehjem: ["sykehjem"],
  aldershjem: ["sykehjem"],
  omsorgslønn: ["omsorgsstønad"],
  omsorgsløn: ["omsorgsstønad"],
  omsorgslonn: ["omsorgsstønad"],
  heimesjukepleie: ["hjemmesykepleie", "heimesjukepleie"],
  hjemmesykepleier: ["hjemmesykepleie"],
  matombringing: ["middagslevering"],
  middag: ["middagslevering"],
  alarm: ["trygghetsalarm"],
  demente: ["demens"],
  glemsk: ["demens", "hukommelse"],
  hukommelse: ["hukommelsesteam"],
};

export function expandSynonyms(tokens: string[]): string[] {
  const expanded = new Set<string>();
  for (const token of tokens) for (const word of synonyms[token] ?? []) expanded.add(word);
  return [...expanded];
}
