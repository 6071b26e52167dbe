import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { appealFileField, getAppealContext, submitAppeal } from "~/.server/applications/appeal";
import { readUploadForm } from "~/.server/documents/upload";
import { isUuid } from "~/.server/applications/queries";
import { serviceTitles, servicesPhrase } from "~/.server/applications/view";
import { assertCsrf, requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { CsrfInput } from "~/components/auth";
import { Button, Field, Heading, Label, Paragraph, ValidationMessage } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { WrittenText } from "~/components/written-text";
import appealCss from "~/styles/appeal.css?url";
import applicationsCss from "~/styles/applications.css?url";
import {
  appealTextMax,
  appealValuesFromForm,
  parseAppeal,
  type AppealField,
  type AppealFormValues,
} from "~/schemas/appeal";
import { formatDate } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";
import { AppealAnswers } from "~/components/appeal-answers";
import { FileField } from "~/components/file-field";
import { ErrorSummary } from "~/components/error-summary";
import { TextAreaField } from "~/components/text-area-field";
import { useFocusWhen } from "~/utils/focus";

// The resident's appeal (klage) against a decision: the form, a review step (the answers carried
// in hidden fields, no draft on the server) and sending, which stores an `appeal_received` event
// and goes on to the receipt. Works without JavaScript. Past the deadline, or when an appeal is
// already received, the page explains the options instead of showing a form.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: applicationsCss },
  { rel: "stylesheet", href: appealCss },
];

