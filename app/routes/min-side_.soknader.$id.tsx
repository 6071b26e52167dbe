import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { submitDocumentation } from "~/.server/applications/documentation";
import { documentationCommentMax, documentationFileField, type DocumentationError } from "~/utils/documentation";
import { sentApplicationView } from "~/.server/applications/apply";
import { getApplicationForPerson, isUuid } from "~/.server/applications/queries";
import { assertCsrf } from "~/.server/auth/session";
import { listDocumentsForPerson } from "~/.server/documents/store";
import { readUploadForm } from "~/.server/documents/upload";
import { CsrfInput } from "~/components/auth";
import { Button } from "~/components/ds";
import { serviceTitles, toDetail } from "~/.server/applications/view";
import { requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { threadsForApplication } from "~/.server/messages/resident";
import { ApplicationMessages } from "~/components/application-messages";
import { Appeal, Decision, Paragraphs, Services, Timeline } from "~/components/application-view";
import { SentApplicationSection } from "~/components/application-answers";
import { Heading, Paragraph, Tag } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import applicationsCss from "~/styles/applications.css?url";
import applyCss from "~/styles/apply.css?url";
import { stageColour } from "~/utils/applications";
import { pageMeta } from "~/utils/meta";
import { FileField } from "~/components/file-field";
import { ErrorSummary } from "~/components/error-summary";
import { TextAreaField } from "~/components/text-area-field";
import { useFocusWhen } from "~/utils/focus";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: applicationsCss },
  { rel: "stylesheet", href: applyCss },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const [item, titles] = await Promise.all([
    getApplicationForPerson(db, {
      actorPersonId: session.person.id,
      subjectPersonId: session.person.id,
      municipalityId: municipality.id,
      applicationId: params.id ?? "",
    }),
    serviceTitles(db, municipality.id, locale),
  ]);
  const [documents, sentAnswers, threads] = await Promise.all([
    listDocumentsForPerson(db, { actorPersonId: session.person.id, subjectPersonId: session.person.id }, { applicationIds: [item.application.id] }),
    sentApplicationView(db, item.application, titles, locale),
    threadsForApplication(
      db,
      { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id },
      item.application.id,
    ),
  ]);
  const application = toDetail(item, titles, locale, new Date(), municipality, documents);
  const t = getFixedT(locale, "applications");
  // Service names are fine in the title; never reasoning or other case content.
  return {
    title: `${t("applicationFor", { services: application.services })} – ${municipality.name}`,
    application,
    sentAnswers,
    threads: threads.map((th) => ({ id: th.id, reference: th.reference, subject: th.subject, state: th.state, unread: th.unread > 0 })),
    csrfToken: session.csrfToken,
    /** A new key each time the page is shown: sending the same documentation twice stores it once. */
    formKey: crypto.randomUUID(),
    sent: new URL(request.url).searchParams.get("sendt") === "dokumentasjon",
  };
}

type DocumentationResult = { errors: DocumentationError[]; comment: string; formKey: string; noRequest?: boolean };

/** The resident answers a documentation request with files (multipart; works without JavaScript). */
export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireResident(request);
  const { form, files } = await readUploadForm(request, { fileFields: [documentationFileField] });
  assertCsrf(form, session);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const sentKey = form.get("key");
  const formKey = isUuid(sentKey) ? sentKey : crypto.randomUUID();
  const comment = typeof form.get("comment") === "string" ? String(form.get("comment")) : "";
  const result = await submitDocumentation(db, {
    scope: {
      actorPersonId: session.person.id,
      subjectPersonId: session.person.id,
      municipalityId: municipality.id,
      applicationId: params.id ?? "",
    },
    actor: { personId: session.person.id, name: `${session.person.givenName} ${session.person.familyName}` },
    formKey,
    comment,
    files,
  });
  if (result.ok) return redirect(`/min-side/soknader/${params.id}?sendt=dokumentasjon#dokumentasjon-sendt`, 303);
  if (result.reason === "invalid_key") throw new Response(null, { status: 400, statusText: "Bad Request" });
  if (result.reason === "no_request") return data<DocumentationResult>({ errors: [], comment, formKey, noRequest: true }, { status: 409 });
  return data<DocumentationResult>({ errors: result.reason === "invalid" ? result.errors : [], comment, formKey }, { status: 400 });
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

