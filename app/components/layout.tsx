import { Link as RemixLink, useLocation } from "@remix-run/react";
import { Heading, Paragraph, SkipLink } from "~/components/ds";
import { useTranslation } from "react-i18next";
import { supportedLanguages } from "~/i18n/config";
import { LogoutButton } from "./auth";
import { useRootData } from "~/root";

const languageNames = { nb: "Bokmål", nn: "Nynorsk", en: "English" } as const;

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const back = `${location.pathname}${location.search}`;
  return (
    <nav className="language-switch" aria-label={t("layout.languageSwitch")}>
      <ul>
        {supportedLanguages.map((lng) => (
          <li key={lng}>
            <a
              href={`/sprak?lng=${lng}&til=${encodeURIComponent(back)}`}
              lang={lng}
              hrefLang={lng}
              aria-current={i18n.language === lng ? "true" : undefined}
            >
              {languageNames[lng]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function SiteHeader() {
  const { t } = useTranslation();
  const data = useRootData();
  const staffPage = useLocation().pathname.startsWith("/saksbehandler");
  return (
    <header className="site-header">
      <SkipLink href="#hovedinnhold">{t("layout.skipLink")}</SkipLink>
      <div className="page-width site-header__bar">
        <RemixLink to="/" className="brand">
          <span className="brand__municipality">{data?.municipality.name}</span>
          <span className="brand__portal">{t("layout.portalName")}</span>
        </RemixLink>
        <nav className="site-nav" aria-label={t("layout.mainMenu")}>
          <ul>
            <li>
              <RemixLink to="/">{t("layout.nav.home")}</RemixLink>
            </li>
            <li>
              <RemixLink to="/tjenester">{t("layout.nav.services")}</RemixLink>
            </li>
            {/* The staff pages have their own login and bar; the residents' links would only confuse there. */}
            {staffPage ? null : data?.resident ? (
              <li>
                <RemixLink to="/min-side">{t("auth:header.mySide")}</RemixLink>
              </li>
            ) : (
              <li>
                <a href="/logg-inn">{t("auth:header.login")}</a>
              </li>
            )}
          </ul>
        </nav>
        {data?.resident && !staffPage ? <LogoutButton action="/logg-ut" csrfToken={data.resident.csrfToken} /> : null}
        <LanguageSwitch />
      </div>
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  const contact = useRootData()?.municipality.contact;
  return (
    <footer className="site-footer">
      <div className="page-width site-footer__grid">
        {contact ? (
          <section aria-labelledby="footer-contact">
            <Heading level={2} data-size="xs" id="footer-contact">
              {t("layout.footer.contactHeading")}
            </Heading>
            <address>
              <Paragraph>{contact.unit}</Paragraph>
              <Paragraph>
                {t("layout.footer.phone")}: <a href={`tel:${contact.phone.replace(/\s/g, "")}`}>{contact.phone}</a>
                <br />
                {t("layout.footer.email")}: <a href={`mailto:${contact.email}`}>{contact.email}</a>
                <br />
                {contact.openingHours}
              </Paragraph>
              <Paragraph>{contact.address}</Paragraph>
            </address>
          </section>
        ) : null}
        <nav aria-labelledby="footer-about">
          <Heading level={2} data-size="xs" id="footer-about">
            {t("layout.footer.aboutHeading")}
          </Heading>
          <ul className="stack-sm" style={{ listStyle: "none", padding: 0 }}>
            <li>
              <RemixLink to="/tilgjengelighet">{t("layout.footer.accessibility")}</RemixLink>
            </li>
            <li>
              <RemixLink to="/personvern">{t("layout.footer.privacy")}</RemixLink>
            </li>
          </ul>
        </nav>
        <section aria-labelledby="footer-emergency">
          <Heading level={2} data-size="xs" id="footer-emergency">
            {t("layout.footer.emergencyHeading")}
          </Heading>
          <Paragraph>{t("layout.footer.emergency")}</Paragraph>
        </section>
      </div>
    </footer>
  );
}
