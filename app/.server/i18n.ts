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
 * asks for hundreds. A text with only plain `{{name}}` places, given only strings and numbers,
 * is filled in here from the text split once (0.07 µs instead of i18next's 7–8 µs: a case
 * list fills 25 deadlines, an application page up to 40 events). Everything else — counts
 * (plurals), formats such as `{{count, number}}`, nesting, i18next's own options, a missing value
 * — goes to i18next as before. tests/unit/i18n.test.ts checks both ways give the same text for
 * every such key in every language.
 */
function memoizeFixedT(instance: I18n) {
  const original = instance.getFixedT.bind(instance);
  const made = new Map<string, TFunction>();
  instance.getFixedT = ((lng: string | readonly string[] | null, ns?: string | readonly string[] | null, keyPrefix?: string) => {
    const id = JSON.stringify([lng ?? instance.language, ns ?? null, keyPrefix ?? null]);
    let fixed = made.get(id);
    if (!fixed) {
      const t = original(lng as string, ns as string, keyPrefix) as unknown as (...args: unknown[]) => unknown;
      const texts = new Map<string, string>();
      const templates = new Map<string, Template | null>();
      // Texts are looked up here only for one language and one namespace, without a key prefix.
      const plain = typeof (lng ?? instance.language) === "string" && (ns == null || typeof ns === "string") && !keyPrefix;
      const templateOf = (key: string) => {
        let template = templates.get(key);
        if (template === undefined) {
          const text = plain && !key.includes(":") ? instance.getResource((lng ?? instance.language) as string, (ns as string | null) ?? defaultNamespace, key) : undefined;
          templates.set(key, (template = typeof text === "string" ? parseTemplate(text) : null));
        }
        return template;
      };
      fixed = Object.assign((key: unknown, ...rest: unknown[]) => {
        if (typeof key !== "string") return t(key, ...rest);
        if (rest.length > 0) {
          if (rest.length === 1 && isPlainValues(rest[0])) {
            const template = templateOf(key);
            const text = template ? fill(template, rest[0]) : undefined;
            if (text !== undefined) return text;
          }
          return t(key, ...rest);
        }
        let text = texts.get(key);
        if (text === undefined) texts.set(key, (text = t(key) as string));
        return text;
      }, t) as unknown as TFunction;
      made.set(id, fixed);
    }
    return fixed;
  }) as I18n["getFixedT"];
}

/** A text split at its `{{name}}` places: text, name, text, name, …, text. */
type Template = string[];

const placeRe = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/;

/** The text's parts, or null when i18next must fill it in (a format or nesting). */
function parseTemplate(text: string): Template | null {
  if (text.includes("$t(")) return null;
  // A text without places is its own template (one part): values given to it change nothing.
  const parts = text.split(new RegExp(placeRe.source, "g"));
  for (let i = 0; i < parts.length; i += 2) if (parts[i].includes("{{")) return null;
  return parts;
}

// i18next's own options: a call with any of them is i18next's to answer.
const i18nextOptions = new Set(["lng", "lngs", "fallbackLng", "ns", "defaultValue", "count", "context", "replace", "returnObjects",
  "returnDetails", "joinArrays", "postProcess", "interpolation", "skipInterpolation", "ordinal", "keyPrefix", "nsSeparator", "keySeparator"]);

function isPlainValues(options: unknown): options is Record<string, string | number> {
  if (options === null || typeof options !== "object" || Array.isArray(options)) return false;
  for (const name in options) {
    if (i18nextOptions.has(name)) return false;
    const value = (options as Record<string, unknown>)[name];
    if (typeof value !== "string" && typeof value !== "number") return false;
  }
  return true;
}

/** The template with the values in, or undefined when one is missing (i18next then decides). */
function fill(template: Template, values: Record<string, string | number>): string | undefined {
  let out = template[0];
  for (let i = 1; i < template.length; i += 2) {
    const value = Object.hasOwn(values, template[i]) ? values[template[i]] : undefined;
    if (value === undefined) return undefined;
    out += String(value) + template[i + 1];
  }
  return out;
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
