import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isUuid } from "~/.server/applications/queries";
import { serviceTitles, servicesPhrase } from "~/.server/applications/view";
import { assertCsrf, requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { logger, describeError } from "~/.server/logger";
import { checkFiles, clientKeyOf, readMessageForm } from "~/.server/messages/form";
import { applicationChoices, startThread } from "~/.server/messages/resident";
import { listUnits } from "~/.server/messages/units";
import { getCurrentMunicipality } from "~/.server/municipality";
import { CsrfInput } from "~/components/auth";
import { Button, Field, Heading, Input, Label, Paragraph, Select, ValidationMessage } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { describedBy, MessageErrorSummary } from "~/components/message-form";
import { bodyMax, checkNewMessage, maxAttachments, newMessageValuesFromForm, type MessageErrors, type NewMessageValues } from "~/schemas/messages";
import messagesCss from "~/styles/messages.css?url";
import { pageMeta } from "~/utils/meta";
import { FileField } from "~/components/file-field";
import { TextAreaField } from "~/components/text-area-field";

// A new message to the municipality: subject, text, optionally which application it concerns and
// which unit, attachments. Works without JavaScript (a multipart form, PRG). A double click sends
// once (the hidden clientKey); if the database cannot store it, the resident is told so and the
// text stays in the form.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: messagesCss }];

async function context(request: Request) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const scope = { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id };
  return { session, locale, db, municipality, scope };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, locale, db, municipality, scope } = await context(request);
  const [own, unitList, titles] = await Promise.all([
    applicationChoices(db, scope),
    listUnits(db, municipality.id),
    serviceTitles(db, municipality.id, locale),
  ]);
  const wanted = new URL(request.url).searchParams.get("soknad");
  return {
    title: `${getFixedT(locale, "messages")("new.title")} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    // A new key each time the form is first shown: the same form sent twice makes one thread.
    clientKey: crypto.randomUUID(),
    applications: own.map((a) => ({ id: a.id, reference: a.reference, services: servicesPhrase(a.serviceSlugs, titles, locale) })),
    units: unitList.filter((u) => u.receivesMessages).map((u) => ({ id: u.id, name: u.displayName[locale], days: u.replyWorkingDays })),
    prefill: { application: own.some((a) => a.id === wanted) ? (wanted as string) : "" },
  };
}

type ActionResult = { values: NewMessageValues; errors: MessageErrors; notSent: boolean; clientKey: string; hadFiles: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const { session, db, scope } = await context(request);
  const { form, files } = await readMessageForm(request);
  assertCsrf(form, session);
  const values = newMessageValuesFromForm(form);
  const clientKey = clientKeyOf(form);
  const errors = checkNewMessage(values);
  const accepted = checkFiles(files, errors);
  if (values.application && !isUuid(values.application)) errors.application = { key: "form.errors.application" };
  if (values.unit && !isUuid(values.unit)) errors.unit = { key: "form.errors.unit" };
  const answer = (status: number, extra: Partial<ActionResult> = {}) =>
    data<ActionResult>({ values, errors, notSent: false, clientKey, hadFiles: files.length > 0, ...extra }, { status });
  if (Object.keys(errors).length > 0) return answer(400);
  try {
    const result = await startThread(db, {
      scope,
      author: { personId: session.person.id, name: `${session.person.givenName} ${session.person.familyName}` },
      subject: values.subject,
      body: values.body,
      applicationId: values.application || null,
      unitId: values.unit || null,
      clientKey,
      files: accepted,
    });
    if ("invalid" in result) {
      if (result.invalid === "application") errors.application = { key: "form.errors.application" };
      else errors.unit = { key: "form.errors.unit" };
      return answer(400);
    }
    logger.info("message.thread_started", { duplicate: result.duplicate, attachments: accepted.length });
    return redirect(`/min-side/meldinger/${result.threadId}?sendt=ny`, 303);
  } catch (error) {
    if (error instanceof Response) throw error;
    // Never the text or the subject in the log; the resident keeps both in the form.
    logger.error("message.send_failed", { side: "resident", ...describeError(error) });
    return answer(503, { notSent: true });
  }
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function NewMessagePage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation("messages");
  const errors = result?.errors ?? {};
  const values = result?.values ?? { subject: "", body: "", application: loaded.prefill.application, unit: "" };
  const labels = {
    subject: t("new.subject"),
    body: t("new.body"),
    application: t("new.application"),
    unit: t("new.unit"),
    vedlegg: t("new.attachments"),
  };
  const filesAgain = result && result.hadFiles && (Object.keys(errors).length > 0 || result.notSent);
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/min-side/meldinger">{t("thread.back")}</Link>
      </Paragraph>
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("new.title")}
        </Heading>
        <Paragraph>{t("new.intro")}</Paragraph>
        <Paragraph data-size="sm">{t("urgent")}</Paragraph>
      </div>
      <MessageErrorSummary
        errors={errors}
        labels={labels}
        heading={t("form.errorSummary")}
        notSent={result?.notSent ? `${t("form.notSent")}${filesAgain ? ` ${t("form.notSentFiles")}` : ""}` : undefined}
      />
      <Form method="post" encType="multipart/form-data" className="stack message-form" noValidate key={result ? `r-${JSON.stringify(errors)}-${result.notSent}` : "new"}>
        <CsrfInput token={loaded.csrfToken} />
        <input type="hidden" name="clientKey" value={result?.clientKey ?? loaded.clientKey} />
        <Paragraph data-size="sm">{t("new.required")}</Paragraph>
        <Field>
          <Label htmlFor="subject">{labels.subject}</Label>
          <Paragraph data-size="sm" id="subject-hjelp">
            {t("new.subjectHelp")}
          </Paragraph>
          <Input
            id="subject"
            name="subject"
            defaultValue={values.subject}
            autoComplete="off"
            aria-required
            aria-invalid={errors.subject ? true : undefined}
            aria-describedby={describedBy("subject", errors)}
          />
          {errors.subject ? <ValidationMessage id="subject-feil">{t(errors.subject.key, errors.subject.values)}</ValidationMessage> : null}
        </Field>
        <TextAreaField
          id="body"
          label={labels.body}
          help={t("new.bodyHelp", { max: bodyMax })}
          rows={8}
          defaultValue={values.body}
          required
          error={errors.body ? t(errors.body.key, errors.body.values) : undefined}
        />
        {loaded.applications.length > 0 ? (
          <Field>
            <Label htmlFor="application">{labels.application}</Label>
            <Paragraph data-size="sm" id="application-hjelp">
              {t("new.applicationHelp")}
            </Paragraph>
            <Select
              id="application"
              name="application"
              defaultValue={values.application}
              aria-invalid={errors.application ? true : undefined}
              aria-describedby={describedBy("application", errors)}
            >
              <option value="">{t("new.applicationNone")}</option>
              {loaded.applications.map((a) => (
                <option key={a.id} value={a.id}>
                  {t("new.applicationOption", { services: a.services, reference: a.reference })}
                </option>
              ))}
            </Select>
            {errors.application ? <ValidationMessage id="application-feil">{t(errors.application.key)}</ValidationMessage> : null}
          </Field>
        ) : null}
        <Field>
          <Label htmlFor="unit">{labels.unit}</Label>
          <Paragraph data-size="sm" id="unit-hjelp">
            {t("new.unitHelp")}
          </Paragraph>
          <Select
            id="unit"
            name="unit"
            defaultValue={values.unit}
            aria-invalid={errors.unit ? true : undefined}
            aria-describedby={describedBy("unit", errors)}
          >
            <option value="">{t("new.unitDefault")}</option>
            {loaded.units.map((u) => (
              <option key={u.id} value={u.id}>
                {t("new.unitOption", { name: u.name, days: u.days })}
              </option>
            ))}
          </Select>
          {errors.unit ? <ValidationMessage id="unit-feil">{t(errors.unit.key)}</ValidationMessage> : null}
        </Field>
        <FileField
          id="vedlegg"
          label={labels.vedlegg}
          help={`${t("new.attachmentsHelp", { max: maxAttachments })}${filesAgain && !result?.notSent ? ` ${t("form.errors.filesAgain")}` : ""}`}
          error={errors.vedlegg ? t(errors.vedlegg.key, errors.vedlegg.values) : undefined}
        />
        <div className="button-row">
          <Button type="submit" aria-disabled={navigation.state === "submitting" || undefined}>
            {t("new.send")}
          </Button>
          <Link to="/min-side/meldinger">{t("new.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
