import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/utils/meta";
import { Link, useLoaderData } from "@remix-run/react";
import { Heading, Paragraph, Tag } from "~/components/ds";
import { useTranslation } from "react-i18next";
import { getPublicContext } from "~/.server/request";
import { getService } from "~/.server/services/catalog";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RichText } from "~/components/rich-text";
import { ServiceCardList } from "~/components/service-card";
import { useRootData } from "~/root";
import { formatDate } from "~/utils/dates";

const sectionOrder = [
  "whatIs",
  "whoFor",
  "criteria",
  "expect",
  "expectedOfYou",
  "howToApply",
  "cost",
  "processingTime",
  "legalBasis",
] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, municipality, locale } = await getPublicContext(request);
  const slug = params.slug ?? "";
  const service = /^[a-z0-9-]{1,80}$/.test(slug) ? await getService(db, municipality.id, locale, slug) : null;
  if (!service) throw new Response(null, { status: 404, statusText: "Not Found" });
  const levelModel = municipality.levelModel;
  const levels = levelModel
    ? service.levels
        .map((v) => levelModel.levels.find((l) => l.value === v))
        .filter((l) => l !== undefined)
        .map((l) => `${levelModel.name[locale]} ${l.value}: ${l.label[locale]}`)
    : [];
  return {
    service: { ...service, publishedAt: service.publishedAt.toISOString() },
    levels,
    locale,
    title: `${service.title} – ${municipality.name}`,
  };
}

export const meta: MetaFunction<typeof loader> = (args) =>
  pageMeta(args, args.data?.title, args.data?.service.summary);

export default function ServicePage() {
  const { service, levels, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalog");
  const contact = useRootData()?.municipality.contact;
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
        <Heading level={1} data-size="xl">
          {service.title}
        </Heading>
        <Paragraph className="lead">{service.summary}</Paragraph>
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
          <nav aria-labelledby="innhold">
            <Heading level={2} data-size="xs" id="innhold">
              {t("service.contents")}
            </Heading>
            <ol className="toc">
              {sectionOrder.map((key) => (
                <li key={key}>
                  <a href={`#${key}`}>{t(`sections.${key}`)}</a>
                </li>
              ))}
            </ol>
          </nav>
          {sectionOrder.map((key) => (
            <section key={key} id={key} aria-labelledby={`${key}-overskrift`} className="service-section stack-sm">
              <Heading level={2} data-size="md" id={`${key}-overskrift`}>
                {t(`sections.${key}`)}
              </Heading>
              <RichText text={service.sections[key]} />
            </section>
          ))}
          <Paragraph data-size="sm">
            {t("service.updated", { date: formatDate(service.publishedAt, locale), version: service.version })}
          </Paragraph>
        </div>

        <aside className="service-aside stack-sm" aria-labelledby="kontakt">
          <Heading level={2} data-size="sm" id="kontakt">
            {t("service.contactHeading")}
          </Heading>
          <Paragraph>{t("service.contactBody")}</Paragraph>
          {contact ? (
            <Paragraph>
              <strong>{contact.unit}</strong>
              <br />
              {t("service.phone")}: <a href={`tel:${contact.phone.replace(/\s/g, "")}`}>{contact.phone}</a>
              <br />
              {t("service.email")}: <a href={`mailto:${contact.email}`}>{contact.email}</a>
              <br />
              {contact.openingHours}
            </Paragraph>
          ) : null}
          <Paragraph>
            <a href="#howToApply">{t("service.howToApplyLink")}</a>
          </Paragraph>
        </aside>
      </div>

      {service.related.length > 0 ? (
        <section aria-labelledby="relaterte" className="stack-sm">
          <Heading level={2} data-size="md" id="relaterte">
            {t("service.related")}
          </Heading>
          <ServiceCardList services={service.related} />
        </section>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
