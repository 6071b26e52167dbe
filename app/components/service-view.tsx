import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { LevelModel, Municipality, ServiceSections } from "../../db/schema";
import { Heading, Paragraph, Tag } from "~/components/ds";
import { RichText } from "~/components/rich-text";
import { ServiceCardList } from "~/components/service-card";
import type { Language } from "~/i18n/config";
import { useRootData } from "~/root";
import { serviceSectionKeys } from "~/utils/catalog";
import { formatDate } from "~/utils/dates";

// A service description as residents see it. The public page (/tjenester/:slug) and the editor's
// preview and history show the same markup, so what an editor checks is what residents get.

export const sectionOrder = serviceSectionKeys;

export type ServiceViewData = {
  slug: string;
  category: string;
  title: string;
  summary: string;
  sections: ServiceSections;
  version: number;
  /** ISO 8601. */
  publishedAt: string;
  related: { slug: string; title: string; summary: string }[];
};

export type ServiceContact = { unit: string; phone: string; email: string; openingHours: string };

/** The municipality's level labels for a service ("Trinn 2: Trenger bistand"), in one language. */
export function levelLabels(levelModel: LevelModel, levels: number[], locale: Language): string[] {
  if (!levelModel) return [];
  return levels
    .map((v) => levelModel.levels.find((l) => l.value === v))
    .filter((l) => l !== undefined)
    .map((l) => `${levelModel.name[locale]} ${l.value}: ${l.label[locale]}`);
}

/** Everything ServiceView needs for a text in `locale`, whatever the page's own language. */
export function serviceViewProps(
  municipality: Pick<Municipality, "levelModel" | "contact">,
  locale: Language,
  service: { slug: string; category: string; levels: number[] },
  text: { title: string; summary: string; sections: ServiceSections; version: number; publishedAt: Date; related: ServiceViewData["related"] },
) {
  const { contact } = municipality;
  return {
    locale,
    service: {
      slug: service.slug,
      category: service.category,
      title: text.title,
      summary: text.summary,
      sections: text.sections,
      version: text.version,
      publishedAt: text.publishedAt.toISOString(),
      related: text.related,
    } satisfies ServiceViewData,
    levels: levelLabels(municipality.levelModel, service.levels, locale),
    contact: {
      unit: contact.unit[locale],
      phone: contact.phone,
      email: contact.email,
      openingHours: contact.openingHours[locale],
    } satisfies ServiceContact,
  };
}

type Props = {
  service: ServiceViewData;
  levels: string[];
  /** The language of the text. Headings and labels follow it, not the page's language. */
  locale: Language;
  /** The municipality's contact details in `locale`; the page's own (from the root loader) when left out. */
  contact?: ServiceContact | null;
  /** The catalog namespace in `locale`, when that is not the page's language (the browser has only the page's). */
  catalogTexts?: Record<string, unknown>;
  /** The level of the title; sections are one level below. 1 on the public page. */
  headingLevel?: 1 | 2;
  /** Prefix for element ids, so more than one view fits on a page. */
  idPrefix?: string;
  /** Where "Søk om denne tjenesten" goes (the public page only; none in the editor's preview). */
  applyHref?: string;
};

export function ServiceView({ service, levels, locale, contact, catalogTexts, headingLevel = 1, idPrefix = "", applyHref }: Props) {
  const { t: pageT, i18n } = useTranslation("catalog");
  const { t: applyT } = useTranslation("apply");
  if (catalogTexts && !i18n.hasResourceBundle(locale, "catalog")) i18n.addResourceBundle(locale, "catalog", catalogTexts);
  const t = locale === i18n.language ? pageT : i18n.getFixedT(locale, "catalog");
  const rootContact = useRootData()?.municipality.contact;
  const shownContact = contact === undefined ? rootContact : contact;
  const sub = (headingLevel + 1) as 2 | 3;
  const id = (name: string) => `${idPrefix}${name}`;
  return (
    <article className="stack">
      <nav aria-label={t("service.breadcrumbs")}>
        <ol className="plain-list">
          <li>
            <Link to="/">{t("service.home")}</Link>
            <span aria-hidden="true"> › </span>
          </li>
          <li>
            <Link to="/tjenester">{t("catalog.heading")}</Link>
            <span aria-hidden="true"> › </span>
          </li>
          <li>
            <Link to={`/tjenester?kategori=${service.category}`}>{t(`categories.${service.category}`)}</Link>
          </li>
        </ol>
      </nav>
      <div className="stack-sm">
        <Heading level={headingLevel} data-size="xl">
          {service.title}
        </Heading>
        <Paragraph className="lead">{service.summary}</Paragraph>
        {applyHref ? (
          <div className="stack-sm">
            <Paragraph>
              {/* A document link: logging in leaves the app for ID-porten and comes back here. */}
              <a className="ds-button" data-variant="primary" href={applyHref}>
                {applyT("applyForThis")}
              </a>
            </Paragraph>
            <Paragraph data-size="sm">{applyT("applyForThisHelp")}</Paragraph>
          </div>
        ) : null}
        {levels.length > 0 ? (
          <ul className="tags" aria-label={t("service.levelsLabel")}>
            {levels.map((l) => (
              <li key={l}>
                <Tag data-color="accent">{l}</Tag>
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <div className="service-layout">
        <div className="stack">
          <nav aria-labelledby={id("innhold")}>
            <Heading level={sub} data-size="xs" id={id("innhold")}>
              {t("service.contents")}
            </Heading>
            <ol className="toc">
              {sectionOrder.map((key) => (
                <li key={key}>
                  <a href={`#${id(key)}`}>{t(`sections.${key}`)}</a>
                </li>
              ))}
            </ol>
          </nav>
          {sectionOrder.map((key) => (
            <section key={key} id={id(key)} aria-labelledby={id(`${key}-overskrift`)} className="service-section stack-sm">
              <Heading level={sub} data-size="md" id={id(`${key}-overskrift`)}>
                {t(`sections.${key}`)}
              </Heading>
              <RichText text={service.sections[key]} />
              {key === "howToApply" && applyHref ? (
                <Paragraph>
                  <a href={applyHref}>{applyT("applyForThis")}</a>
                </Paragraph>
              ) : null}
            </section>
          ))}
          <Paragraph data-size="sm">
            {t("service.updated", { date: formatDate(service.publishedAt, locale), version: service.version })}
          </Paragraph>
        </div>

        <aside className="service-aside stack-sm" aria-labelledby={id("kontakt")}>
          <Heading level={sub} data-size="sm" id={id("kontakt")}>
            {t("service.contactHeading")}
          </Heading>
          <Paragraph>{t("service.contactBody")}</Paragraph>
          {shownContact ? (
            <Paragraph>
              <strong>{shownContact.unit}</strong>
              <br />
              {t("service.phone")}: <a href={`tel:${shownContact.phone.replace(/\s/g, "")}`}>{shownContact.phone}</a>
              <br />
              {t("service.email")}: <a href={`mailto:${shownContact.email}`}>{shownContact.email}</a>
              <br />
              {shownContact.openingHours}
            </Paragraph>
          ) : null}
          <Paragraph>
            <a href={`#${id("howToApply")}`}>{t("service.howToApplyLink")}</a>
          </Paragraph>
        </aside>
      </div>

      {service.related.length > 0 ? (
        <section aria-labelledby={id("relaterte")} className="stack-sm">
          <Heading level={sub} data-size="md" id={id("relaterte")}>
            {t("service.related")}
          </Heading>
          <ServiceCardList services={service.related} headingLevel={(sub + 1) as 3 | 4} />
        </section>
      ) : null}
    </article>
  );
}
