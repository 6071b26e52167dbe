import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getAppealContext, latestPortalAppeal } from "~/.server/applications/appeal";
import { formatFileSize, serviceTitles, servicesPhrase } from "~/.server/applications/view";
import { listDocumentsForPerson } from "~/.server/documents/store";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AppealAnswers } from "~/components/appeal-answers";
import appealCss from "~/styles/appeal.css?url";
import applicationsCss from "~/styles/applications.css?url";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";

// The receipt (kvittering) for the appeal the resident sent through the portal: what was sent,
// the reference, when (Norwegian time) and what happens next. 404 when there is none.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: applicationsCss },
  { rel: "stylesheet", href: appealCss },
];

const text = (payload: Record<string, unknown>, key: string) => (typeof payload[key] === "string" ? (payload[key] as string) : "");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const { item } = await getAppealContext(db, {
    actorPersonId: session.person.id,
    subjectPersonId: session.person.id,
    municipalityId: municipality.id,
    applicationId: params.id ?? "",
  });
  const appeal = latestPortalAppeal(item);
  if (!appeal) throw new Response(null, { status: 404, statusText: "Not Found" });
  const titles = await serviceTitles(db, municipality.id, locale);
  const attachments = (
    await listDocumentsForPerson(db, { actorPersonId: session.person.id, subjectPersonId: session.person.id }, { applicationIds: [item.application.id] })
  ).filter((d) => d.applicationEventId === appeal.id);
  const payload = appeal.payload ?? {};
  const services = Array.isArray(payload.services) ? payload.services.filter((s): s is string => typeof s === "string") : [];
  return {
    title: `${getFixedT(locale, "applications")("appealReceipt.title")} – ${municipality.name}`,
    application: {
      id: item.application.id,
      reference: item.application.reference,
      services: servicesPhrase(item.application.serviceSlugs, titles, locale),
    },
    name: `${session.person.givenName} ${session.person.familyName}`,
    sentAt: formatDateTime(appeal.occurredAt, locale),
    sentAtIso: appeal.occurredAt.toISOString(),
    appeal: {
      services: services.map((s) => titles.get(s) ?? s),
      disagreement: text(payload, "disagreement"),
      reasons: text(payload, "reasons"),
      wish: text(payload, "wish"),
      attachments: attachments.map((d) => ({ id: d.id, filename: d.filename, size: formatFileSize(d.size, locale) })),
    },
    contact: {
      unit: municipality.contact.unit[locale],
      phone: municipality.contact.phone,
      address: municipality.contact.address,
      openingHours: municipality.contact.openingHours[locale],
    },
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);


export default function AppealReceipt() {
  const { application: a, appeal, contact: c, sentAt, sentAtIso, name } = useLoaderData<typeof loader>();
  const { t } = useTranslation("applications");
  return (
    <div className="stack">
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("appealReceipt.title")}
        </Heading>
        <div className="ds-alert" data-color="success">
          <Paragraph>{t("appealReceipt.received")}</Paragraph>
        </div>
        <dl className="facts">
          <div>
            <dt>{t("reference")}</dt>
            <dd>{a.reference}</dd>
          </div>
          <div>
            <dt>{t("appealReceipt.sentAt")}</dt>
            <dd>
              <time dateTime={sentAtIso}>{sentAt}</time>
            </dd>
          </div>
          <div>
            <dt>{t("appealReceipt.sentBy")}</dt>
            <dd>{name}</dd>
          </div>
        </dl>
      </div>

      <section aria-labelledby="neste" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="neste">
          {t("appealReceipt.nextHeading")}
        </Heading>
        <ol className="ds-list steps">
          <li>{t("appealReceipt.next.reconsider")}</li>
          <li>{t("appealReceipt.next.changed")}</li>
          <li>{t("appealReceipt.next.forwarded")}</li>
        </ol>
        <Paragraph>{t("appealReceipt.next.follow")}</Paragraph>
        <Paragraph>{t("appealReceipt.documents", { unit: c.unit, address: c.address, reference: a.reference })}</Paragraph>
        <Paragraph>
          {t("appealReceipt.questions", { unit: c.unit, phone: c.phone, hours: c.openingHours, reference: a.reference })}
        </Paragraph>
      </section>

      <section aria-labelledby="sendt" className="stack-sm">
        <Heading level={2} data-size="md" id="sendt">
          {t("appealReceipt.whatYouSent")}
        </Heading>
        <AppealAnswers
          application={a}
          services={appeal.services.map((s) => ({ key: s, label: s }))}
          disagreement={appeal.disagreement}
          reasons={appeal.reasons}
          wish={appeal.wish}
          attachments={appeal.attachments}
        />
      </section>

      <Paragraph>
        <Link to={`/min-side/soknader/${a.id}`}>{t("appealReceipt.back")}</Link>
      </Paragraph>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
