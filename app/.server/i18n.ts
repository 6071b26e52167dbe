import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { cacheNumberFormat, defaultNamespace, fallbackLanguage, isLanguage, supportedLanguages, type Language } from "~/i18n/config";
import { resources } from "~/i18n/resources.server";

// One initialised i18next instance per language, made once at start-up and shared by every
// request in that language. Creating one per request cost about 40 % of SSR throughput.
const instances = new Map<Language, I18n>();

for (const lng of supportedLanguages) {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: false,
    supportedLngs: [...supportedLanguages],
    defaultNS: defaultNamespace,
    ns: Object.keys(resources[lng]),
    resources,
    initImmediate: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  cacheNumberFormat(instance);
  memoizeFixedT(instance);
  instances.set(lng, instance);
}

/**
 * Every `t` the pages get (getFixedT below, and react-i18next's useTranslation, which asks for a
 * new one on each render) remembers what a plain key translates to: the texts never change while
 * the server runs, and a lookup through i18next costs several microseconds — a list of 50 rows
 * asks for hundreds. Calls with options (interpolation, counts) go to i18next as before.
 */
function memoizeFixedT(instance: I18n) {
  const original = instance.getFixedT.bind(instance);
  const made = new Map<string, TFunction>();
  instance.getFixedT = ((lng: string | readonly string[] | null, ns?: string | readonly string[] | null, keyPrefix?: string) => {
    const id = JSON.stringify([lng ?? instance.language, ns ?? null, keyPrefix ?? null]);
    let fixed = made.get(id);
    if (!fixed) {
      const t = original(lng as string, ns as string, keyPrefix);
      const texts = new Map<string, string>();
      fixed = Object.assign((key: unknown, ...rest: unknown[]) => {
        if (rest.length > 0 || typeof key !== "string") return (t as unknown as (...args: unknown[]) => unknown)(key, ...rest);
        let text = texts.get(key);
        if (text === undefined) texts.set(key, (text = t(key) as string));
        return text;
      }, t) as unknown as TFunction;
      made.set(id, fixed);
    }
    return fixed;
  }) as I18n["getFixedT"];
}

export function getI18n(lng: Language): I18n {
  return instances.get(lng)!;
}

export function getFixedT(lng: Language, ns: string = defaultNamespace): TFunction {
  return getI18n(lng).getFixedT(lng, ns);
}

export const languageCookieName = "lng";

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function fromLanguageTag(tag: string): Language | undefined {
  const primary = tag.trim().toLowerCase().split("-")[0];
  if (primary === "nb" || primary === "no") return "nb";
  if (primary === "nn") return "nn";
  if (primary === "en") return "en";
  return undefined;
}

/**
 * The visitor's language: the cookie set by the language switch, then the browser's
 * Accept-Language (highest q first), then bokmål. Malformed headers are ignored, never thrown on.
 */
export function getLocale(request: Request): Language {
  const cookie = readCookie(request.headers.get("Cookie"), languageCookieName);
  if (isLanguage(cookie)) return cookie;
  const accept = request.headers.get("Accept-Language");
  if (accept && accept.length < 1000) {
    const ranked = accept
      .split(",")
      .map((entry, index) => {
        const [tag, ...params] = entry.split(";");
        const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
        const weight = q ? Number(q.slice(2)) : 1;
        return { lng: fromLanguageTag(tag), weight: Number.isFinite(weight) ? weight : 0, index };
      })
      .filter((e): e is { lng: Language; weight: number; index: number } => e.lng !== undefined && e.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.index - b.index);
    if (ranked[0]) return ranked[0].lng;
  }
  return fallbackLanguage;
}

export function languageCookie(lng: Language, secure: boolean) {
  const attributes = [`${languageCookieName}=${lng}`, "Path=/", "Max-Age=31536000", "SameSite=Lax", "HttpOnly"];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}
