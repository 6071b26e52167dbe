import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createDraft, listOpenDrafts } from "~/.server/applications/apply";
import { servicesPhrase } from "~/.server/applications/view";
import { assertCsrf, requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { catalog } from "~/.server/services/catalog-cache";
import { CsrfInput } from "~/components/auth";
import { Button, Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import applyCss from "~/styles/apply.css?url";
import { formatDate } from "~/utils/dates";
import { serviceSlugPattern } from "~/utils/applications";
import { pageMeta } from "~/utils/meta";

// The start of an online application (/min-side/soknader/ny, ?tjeneste=<slug> from a service
// page): what it takes, and a button that starts a draft (a POST, so no draft is made by merely
// opening the page). Drafts the resident has not sent are offered first.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: applyCss }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const wanted = new URL(request.url).searchParams.get("tjeneste");
  const [services, drafts] = await Promise.all([
    catalog.list(db, municipality.id, locale),
    listOpenDrafts(db, { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id }),
  ]);
  const titles = new Map(services.map((s) => [s.slug, s.title]));
  const chosen = wanted && serviceSlugPattern.test(wanted) && titles.has(wanted) ? wanted : null;
  return {
    title: `${getFixedT(locale, "apply")("start.title")} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    service: chosen ? { slug: chosen, phrase: servicesPhrase([chosen], titles, locale) } : null,
    drafts: drafts.map((d) => ({
      id: d.id,
      services: d.serviceSlugs.length ? servicesPhrase(d.serviceSlugs, titles, locale) : null,
      changedOn: formatDate(d.updatedAt, locale),
    })),
    contact: { unit: municipality.contact.unit[locale], phone: municipality.contact.phone },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireResident(request);
  const formData = await request.formData();
  assertCsrf(formData, session);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const slug = formData.get("tjeneste");
  const draft = await createDraft(
    db,
    { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id },
    { serviceSlug: typeof slug === "string" && serviceSlugPattern.test(slug) ? slug : null, locale },
  );
  return redirect(`/min-side/soknader/utkast/${draft.id}/tjenester`, 303);
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function StartApplication() {
  const loaded = useLoaderData<typeof loader>();
  const { t } = useTranslation("apply");
  const navigation = useNavigation();
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/min-side/soknader">{t("buttons.cancel")}</Link>
      </Paragraph>
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("start.title")}
        </Heading>
        <Paragraph className="lead">{t("start.intro")}</Paragraph>
        {loaded.service ? <Paragraph>{t("start.preselected", { service: loaded.service.phrase })}</Paragraph> : null}
        <Paragraph>{t("start.time")}</Paragraph>
      </div>

      {loaded.drafts.length ? (
        <section aria-labelledby="utkast" className="stack-sm">
          <Heading level={2} data-size="md" id="utkast">
            {t("start.draftsHeading")}
          </Heading>
          <Paragraph>{t("start.draftsIntro")}</Paragraph>
          <ul className="ds-list">
            {loaded.drafts.map((d) => (
              <li key={d.id}>
                <Link to={`/min-side/soknader/utkast/${d.id}`}>
                  {d.services ? t("drafts.item", { services: d.services }) : t("drafts.noServices")}
                </Link>{" "}
                – {t("drafts.changed", { date: d.changedOn })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="slik" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="slik">
          {t("start.howHeading")}
        </Heading>
        <ol className="ds-list">
          <li>{t("start.how1")}</li>
          <li>{t("start.how2")}</li>
          <li>{t("start.how3")}</li>
          <li>{t("start.how4")}</li>
        </ol>
      </section>

      <Form method="post">
        <CsrfInput token={loaded.csrfToken} />
        {loaded.service ? <input type="hidden" name="tjeneste" value={loaded.service.slug} /> : null}
        <Button type="submit" aria-disabled={navigation.state === "submitting" || undefined}>
          {t("start.startButton")}
        </Button>
      </Form>
      <Paragraph>{t("start.help", { unit: loaded.contact.unit, phone: loaded.contact.phone })}</Paragraph>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
