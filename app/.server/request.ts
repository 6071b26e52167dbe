import { getDb } from "./db";
import { getFixedT, getLocale } from "./i18n";
import { getCurrentMunicipality } from "./municipality";

/** What every public loader needs: the database, this deployment's municipality and the language. */
export async function getPublicContext(request: Request) {
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  return { db, municipality, locale, t: getFixedT(locale, "catalog") };
}
