import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/utils/meta";
import { Link, useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "~/components/ds";
import { useTranslation } from "react-i18next";
import { getPublicContext } from "~/.server/request";
import { catalog } from "~/.server/services/catalog-cache";
import { SearchForm } from "~/components/search-form";
import { ServiceCardList } from "~/components/service-card";
import { categories } from "~/utils/catalog";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, municipality, locale, t } = await getPublicContext(request);
  const popular = await catalog.popular(db, municipality.id, locale);
  return { popular, title: `${t("front.title")} – ${municipality.name}`, municipalityName: municipality.name };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function FrontPage() {
  const { popular, municipalityName } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalog");
  return (
    <div className="stack">
      <Heading level={1} data-size="xl">
        {t("front.heading", { municipality: municipalityName })}
      </Heading>
      <Paragraph className="lead">{t("front.lead")}</Paragraph>
      <SearchForm id="forside-sok" />

      <section aria-labelledby="kan-gjore" className="stack-sm">
        <Heading level={2} data-size="md" id="kan-gjore">
          {t("front.canDoHeading")}
        </Heading>
        <ul className="ds-list">
          <li>{t("front.canDo.read")}</li>
          <li>{t("front.canDo.search")}</li>
          <li>{t("front.canDo.apply")}</li>
          <li>
            <Link to="/min-side/soknader">{t("front.canDo.follow")}</Link>
          </li>
          <li>{t("front.canDo.languages")}</li>
        </ul>
      </section>

      <section aria-labelledby="mest-brukt" className="stack-sm">
        <Heading level={2} data-size="md" id="mest-brukt">
          {t("front.popularHeading")}
        </Heading>
        <ServiceCardList services={popular} />
        <Paragraph>
          <Link to="/tjenester">{t("front.allServices")}</Link>
        </Paragraph>
      </section>

      <section aria-labelledby="omrader" className="stack-sm">
        <Heading level={2} data-size="md" id="omrader">
          {t("front.categoriesHeading")}
        </Heading>
        <ul className="ds-list">
          {categories.map((c) => (
            <li key={c}>
              <Link to={`/tjenester?kategori=${c}`}>{t(`categories.${c}`)}</Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
