// Language settings shared by the server and the browser.
export const supportedLanguages = ["nb", "nn", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "nb";
export const defaultNamespace = "common";
/** Namespaces the browser needs for hydration. Long page texts are rendered by loaders instead. */
export const clientNamespaces = ["common", "catalog", "auth", "account", "employee", "applications", "apply", "messages"] as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}