async function load(request: Request, id: string | undefined) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const context = await getAppealContext(db, {
    actorPersonId: session.person.id,
    subjectPersonId: session.person.id,
    municipalityId: municipality.id,
    applicationId: id ?? "",
  });
  return { session, locale, db, municipality, context };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, locale, db, municipality, context } = await load(request, params.id);
  const titles = await serviceTitles(db, municipality.id, locale);
  const { item, status, state } = context;
  const t = getFixedT(locale, "applications");
  const title = state.kind === "open" ? t("appealForm.title") : t("appealClosed.title");
  const outcomeOf = new Map(status.decision?.outcomes.map((o) => [o.service, o.outcome]) ?? []);
  return {
    title: `${title} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    /** A new key each time the form is first shown; kept through review so a double click sends once. */
    formKey: crypto.randomUUID(),
    name: `${session.person.givenName} ${session.person.familyName}`,
    application: {
      id: item.application.id,
      reference: item.application.reference,
      services: servicesPhrase(item.application.serviceSlugs, titles, locale),
    },
    state:
      state.kind === "open" || state.kind === "closed"
        ? { kind: state.kind, date: formatDate(state.deadline, locale) }
        : state.kind === "appealed"
          ? { kind: state.kind, date: state.receivedAt ? formatDate(state.receivedAt, locale) : "" }
          : { kind: state.kind, date: "" },
    portalAppeal: item.events.some((e) => e.type === "appeal_received" && e.source === "portal"),
    services: context.decidedServices.map((slug) => ({
      slug,
      title: titles.get(slug) ?? slug,
      outcome: outcomeOf.get(slug) ?? null,
    })),
    contact: {
      unit: municipality.contact.unit[locale],
      phone: municipality.contact.phone,
      address: municipality.contact.address,
      openingHours: municipality.contact.openingHours[locale],
    },
  };
}

type Errors = Partial<Record<AppealField, string>>;
/** An attachment that could not be taken, by its name, with the reason as an upload.errors key. */
type AttachmentError = { key: "too_large" | "wrong_type" | "empty" | "too_many"; file: string };
type ActionResult =
  | { step: "edit"; values: AppealFormValues; errors: Errors; formKey: string }
  | { step: "review"; values: AppealFormValues; formKey: string; attachmentErrors?: AttachmentError[] }
  | { step: "closed" };

const normalised = (values: AppealFormValues, parsed: ReturnType<typeof parseAppeal>): AppealFormValues =>
  parsed.success
    ? {
        services: parsed.data.services,
        disagreement: parsed.data.disagreement,
        reasons: parsed.data.reasons,
        wish: parsed.data.wish ?? "",
        confirmed: true,
      }
    : values;

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireResident(request);
  // The review step's form carries the attachments (multipart); the first step's is plain.
  const { form: formData, files } = await readUploadForm(request, { fileFields: [appealFileField] });
  assertCsrf(formData, session);
  const { db, municipality, context } = await load(request, params.id);
  const values = appealValuesFromForm(formData);
  const sentKey = formData.get("key");
  const formKey = isUuid(sentKey) ? sentKey : crypto.randomUUID();
  const intent = formData.get("intent");
  const closed = () => data<ActionResult>({ step: "closed" }, { status: 409 });
  const receipt = `/min-side/soknader/${context.item.application.id}/klage/kvittering`;

  if (intent === "send") {
    const parsed = parseAppeal(values, context.decidedServices);
    const attachmentErrors = files.flatMap((f) => (f.problem ? [{ key: f.problem, file: f.filename }] : []));
    // A file that cannot be taken: back to the review with the answers and what was wrong.
    if (parsed.success && attachmentErrors.length > 0 && context.state.kind === "open")
      return data<ActionResult>({ step: "review", values: normalised(values, parsed), formKey, attachmentErrors }, { status: 400 });
    if (parsed.success) {
      const result = await submitAppeal(db, {
        scope: {
          actorPersonId: session.person.id,
          subjectPersonId: session.person.id,
          municipalityId: municipality.id,
          applicationId: context.item.application.id,
        },
        actor: { personId: session.person.id, name: `${session.person.givenName} ${session.person.familyName}` },
        formKey,
        appeal: parsed.data,
        files,
      });
      if (result.ok) return redirect(receipt, 303);
      if (result.reason === "invalid_key") throw new Response(null, { status: 400, statusText: "Bad Request" });
      if (result.reason === "invalid_services")
        return data<ActionResult>({ step: "edit", values, errors: { services: "appealForm.errors.services" }, formKey }, { status: 400 });
      return closed();
    }
    if (context.state.kind !== "open") return closed();
    return data<ActionResult>({ step: "edit", values, errors: parsed.errors, formKey }, { status: 400 });
  }
  if (context.state.kind !== "open") return closed();
  if (intent === "edit") return data<ActionResult>({ step: "edit", values, errors: {}, formKey });
  const parsed = parseAppeal(values, context.decidedServices);
  if (!parsed.success) return data<ActionResult>({ step: "edit", values, errors: parsed.errors, formKey }, { status: 400 });
  return data<ActionResult>({ step: "review", values: normalised(values, parsed), formKey });
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;


function BackLink({ loaded }: { loaded: Loaded }) {
  const { t } = useTranslation("applications");
  return (
    <Paragraph data-size="sm">
      <Link to={`/min-side/soknader/${loaded.application.id}`}>{t("appealClosed.back")}</Link>
    </Paragraph>
  );
}

function ClosedPage({ loaded }: { loaded: Loaded }) {
  const { t } = useTranslation("applications");
  const { state, contact: c, application: a } = loaded;
  return (
    <div className="stack">
      <BackLink loaded={loaded} />
      <Heading level={1} data-size="xl">
        {t("appealClosed.title")}
      </Heading>
      <Paragraph>{t("appealForm.intro", { services: a.services, reference: a.reference })}</Paragraph>
      {state.kind === "no_decision" ? <Paragraph>{t("appealClosed.noDecision")}</Paragraph> : null}
      {state.kind === "appealed" ? (
        <>
          <Paragraph>{t("appealClosed.appealed", { date: state.date })}</Paragraph>
          {loaded.portalAppeal ? (
            <Paragraph>
              <Link to={`/min-side/soknader/${a.id}/klage/kvittering`}>{t("appeal.seeReceipt")}</Link>
            </Paragraph>
          ) : null}
          <Paragraph>{t("appealClosed.appealedMore", { unit: c.unit, address: c.address, reference: a.reference, phone: c.phone })}</Paragraph>
        </>
      ) : null}
      {state.kind === "closed" || state.kind === "open" ? (
        <section aria-labelledby="muligheter" className="stack-sm">
          <div className="ds-alert" data-color="warning">
            <Paragraph>{t("appealClosed.closed", { date: state.date })}</Paragraph>
          </div>
          <Heading level={2} data-size="md" id="muligheter">
            {t("appealClosed.optionsHeading")}
          </Heading>
          <ul className="ds-list steps">
            <li>{t("appealClosed.late", { unit: c.unit, address: c.address, reference: a.reference })}</li>
            <li>{t("appealClosed.talk", { unit: c.unit, phone: c.phone, hours: c.openingHours })}</li>
            <li>{t("appealClosed.newApplication")}</li>
            <li>{t("appealClosed.ombud")}</li>
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** The answers, carried from step to step in hidden fields. */
function HiddenAnswers({ values, formKey, csrfToken }: { values: AppealFormValues; formKey: string; csrfToken: string }) {
  return (
    <>
      <CsrfInput token={csrfToken} />
      <input type="hidden" name="key" value={formKey} />
      {values.services.map((s) => (
        <input key={s} type="hidden" name="services" value={s} />
      ))}
      <input type="hidden" name="disagreement" value={values.disagreement} />
      <input type="hidden" name="reasons" value={values.reasons} />
      <input type="hidden" name="wish" value={values.wish} />
      {values.confirmed ? <input type="hidden" name="confirmed" value="ja" /> : null}
    </>
  );
}

function ReviewStep({
  loaded,
  values,
  formKey,
  attachmentErrors = [],
}: {
  loaded: Loaded;
  values: AppealFormValues;
  formKey: string;
  attachmentErrors?: AttachmentError[];
}) {
  const { t } = useTranslation("applications");
  const navigation = useNavigation();
  const heading = useRef<HTMLHeadingElement>(null);
  // The error summary focuses itself (its effect runs first); without errors the heading gets focus.
  useFocusWhen(heading, attachmentErrors.length === 0, []);
  const a = loaded.application;
  const chosen = loaded.services.filter((s) => values.services.includes(s.slug));
  return (
    <div className="stack">
      <BackLink loaded={loaded} />
      <div className="stack-sm">
        <h1 className="ds-heading" data-size="xl" ref={heading} tabIndex={-1}>
          {t("appealReview.title")}
        </h1>
        <Paragraph>{t("appealReview.notSent")}</Paragraph>
      </div>
      <AppealAnswers
        application={a}
        services={chosen.map((s) => ({
          key: s.slug,
          label: s.outcome ? t("appealForm.serviceOption", { service: s.title, outcome: t(`outcome.${s.outcome}`) }) : s.title,
        }))}
        disagreement={values.disagreement}
        reasons={values.reasons}
        wish={values.wish}
      />
      <Paragraph>{t("appealReview.signature", { name: loaded.name })}</Paragraph>
      {attachmentErrors.length > 0 ? (
        <ErrorSummary
          heading={t("appealForm.attachmentsError")}
          items={attachmentErrors.map((e) => ({ field: "vedlegg", message: t(`upload.errors.${e.key}`, { file: e.file }) }))}
        />
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack-sm" noValidate>
        <HiddenAnswers values={values} formKey={formKey} csrfToken={loaded.csrfToken} />
        <FileField
          id="vedlegg"
          label={t("appealForm.attachments")}
          help={`${t("appealForm.attachmentsHelp")} ${t("upload.types")}`}
          error={attachmentErrors.length > 0 ? attachmentErrors.map((e) => t(`upload.errors.${e.key}`, { file: e.file })).join(" ") : undefined}
        />
        <div className="appeal-buttons">
        <Button type="submit" name="intent" value="send" aria-disabled={navigation.state === "submitting" || undefined}>
          {t("appealReview.send")}
        </Button>
        <Button type="submit" name="intent" value="edit" variant="secondary">
          {t("appealReview.edit")}
        </Button>
        </div>
      </Form>
    </div>
  );
}


function EditStep({
  loaded,
  values,
  errors,
  formKey,
}: {
  loaded: Loaded;
  values: AppealFormValues;
  errors: Errors;
  formKey: string;
}) {
  const { t } = useTranslation("applications");
  const navigation = useNavigation();
  const errorList = Object.entries(errors) as [AppealField, string][];
  const a = loaded.application;
  const c = loaded.contact;
  const firstService = loaded.services[0]?.slug;
  const target = (field: AppealField) => (field === "services" ? `services-${firstService}` : field);
  const message = (key: string) => t(key, { max: appealTextMax });
  const describedBy = (field: AppealField) => [`${field}-hjelp`, errors[field] ? `${field}-feil` : ""].filter(Boolean).join(" ");
  const textareas = [
    { name: "disagreement" as const, rows: 5 },
    { name: "reasons" as const, rows: 8 },
    { name: "wish" as const, rows: 4 },
  ];
  return (
    <div className="stack">
      <BackLink loaded={loaded} />
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("appealForm.title")}
        </Heading>
        <Paragraph>{t("appealForm.intro", { services: a.services, reference: a.reference })}</Paragraph>
        <Paragraph>
          <strong>{t("appealForm.deadline", { date: loaded.state.date })}</strong>
        </Paragraph>
        <Paragraph>{t("appealForm.how")}</Paragraph>
        <Paragraph>{t("appealForm.documents", { unit: c.unit, address: c.address, reference: a.reference })}</Paragraph>
        <Paragraph>{t("appealForm.help", { unit: c.unit, phone: c.phone })}</Paragraph>
      </div>

      {errorList.length > 0 ? (
        // Shown again with errors (a new mount, see the key below): the summary gets focus.
        <ErrorSummary heading={t("appealForm.errorSummary")} items={errorList.map(([field, key]) => ({ field: target(field), message: message(key) }))} />
      ) : null}

      <Form method="post" className="stack appeal-form" noValidate>
        <CsrfInput token={loaded.csrfToken} />
        <input type="hidden" name="key" value={formKey} />
        <Paragraph data-size="sm">{t("appealForm.required")}</Paragraph>

        <fieldset className="ds-fieldset stack-sm" aria-describedby={describedBy("services")}>
          <legend className="ds-label">{t("appealForm.services")}</legend>
          <Paragraph data-size="sm" id="services-hjelp">
            {t("appealForm.servicesHelp")}
          </Paragraph>
          {loaded.services.map((s) => (
            <Field key={s.slug}>
              <input
                className="ds-input"
                type="checkbox"
                id={`services-${s.slug}`}
                name="services"
                value={s.slug}
                defaultChecked={values.services.includes(s.slug)}
                aria-invalid={errors.services ? true : undefined}
              />
              <Label htmlFor={`services-${s.slug}`}>
                {s.outcome ? t("appealForm.serviceOption", { service: s.title, outcome: t(`outcome.${s.outcome}`) }) : s.title}
              </Label>
            </Field>
          ))}
          {errors.services ? <ValidationMessage id="services-feil">{message(errors.services)}</ValidationMessage> : null}
        </fieldset>

        {textareas.map((f) => (
          <TextAreaField
            key={f.name}
            id={f.name}
            label={t(`appealForm.${f.name}`)}
            help={
              <>
                {t(`appealForm.${f.name}Help`)} {t("appealForm.maxLength", { max: appealTextMax })}
              </>
            }
            rows={f.rows}
            defaultValue={values[f.name]}
            required={f.name !== "wish"}
            error={errors[f.name] ? message(errors[f.name]!) : undefined}
          />
        ))}

        <fieldset className="ds-fieldset stack-sm" aria-describedby={errors.confirmed ? "confirmed-feil" : undefined}>
          <legend className="ds-label">{t("appealForm.confirmLegend")}</legend>
          <Field>
            <input
              className="ds-input"
              type="checkbox"
              id="confirmed"
              name="confirmed"
              value="ja"
              defaultChecked={values.confirmed}
              aria-invalid={errors.confirmed ? true : undefined}
            />
            <Label htmlFor="confirmed">{t("appealForm.confirmed")}</Label>
          </Field>
          {errors.confirmed ? <ValidationMessage id="confirmed-feil">{message(errors.confirmed)}</ValidationMessage> : null}
        </fieldset>

        <div className="appeal-buttons">
          <Button type="submit" name="intent" value="review" aria-disabled={navigation.state === "submitting" || undefined}>
            {t("appealForm.review")}
          </Button>
        </div>
        <Paragraph data-size="sm">
          <Link to={`/min-side/soknader/${a.id}`}>{t("appealForm.cancel")}</Link>
        </Paragraph>
      </Form>
    </div>
  );
}

export default function AppealPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  if (loaded.state.kind !== "open" || result?.step === "closed") return <ClosedPage loaded={loaded} />;
  if (result?.step === "review")
    return (
      <ReviewStep
        key={`review-${JSON.stringify(result.attachmentErrors ?? [])}`}
        loaded={loaded}
        values={result.values}
        formKey={result.formKey}
        attachmentErrors={result.attachmentErrors}
      />
    );
  const values: AppealFormValues = result?.step === "edit"
    ? result.values
    : {
        services: loaded.services.length === 1 ? [loaded.services[0].slug] : [],
        disagreement: "",
        reasons: "",
        wish: "",
        confirmed: false,
      };
  // A new form key for every new form; the same one while the resident goes back and forth.
  const formKey = result?.step === "edit" ? result.formKey : loaded.formKey;
  return (
    <EditStep
      key={result?.step === "edit" ? `edit-${formKey}-${JSON.stringify(result.errors)}` : "new"}
      loaded={loaded}
      values={values}
      errors={result?.step === "edit" ? result.errors : {}}
      formKey={formKey}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
