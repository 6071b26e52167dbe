import { getFixedT, getLocale } from "./i18n";
import { getCurrentMunicipality } from "./municipality";

type StaticPage = { title: string; intro: string; updated: string; sections: { heading: string; body: string }[] };

/**
 * A long text page (accessibility statement, privacy) from the pages namespace, translated on the
 * server so the browser never downloads the texts of pages it is not on.
 */
export async function loadStaticPage(request: Request, key: "accessibility" | "privacy") {
  const locale = getLocale(request);
  const municipality = await getCurrentMunicipality();
  const page = getFixedT(locale, "pages")(key, { returnObjects: true }) as StaticPage;
  return { page, title: `${page.title} – ${municipality.name}` };
}
