import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { sentApplication } from "~/.server/applications/apply";
import { getApplicationForPerson } from "~/.server/applications/queries";
import { serviceTitles } from "~/.server/applications/view";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import applyCss from "~/styles/apply.css?url";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";

// The receipt (kvittering) for an application sent in the portal: the reference, when it was
// sent, what happens next, the PDF copy and the way to follow it. Someone else's application, or
// one registered by the case system (no copy), is a 404.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: applyCss }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const { application } = await getApplicationForPerson(db, {
    actorPersonId: session.person.id,
    subjectPersonId: session.person.id,
    municipalityId: municipality.id,
    applicationId: params.id ?? "",
  });
  const sent = await sentApplication(db, application.id);
  if (application.channel !== "portal" || !sent.copy) throw new Response(null, { status: 404, statusText: "Not Found" });
  const titles = await serviceTitles(db, municipality.id, locale);
  return {
    title: `${getFixedT(locale, "apply")("receipt.title")} – ${municipality.name}`,
    id: application.id,
    reference: application.reference,
    sentAt: formatDateTime(application.createdAt, locale),
    services: application.serviceSlugs.map((s) => titles.get(s) ?? s),
    copyId: sent.copy.id,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function ApplicationReceipt() {
  const r = useLoaderData<typeof loader>();
  const { t } = useTranslation("apply");
  return (
    <div className="stack">
      <div className="ds-alert" data-color="success">
        <Heading level={1} data-size="lg">
          {t("receipt.title")}
        </Heading>
        <Paragraph>{t("receipt.lead")}</Paragraph>
      </div>
      <dl className="answers-list">
        <div>
          <dt>{t("receipt.reference")}</dt>
          <dd>{r.reference}</dd>
        </div>
        <div>
          <dt>{t("receipt.sentAt")}</dt>
          <dd>{r.sentAt}</dd>
        </div>
        <div>
          <dt>{t("receipt.services")}</dt>
          <dd>
            <ul className="ds-list">
              {r.services.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <Paragraph>
        <a href={`/min-side/dokumenter/${r.copyId}`}>{t("receipt.copy")}</a>
      </Paragraph>
      <section aria-labelledby="hva-skjer" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="hva-skjer">
          {t("receipt.nextHeading")}
        </Heading>
        <ol className="ds-list">
          <li>{t("receipt.next1")}</li>
          <li>{t("receipt.next2")}</li>
          <li>{t("receipt.next3")}</li>
          <li>{t("receipt.next4")}</li>
        </ol>
      </section>
      <ul className="ds-list">
        <li>
          <Link to={`/min-side/soknader/${r.id}`}>{t("receipt.follow")}</Link>
        </li>
        <li>
          <Link to="/min-side/soknader">{t("receipt.all")}</Link>
        </li>
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
