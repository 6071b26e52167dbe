import type { Language } from "~/i18n/config";

const intlLocale: Record<Language, string> = { nb: "nb-NO", nn: "nn-NO", en: "en-GB" };

/** A date as residents read it, in Norwegian time: "27. november 2026". */
export function formatDate(iso: string | Date, locale: Language) {
  return new Intl.DateTimeFormat(intlLocale[locale], {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/Oslo",
  }).format(typeof iso === "string" ? new Date(iso) : iso);
}

/** A point in time in Norwegian time, for history and audit: "27. november 2026 kl. 14:03". */
export function formatDateTime(iso: string | Date, locale: Language) {
  return new Intl.DateTimeFormat(intlLocale[locale], {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Oslo",
  }).format(typeof iso === "string" ? new Date(iso) : iso);
}
