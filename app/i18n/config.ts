import type { i18n } from "i18next";

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

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * `{{count, number}}` with one Intl.NumberFormat per language, made once. i18next 23's own
 * "number" format is meant to cache its formatters, but made a new one on every call (counted: one
 * per t()), about 0.07 ms each, on every page whose heading counts something. The texts use the
 * format without options, so none are read here.
 */
export function cacheNumberFormat(instance: i18n) {
  instance.services.formatter?.add("number", (value: number, lng = fallbackLanguage) => {
    let format = numberFormats.get(lng);
    if (!format) numberFormats.set(lng, (format = new Intl.NumberFormat(lng)));
    return format.format(value);
  });
}
