import enAccount from "../../locales/en/account.json";
import enApply from "../../locales/en/apply.json";
import nbApply from "../../locales/nb/apply.json";
import nnApply from "../../locales/nn/apply.json";
import enApplications from "../../locales/en/applications.json";
import enAuth from "../../locales/en/auth.json";
import enEmployee from "../../locales/en/employee.json";
import nbAccount from "../../locales/nb/account.json";
import nbApplications from "../../locales/nb/applications.json";
import nbAuth from "../../locales/nb/auth.json";
import nbEmployee from "../../locales/nb/employee.json";
import nnAccount from "../../locales/nn/account.json";
import nnApplications from "../../locales/nn/applications.json";
import nnAuth from "../../locales/nn/auth.json";
import nnEmployee from "../../locales/nn/employee.json";
import enCatalog from "../../locales/en/catalog.json";
import enCommon from "../../locales/en/common.json";
import enPages from "../../locales/en/pages.json";
import nbCatalog from "../../locales/nb/catalog.json";
import nbCommon from "../../locales/nb/common.json";
import nbPages from "../../locales/nb/pages.json";
import nnCatalog from "../../locales/nn/catalog.json";
import nnCommon from "../../locales/nn/common.json";
import nnPages from "../../locales/nn/pages.json";
import enNotifications from "../../locales/en/notifications.json";
import nbNotifications from "../../locales/nb/notifications.json";
import nnNotifications from "../../locales/nn/notifications.json";
import enMessages from "../../locales/en/messages.json";
import nbMessages from "../../locales/nb/messages.json";
import nnMessages from "../../locales/nn/messages.json";

export const resources = {
  nb: { account: nbAccount, apply: nbApply, applications: nbApplications, auth: nbAuth, employee: nbEmployee, common: nbCommon, catalog: nbCatalog, pages: nbPages, notifications: nbNotifications, messages: nbMessages },
  nn: { account: nnAccount, apply: nnApply, applications: nnApplications, auth: nnAuth, employee: nnEmployee, common: nnCommon, catalog: nnCatalog, pages: nnPages, notifications: nnNotifications, messages: nnMessages },
  en: { account: enAccount, apply: enApply, applications: enApplications, auth: enAuth, employee: enEmployee, common: enCommon, catalog: enCatalog, pages: enPages, notifications: enNotifications, messages: enMessages },
};
