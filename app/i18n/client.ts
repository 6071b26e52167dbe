import { createInstance } from "i18next";
import { initReactI18next } from "react-i18next";
import { cacheNumberFormat, clientNamespaces, defaultNamespace, isLanguage, fallbackLanguage } from "./config";

// Each language's namespaces are separate chunks; the browser loads only the page's language.
const files = import.meta.glob<{ default: Record<string, unknown> }>("../../locales/*/{common,catalog,auth,account,employee,applications,apply,messages}.json");

export async function createClientI18n() {
  const lang = document.documentElement.lang;
  const lng = isLanguage(lang) ? lang : fallbackLanguage;
  const loaded = await Promise.all(
    clientNamespaces.map(async (ns) => [ns, (await files[`../../locales/${lng}/${ns}.json`]()).default] as const),
  );
  const instance = createInstance();
  await instance.use(initReactI18next).init({
    lng,
    fallbackLng: false,
    defaultNS: defaultNamespace,
    ns: [...clientNamespaces],
    resources: { [lng]: Object.fromEntries(loaded) },
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  cacheNumberFormat(instance);
  return instance;
}
