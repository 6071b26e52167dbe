import enCatalog from "../../locales/en/catalog.json";
import enCommon from "../../locales/en/common.json";
import enPages from "../../locales/en/pages.json";
import nbCatalog from "../../locales/nb/catalog.json";
import nbCommon from "../../locales/nb/common.json";
import nbPages from "../../locales/nb/pages.json";
import nnCatalog from "../../locales/nn/catalog.json";
import nnCommon from "../../locales/nn/common.json";
import nnPages from "../../locales/nn/pages.json";

export const resources = {
  nb: { common: nbCommon, catalog: nbCatalog, pages: nbPages },
  nn: { common: nnCommon, catalog: nnCatalog, pages: nnPages },
  en: { common: enCommon, catalog: enCatalog, pages: enPages },
};