type Detail = ReturnType<typeof useLoaderData<typeof loader>>["application"];

function errorText(e: DocumentationError, t: (key: string, values?: Record<string, unknown>) => string) {
  if (e.key === "noFiles") return t("documentation.errors.noFiles");
  if (e.key === "comment") return t("documentation.errors.comment", { max: documentationCommentMax });
  return t(`upload.errors.${e.key}`, { file: e.file });
}

function DocumentationForm({ loaded, result }: { loaded: Loaded; result: DocumentationResult | undefined }) {
  const { t } = useTranslation("applications");
  const navigation = useNavigation();
  const errors = result?.errors ?? [];
  const fileErrors = errors.filter((e) => e.field === "files");
  const commentError = errors.find((e) => e.field === "comment");
  return (
    <Form method="post" encType="multipart/form-data" className="stack-sm" noValidate>
      <Heading level={3} data-size="xs">
        {t("documentation.formHeading")}
      </Heading>
      {errors.length > 0 ? (
        // Shown again with errors (a new mount, see the key where it is used): the summary gets focus.
        <ErrorSummary
          level={4}
          heading={t("documentation.errorSummary")}
          items={errors.map((e) => ({ field: e.field === "comment" ? "kommentar" : "filer", message: errorText(e, t) }))}
        />
      ) : null}
      <CsrfInput token={loaded.csrfToken} />
      <input type="hidden" name="key" value={result?.formKey ?? loaded.formKey} />
      <FileField
        id="filer"
        name={documentationFileField}
        label={t("documentation.files")}
        help={`${t("documentation.filesHelp")} ${t("upload.types")}`}
        error={fileErrors.length > 0 ? fileErrors.map((e) => errorText(e, t)).join(" ") : undefined}
        required
      />
      <TextAreaField
        id="kommentar"
        name="comment"
        label={t("documentation.comment")}
        help={t("documentation.commentHelp", { max: documentationCommentMax })}
        rows={3}
        defaultValue={result?.comment ?? ""}
        error={commentError ? errorText(commentError, t) : undefined}
      />
      <div>
        <Button type="submit" aria-disabled={navigation.state === "submitting" || undefined}>
          {t("documentation.send")}
        </Button>
      </div>
    </Form>
  );
}

