import type { Language } from "~/i18n/config";

const intlLocale: Record<Language, string> = { nb: "nb-NO", nn: "nn-NO", en: "en-GB" };

// Building an Intl.DateTimeFormat costs far more than using one (it loads locale data): the case
// list formats 100 dates a page, so each formatter is made once per language and kept.
const dateFormats = new Map<Language, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();

function formatter(cache: Map<Language, Intl.DateTimeFormat>, locale: Language, options: Intl.DateTimeFormatOptions) {
  let format = cache.get(locale);
  if (!format) cache.set(locale, (format = new Intl.DateTimeFormat(intlLocale[locale], options)));
  return format;
}

/** A date as residents read it, in Norwegian time: "27. november 2026". */
export function formatDate(iso: string | Date, locale: Language) {
  return formatter(dateFormats, locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/Oslo",
  }).format(typeof iso === "string" ? new Date(iso) : iso);
}

/** A point in time in Norwegian time, for history and audit: "27. november 2026 kl. 14:03". */
export function formatDateTime(iso: string | Date, locale: Language) {
  return formatter(dateTimeFormats, locale, {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Oslo",
  }).format(typeof iso === "string" ? new Date(iso) : iso);
}