function DocumentationRequest({ a, loaded, result }: { a: Detail; loaded: Loaded; result: DocumentationResult | undefined }) {
  const { t } = useTranslation("applications");
  const request = a.openDocumentationRequest;
  if (!request) return null;
  const c = a.contact;
  return (
    <section className="ds-alert stack-sm" data-color="warning" aria-labelledby="dokumentasjon">
      <Heading level={2} data-size="md" id="dokumentasjon">
        {t("documentation.heading")}
      </Heading>
      <Paragraph>{t("documentation.intro", { date: request.requestedOn })}</Paragraph>
      {request.description ? (
        <blockquote className="stack-sm">
          <Paragraphs text={request.description} />
        </blockquote>
      ) : null}
      {request.dueDate ? (
        <Paragraph>
          <strong>
            {request.overdue
              ? t("documentation.overdue", { date: request.dueDate })
              : t("documentation.due", { date: request.dueDate })}
          </strong>
        </Paragraph>
      ) : null}
      <DocumentationForm key={result ? `${result.formKey}-${JSON.stringify(result.errors)}` : loaded.formKey} loaded={loaded} result={result} />
      <Heading level={3} data-size="xs">
        {t("documentation.otherWays")}
      </Heading>
      <ul className="ds-list steps">
        <li>{t("documentation.byPost", { unit: c.unit, address: c.address, reference: a.reference })}</li>
        <li>{t("documentation.byPhone", { unit: c.unit, phone: c.phone, hours: c.openingHours })}</li>
      </ul>
    </section>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function Status({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  return (
    <section aria-labelledby="status" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="status">
        {t("detail.statusHeading")}
      </Heading>
      <Paragraph>
        <Tag data-color={stageColour(a.stage)}>{t(`stage.${a.stage}`)}</Tag>
      </Paragraph>
      <Paragraph>
        {a.nextStep.key === "sendDocumentation" && !a.nextStep.date
          ? t("nextStep.sendDocumentationNoDate")
          : t(`nextStep.${a.nextStep.key}`, { date: a.nextStep.date, unit: a.contact.unit })}
      </Paragraph>
      <Paragraph data-size="sm">{t("detail.whatIsDecision")}</Paragraph>
    </section>
  );
}

function Disagree({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  const deadline = a.deadlines.appealDeadline;
  if (!a.decision || a.appeal || !deadline) return null;
  const c = a.contact;
  return (
    <section aria-labelledby="uenig" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="uenig">
        {t("disagree.heading")}
      </Heading>
      {a.deadlines.appealOpen ? (
        <>
          <Paragraph>
            <strong>{t("disagree.open", { date: deadline.date })}</strong>
          </Paragraph>
          <Paragraph>{t("disagree.online")}</Paragraph>
          <Paragraph>
            <Link className="ds-button" data-variant="primary" to={`/min-side/soknader/${a.id}/klage`}>
              {t("disagree.onlineLink")}
            </Link>
          </Paragraph>
          <Heading level={3} data-size="xs">
            {t("disagree.howHeading")}
          </Heading>
          <ol className="ds-list steps">
            <li>{t("disagree.steps.what")}</li>
            <li>{t("disagree.steps.sign", { reference: a.reference })}</li>
            <li>{t("disagree.steps.send", { unit: c.unit, address: c.address, date: deadline.date })}</li>
          </ol>
          <Paragraph>{t("disagree.help", { unit: c.unit, phone: c.phone })}</Paragraph>
          <Paragraph>{t("disagree.afterwards")}</Paragraph>
        </>
      ) : (
        <>
          <Paragraph>{t("disagree.closed", { date: deadline.date })}</Paragraph>
          <ul className="ds-list steps">
            <li>{t("disagree.options.late")}</li>
            <li>{t("disagree.options.newApplication")}</li>
            <li>{t("disagree.options.talk", { unit: c.unit, phone: c.phone })}</li>
            <li>{t("disagree.options.ombud")}</li>
          </ul>
        </>
      )}
    </section>
  );
}

function Deadlines({ a }: { a: Detail }) {
  const { t } = useTranslation("applications");
  const { preliminaryReplyDue, expectedDecisionBy, appealDeadline, appealOpen } = a.deadlines;
  if (!preliminaryReplyDue && !expectedDecisionBy && !appealDeadline) return null;
  const unit = a.contact.unit;
  return (
    <section aria-labelledby="frister" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="frister">
        {t("deadlines.heading")}
      </Heading>
      {preliminaryReplyDue || expectedDecisionBy ? (
        <>
          <Heading level={3} data-size="xs">
            {t("deadlines.replyHeading")}
          </Heading>
          <Paragraph>{t("deadlines.replyLaw")}</Paragraph>
          {preliminaryReplyDue ? (
            preliminaryReplyDue.overdue ? (
              <div className="ds-alert" data-color="warning">
                <Paragraph>{t("deadlines.preliminaryOverdue", { date: preliminaryReplyDue.date, unit })}</Paragraph>
              </div>
            ) : (
              <Paragraph>{t("deadlines.preliminaryDue", { date: preliminaryReplyDue.date })}</Paragraph>
            )
          ) : null}
          {expectedDecisionBy ? (
            expectedDecisionBy.overdue ? (
              <div className="ds-alert" data-color="warning">
                <Paragraph>{t("deadlines.expectedOverdue", { date: expectedDecisionBy.date, unit })}</Paragraph>
              </div>
            ) : (
              <Paragraph>{t("deadlines.expected", { date: expectedDecisionBy.date })}</Paragraph>
            )
          ) : null}
        </>
      ) : null}
      {appealDeadline ? (
        <>
          <Heading level={3} data-size="xs">
            {t("deadlines.appealHeading")}
          </Heading>
          <Paragraph>
            {t(appealDeadline.rule === "fvl" ? "deadlines.appealLawFvl" : appealDeadline.rule === "mixed" ? "deadlines.appealLawMixed" : "deadlines.appealLaw")}
          </Paragraph>
          {appealDeadline.rule === "mixed" ? (
            <ul className="ds-list">
              {appealDeadline.byService.map((d) => (
                <li key={d.service}>{t(`deadlines.appealLine.${d.rule}`, { service: d.service, date: d.date })}</li>
              ))}
            </ul>
          ) : null}
          <Paragraph>
            {a.appeal
              ? t("deadlines.appealUsed", { date: appealDeadline.date })
              : appealOpen
                ? t("deadlines.appealOpen", { date: appealDeadline.date, decided: appealDeadline.decidedOn })
                : t("deadlines.appealClosed", { date: appealDeadline.date })}
          </Paragraph>
        </>
      ) : null}
    </section>
  );
}

export default function ApplicationPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as DocumentationResult | undefined;
  const { application: a } = loaded;
  const { t } = useTranslation("applications");
  const c = a.contact;
  const sentRef = useRef<HTMLDivElement>(null);
  useFocusWhen(sentRef, Boolean(loaded.sent), []);
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/min-side/soknader">{t("detail.back")}</Link>
      </Paragraph>
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("applicationFor", { services: a.services })}
        </Heading>
        <dl className="facts">
          <div>
            <dt>{t("reference")}</dt>
            <dd>{a.reference}</dd>
          </div>
          {a.receivedOn ? (
            <div>
              <dt>{t("list.received")}</dt>
              <dd>{a.receivedOn}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t("detail.channelLabel")}</dt>
            <dd>{t(`detail.channel.${a.channel}`)}</dd>
          </div>
        </dl>
      </div>

      {loaded.sent && !result ? (
        <div className="ds-alert" data-color="success" role="status" id="dokumentasjon-sendt" tabIndex={-1} ref={sentRef}>
          <Paragraph>{t("documentation.sent")}</Paragraph>
        </div>
      ) : null}
      {result?.noRequest ? (
        <div className="ds-alert" data-color="warning" role="alert">
          <Paragraph>{t("documentation.errors.noRequest")}</Paragraph>
        </div>
      ) : null}
      <DocumentationRequest a={a} loaded={loaded} result={result} />
      <Status a={a} />
      <Decision a={a} documentBase="/min-side/dokumenter" />
      <Appeal a={a} />
      {a.appeal && a.timeline.some((e) => e.type === "appeal_received" && e.source === "portal") ? (
        <Paragraph>
          <Link to={`/min-side/soknader/${a.id}/klage/kvittering`}>{t("appeal.seeReceipt")}</Link>
        </Paragraph>
      ) : null}
      <Disagree a={a} />
      <Services a={a} />
      <Deadlines a={a} />

      {loaded.sentAnswers ? <SentApplicationSection sent={loaded.sentAnswers} documentBase="/min-side/dokumenter" /> : null}

      <Timeline heading={t("timeline.heading")} timeline={a.timeline} services={a.services} documentBase="/min-side/dokumenter" />

      <ApplicationMessages threads={loaded.threads} applicationId={a.id} side="resident" />

      <section aria-labelledby="sporsmal" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="sporsmal">
          {t("contact.heading")}
        </Heading>
        <Paragraph>{t("contact.body", { unit: c.unit, phone: c.phone, hours: c.openingHours, reference: a.reference })}</Paragraph>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
