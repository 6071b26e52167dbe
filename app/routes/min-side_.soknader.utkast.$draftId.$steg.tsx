import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  addDraftAttachments,
  DraftAlreadySent,
  getDraft,
  listDraftAttachments,
  removeDraftAttachment,
  saveDraftStep,
  submitDraft,
  type DraftScope,
} from "~/.server/applications/apply";
import { assertCsrf, requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { readUploadForm, type UploadProblem } from "~/.server/documents/upload";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { formatFileSize } from "~/.server/applications/view";
import { catalog } from "~/.server/services/catalog-cache";
import { ApplicationAnswers } from "~/components/application-answers";
import { CsrfInput } from "~/components/auth";
import { Button, Field, Heading, Input, Label, Paragraph, ValidationMessage } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  applyLimits,
  applySteps,
  applyValuesFromForm,
  isApplyStep,
  maxAttachments,
  missingAnswers,
  nextStep,
  parseStep,
  previousStep,
  stepFields,
  stepNumber,
  valuesFromDraft,
  type ApplyErrors,
  type ApplyField,
  type ApplyFormValues,
  type ApplyStep,
} from "~/schemas/apply";
import applyCss from "~/styles/apply.css?url";
import { formatDate } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";
import { FileField } from "~/components/file-field";
import { ErrorSummary } from "~/components/error-summary";
import { TextAreaField } from "~/components/text-area-field";
import { FieldFrame } from "~/components/field-frame";

// One step of the online application (/min-side/soknader/utkast/:draftId/:steg). Every step is a
// plain form that saves the draft and moves on (PRG); a step that does not validate comes back
// filled in with an error summary that gets focus. The last step shows everything with "Endre"
// links and sends. A sent draft only leads to its receipt.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: applyCss }];

const draftPath = (draftId: string, step: ApplyStep) => `/min-side/soknader/utkast/${draftId}/${step}`;
const receiptPath = (applicationId: string) => `/min-side/soknader/${applicationId}/kvittering`;

async function context(request: Request, params: { draftId?: string; steg?: string }) {
  const session = await requireResident(request);
  const step = params.steg;
  if (!isApplyStep(step)) throw new Response(null, { status: 404, statusText: "Not Found" });
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const scope: DraftScope = { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id };
  return { session, step, locale, db, municipality, scope, draftId: params.draftId ?? "" };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, step, locale, db, municipality, scope, draftId } = await context(request, params);
  const draft = await getDraft(db, scope, draftId);
  if (draft.applicationId) throw redirect(receiptPath(draft.applicationId));
  const services = await catalog.list(db, municipality.id, locale);
  const titles = new Map(services.map((s) => [s.slug, s.title]));
  const needsFiles = step === "vedlegg" || step === "oppsummering";
  const attachments = needsFiles ? await listDraftAttachments(db, scope, draft.id) : [];
  const url = new URL(request.url);
  const t = getFixedT(locale, "apply");
  const tc = getFixedT(locale, "catalog");
  const categories = [...new Set(services.map((s) => s.category))];
  return {
    title: `${t("stepOf", { n: stepNumber(step), total: applySteps.length })}: ${t(`steps.${step}`)} – ${t("applyForServices")} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    draftId: draft.id,
    step,
    fromReview: url.searchParams.get("fra") === "oppsummering" && step !== "oppsummering",
    notice: url.searchParams.get("vedlegg"),
    noticeCount: Number(url.searchParams.get("antall") ?? "0") || 0,
    values: valuesFromDraft(draft),
    answers: draft.answers,
    serviceGroups:
      step === "tjenester"
        ? categories.map((category) => ({
            category,
            label: tc(`categories.${category}`, { defaultValue: category }),
            services: services.filter((s) => s.category === category).map((s) => ({ slug: s.slug, title: s.title })),
          }))
        : [],
    chosenTitles: draft.serviceSlugs.map((slug) => titles.get(slug) ?? slug),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, mime: a.mime, size: formatFileSize(a.size, locale) })),
    missing: step === "oppsummering" ? missingAnswers(draft, [...titles.keys()]) : [],
    changedOn: formatDate(draft.updatedAt, locale),
    contact: { unit: municipality.contact.unit[locale], phone: municipality.contact.phone },
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

type FileError = { name: string; problem: UploadProblem };
type ActionResult =
  | { kind: "invalid"; values: ApplyFormValues; errors: ApplyErrors; fileErrors?: FileError[] }
  | { kind: "incomplete"; missing: ReturnType<typeof missingAnswers> }
  | { kind: "failed" };

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, step, locale, db, municipality, scope, draftId } = await context(request, params);
  const { form, files } = await readUploadForm(request, { fileFields: ["files"], maxFiles: maxAttachments });
  assertCsrf(form, session);
  const intent = String(form.get("intent") ?? "next");
  const fromReview = form.get("fra") === "oppsummering";
  const here = draftPath(draftId, step);
  try {
    await getDraft(db, scope, draftId).then((d) => {
      if (d.applicationId) throw new DraftAlreadySent(d.applicationId);
    });

    if (step === "oppsummering") {
      if (intent !== "send") return redirect(here, 303);
      const result = await submitDraft(db, draftId, {
        scope,
        actor: { personId: session.person.id, name: `${session.person.givenName} ${session.person.familyName}` },
        municipality,
        locale,
      });
      if (result.ok) return redirect(receiptPath(result.applicationId), 303);
      if (result.reason === "incomplete") return data<ActionResult>({ kind: "incomplete", missing: result.missing }, { status: 400 });
      return data<ActionResult>({ kind: "failed" }, { status: 503 });
    }

    const values = applyValuesFromForm(form);
    if (step === "vedlegg") {
      if (intent.startsWith("remove:")) {
        await removeDraftAttachment(db, scope, draftId, intent.slice("remove:".length));
        return redirect(`${here}?vedlegg=fjernet${fromReview ? "&fra=oppsummering" : ""}`, 303);
      }
      if (files.length) {
        const { stored, refused } = await addDraftAttachments(db, scope, draftId, files);
        if (refused.length)
          return data<ActionResult>(
            {
              kind: "invalid",
              values,
              errors: { attachments: "errors.file" },
              fileErrors: refused.map((f) => ({ name: f.filename, problem: f.problem ?? "wrong_type" })),
            },
            { status: 400 },
          );
        if (intent === "upload")
          return redirect(`${here}?vedlegg=lagt-ved&antall=${stored.length}${fromReview ? "&fra=oppsummering" : ""}`, 303);
      } else if (intent === "upload") return redirect(`${here}${fromReview ? "?fra=oppsummering" : ""}`, 303);
    }

    const titles = await catalog.list(db, municipality.id, locale);
    const parsed = parseStep(step, values, { strict: intent === "next", knownServices: titles.map((s) => s.slug) });
    if (!parsed.success) return data<ActionResult>({ kind: "invalid", values, errors: parsed.errors }, { status: 400 });
    const going = intent === "back" ? (previousStep(step) ?? step) : intent === "later" ? step : fromReview ? "oppsummering" : nextStep(step);
    await saveDraftStep(db, scope, draftId, {
      serviceSlugs: parsed.data.serviceSlugs,
      answers: parsed.data.answers,
      reached: intent === "next" ? going : step,
    });
    if (intent === "later") return redirect("/min-side/soknader?utkast=lagret", 303);
    return redirect(draftPath(draftId, going), 303);
  } catch (error) {
    if (error instanceof DraftAlreadySent) return redirect(receiptPath(error.applicationId), 303);
    throw error;
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function StepHeading({ loaded, title, intro }: { loaded: Loaded; title: string; intro?: ReactNode }) {
  const { t } = useTranslation("apply");
  return (
    <div className="stack-sm">
      <p className="apply-step-of">{t("stepOf", { n: stepNumber(loaded.step), total: applySteps.length })}</p>
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      {intro}
    </div>
  );
}

/** The id of the element an error about `field` points to. */
function targetOf(field: ApplyField, loaded: Loaded): string {
  if (field === "services") return `services-${loaded.serviceGroups[0]?.services[0]?.slug ?? ""}`;
  if (field === "contactWho") return "contactWho-me";
  if (field === "consent") return "consent-yes";
  if (field === "attachments") return "files";
  return field;
}

function StepButtons({ loaded }: { loaded: Loaded }) {
  const { t } = useTranslation("apply");
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" || undefined;
  return (
    <div className="apply-buttons">
      <Button type="submit" name="intent" value="next" aria-disabled={busy}>
        {loaded.fromReview ? t("buttons.toReview") : t("buttons.next")}
      </Button>
      {previousStep(loaded.step) && !loaded.fromReview ? (
        <Button type="submit" name="intent" value="back" variant="secondary">
          {t("buttons.back")}
        </Button>
      ) : null}
      <Button type="submit" name="intent" value="later" variant="tertiary">
        {t("buttons.later")}
      </Button>
    </div>
  );
}

function TextArea({
  name,
  label,
  hint,
  value,
  error,
  required,
  rows = 6,
}: {
  name: ApplyField;
  label: string;
  hint: string;
  value: string;
  error?: string;
  required: boolean;
  rows?: number;
}) {
  const { t } = useTranslation("apply");
  return (
    <TextAreaField
      id={name}
      label={
        <>
          {label}
          {required ? null : ` ${t("optional")}`}
        </>
      }
      help={
        <>
          {hint} {t("maxLength", { max: applyLimits.longText })}
        </>
      }
      rows={rows}
      defaultValue={value}
      required={required}
      error={error}
    />
  );
}

function TextInput({
  name,
  label,
  hint,
  value,
  error,
  autoComplete,
  type = "text",
  maxLength,
}: {
  name: ApplyField;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  autoComplete?: string;
  type?: string;
  maxLength: number;
}) {
  return (
    <FieldFrame id={name} label={label} help={hint} error={error}>
      {(description) => (
        <Input
          id={name}
          name={name}
          type={type}
          defaultValue={value}
          autoComplete={autoComplete}
          maxLength={maxLength + 50}
          {...description}
        />
      )}
    </FieldFrame>
  );
}

function StepFields({ loaded, values, errors }: { loaded: Loaded; values: ApplyFormValues; errors: Record<string, string> }) {
  const { t } = useTranslation("apply");
  switch (loaded.step) {
    case "tjenester":
      return (
        <fieldset className="ds-fieldset apply-services" aria-describedby={errors.services ? "services-feil" : undefined}>
          <legend className="ds-label">{t("services.legend")}</legend>
          {errors.services ? <ValidationMessage id="services-feil">{errors.services}</ValidationMessage> : null}
          {loaded.serviceGroups.map((group) => (
            <fieldset key={group.category} className="ds-fieldset stack-sm">
              <legend className="ds-label" data-size="sm">
                {group.label}
              </legend>
              {group.services.map((s) => (
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
                  <Label htmlFor={`services-${s.slug}`}>{s.title}</Label>
                </Field>
              ))}
            </fieldset>
          ))}
        </fieldset>
      );
    case "viktig":
      return (
        <TextArea
          name="whatMatters"
          label={t("whatMatters.label")}
          hint={t("whatMatters.hint")}
          value={values.whatMatters}
          error={errors.whatMatters}
          required
          rows={8}
        />
      );
    case "situasjon":
      return (
        <>
          <TextArea name="living" label={t("situation.living")} hint={t("situation.livingHint")} value={values.living} error={errors.living} required />
          <TextArea
            name="currentHelp"
            label={t("situation.currentHelp")}
            hint={t("situation.currentHelpHint")}
            value={values.currentHelp}
            error={errors.currentHelp}
            required={false}
          />
          <TextArea
            name="difficulties"
            label={t("situation.difficulties")}
            hint={t("situation.difficultiesHint")}
            value={values.difficulties}
            error={errors.difficulties}
            required
          />
        </>
      );
    case "kontakt":
      return (
        <>
          <fieldset className="ds-fieldset stack-sm" aria-describedby={errors.contactWho ? "contactWho-feil" : undefined}>
            <legend className="ds-label">{t("contact.legend")}</legend>
            {(["me", "other"] as const).map((who) => (
              <Field key={who}>
                <input
                  className="ds-input"
                  type="radio"
                  id={`contactWho-${who}`}
                  name="contactWho"
                  value={who}
                  defaultChecked={values.contactWho === who}
                  aria-invalid={errors.contactWho ? true : undefined}
                />
                <Label htmlFor={`contactWho-${who}`}>{t(`contact.${who}`)}</Label>
              </Field>
            ))}
            {errors.contactWho ? <ValidationMessage id="contactWho-feil">{errors.contactWho}</ValidationMessage> : null}
          </fieldset>
          <fieldset className="ds-fieldset stack-sm apply-subfields" aria-describedby="other-hjelp">
            <legend className="ds-label">{t("contact.otherLegend")}</legend>
            <Paragraph data-size="sm" id="other-hjelp">
              {t("contact.otherHint")}
            </Paragraph>
            <TextInput name="contactName" label={t("contact.name")} value={values.contactName} error={errors.contactName} maxLength={applyLimits.name} />
            <TextInput
              name="contactPhone"
              label={t("contact.phone")}
              hint={t("contact.phoneHint")}
              value={values.contactPhone}
              error={errors.contactPhone}
              type="tel"
              maxLength={applyLimits.phone}
            />
            <TextInput
              name="contactRelation"
              label={t("contact.relation")}
              hint={t("contact.relationHint")}
              value={values.contactRelation}
              error={errors.contactRelation}
              maxLength={applyLimits.relation}
            />
          </fieldset>
        </>
      );
    case "vedlegg":
      return <AttachmentFields loaded={loaded} error={errors.attachments} />;
    case "samtykke":
      return (
        <fieldset className="ds-fieldset stack-sm" aria-describedby={["consent-hjelp", errors.consent ? "consent-feil" : ""].filter(Boolean).join(" ")}>
          <legend className="ds-label">{t("consent.legend")}</legend>
          <Paragraph data-size="sm" id="consent-hjelp">
            {t("consent.noHint")} {t("consent.withdraw")}
          </Paragraph>
          {(["yes", "no"] as const).map((v) => (
            <Field key={v}>
              <input
                className="ds-input"
                type="radio"
                id={`consent-${v}`}
                name="consent"
                value={v}
                defaultChecked={values.consent === v}
                aria-invalid={errors.consent ? true : undefined}
              />
              <Label htmlFor={`consent-${v}`}>{t(`consent.${v}`)}</Label>
            </Field>
          ))}
          {errors.consent ? <ValidationMessage id="consent-feil">{errors.consent}</ValidationMessage> : null}
        </fieldset>
      );
    default:
      return null;
  }
}

function AttachmentFields({ loaded, error }: { loaded: Loaded; error?: string }) {
  const { t } = useTranslation("apply");
  return (
    <>
      <section aria-labelledby="filer" className="stack-sm">
        <Heading level={2} data-size="sm" id="filer">
          {t("attachments.listHeading")}
        </Heading>
        {loaded.attachments.length === 0 ? (
          <Paragraph>{t("attachments.none")}</Paragraph>
        ) : (
          <ul className="apply-files">
            {loaded.attachments.map((a) => (
              <li key={a.id}>
                <span>
                  <a href={`/min-side/dokumenter/${a.id}`}>{a.filename}</a>{" "}
                  <span className="muted">
                    ({t("answers.fileSize", { type: t(`fileTypes.${a.mime}`), size: a.size })})
                  </span>
                </span>
                <Button
                  type="submit"
                  name="intent"
                  value={`remove:${a.id}`}
                  variant="secondary"
                  data-size="sm"
                  aria-label={t("attachments.removeLabel", { name: a.filename })}
                >
                  {t("attachments.remove")}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {/* A new field once the list changes: with JavaScript the page is not reloaded after
          "Last opp", and a field still holding the uploaded files would send them again with "Neste". */}
      <FileField
        key={loaded.attachments.map((a) => a.id).join()}
        id="files"
        label={t("attachments.label")}
        help={t("attachments.rules", { max: maxAttachments })}
        error={error || undefined}
      >
        <div>
          <Button type="submit" name="intent" value="upload" variant="secondary">
            {t("attachments.upload")}
          </Button>
        </div>
      </FileField>
    </>
  );
}

const intros: Partial<Record<ApplyStep, string>> = {
  tjenester: "services.intro",
  viktig: "whatMatters.intro",
  situasjon: "situation.intro",
  kontakt: "contact.intro",
  vedlegg: "attachments.intro",
  samtykke: "consent.intro",
};
const titles: Record<ApplyStep, string> = {
  tjenester: "services.title",
  viktig: "whatMatters.title",
  situasjon: "situation.title",
  kontakt: "contact.title",
  vedlegg: "attachments.title",
  samtykke: "consent.title",
  oppsummering: "review.title",
};

function EditStep({ loaded, result }: { loaded: Loaded; result?: Extract<ActionResult, { kind: "invalid" }> }) {
  const { t } = useTranslation("apply");
  const values = result?.values ?? loaded.values;
  const errors: Record<string, string> = {};
  const summary: { field: string; message: string }[] = [];
  for (const field of stepFields[loaded.step]) {
    const key = result?.errors[field];
    if (!key) continue;
    if (field === "attachments" && result?.fileErrors?.length) {
      const messages = result.fileErrors.map((f) => t(`errors.file.${f.problem}`, { name: f.name, max: maxAttachments }));
      errors.attachments = messages.join(" ");
      for (const m of messages) summary.push({ field: targetOf(field, loaded), message: m });
      continue;
    }
    errors[field] = t(key, { max: applyLimits.longText });
    summary.push({ field: targetOf(field, loaded), message: errors[field] });
  }
  const notice =
    loaded.step === "vedlegg" && loaded.notice === "lagt-ved"
      ? t("attachments.uploaded", { count: loaded.noticeCount })
      : loaded.step === "vedlegg" && loaded.notice === "fjernet"
        ? t("attachments.removed")
        : null;
  const intro = intros[loaded.step];
  return (
    <div className="stack">
      <StepHeading loaded={loaded} title={t(titles[loaded.step])} intro={intro ? <Paragraph>{t(intro)}</Paragraph> : null} />
      {summary.length ? <ErrorSummary items={summary} heading={t("errorSummary")} /> : null}
      {notice && !summary.length ? (
        <div className="ds-alert" data-color="success" role="status">
          <Paragraph>{notice}</Paragraph>
        </div>
      ) : null}
      <Form
        method="post"
        className="stack apply-form"
        noValidate
        encType={loaded.step === "vedlegg" ? "multipart/form-data" : undefined}
        replace
      >
        <CsrfInput token={loaded.csrfToken} />
        {loaded.fromReview ? <input type="hidden" name="fra" value="oppsummering" /> : null}
        {loaded.step === "vedlegg" ? null : <Paragraph data-size="sm">{t("required")}</Paragraph>}
        <StepFields loaded={loaded} values={values} errors={errors} />
        <StepButtons loaded={loaded} />
      </Form>
      <Paragraph data-size="sm">
        <Link to="/min-side/soknader">{t("buttons.cancel")}</Link>
      </Paragraph>
    </div>
  );
}

function ReviewStep({ loaded, result }: { loaded: Loaded; result?: ActionResult }) {
  const { t } = useTranslation("apply");
  const navigation = useNavigation();
  const missing = result?.kind === "incomplete" ? result.missing : loaded.missing;
  const missingItems = missing.flatMap((m) =>
    Object.values(m.errors).map((key) => ({
      href: `${draftPath(loaded.draftId, m.step)}?fra=oppsummering`,
      message: t("review.missingStep", { step: t(`steps.${m.step}`), message: t(key, { max: applyLimits.longText }) }),
    })),
  );
  return (
    <div className="stack">
      <StepHeading loaded={loaded} title={t("review.title")} intro={<Paragraph>{t("review.intro")}</Paragraph>} />
      {result?.kind === "failed" ? (
        <div className="ds-alert" data-color="danger" role="alert">
          <Paragraph>
            <strong>{t("review.failed")}</strong>
          </Paragraph>
          <Paragraph>{t("review.failedHelp", { unit: loaded.contact.unit, phone: loaded.contact.phone })}</Paragraph>
        </div>
      ) : null}
      {missingItems.length && result?.kind === "incomplete" ? (
        <ErrorSummary items={missingItems} heading={t("review.missingSummary")} />
      ) : missingItems.length ? (
        <div className="ds-alert" data-color="warning">
          <Heading level={2} data-size="xs">
            {t("review.missingSummary")}
          </Heading>
          <ul className="ds-list">
            {missingItems.map((m, i) => (
              <li key={i}>
                <Link to={m.href}>{m.message}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ApplicationAnswers
        services={loaded.chosenTitles}
        answers={loaded.answers}
        attachments={loaded.attachments}
        documentHref={(id) => `/min-side/dokumenter/${id}`}
        editHref={(step) => `${draftPath(loaded.draftId, step)}?fra=oppsummering`}
      />
      <Form method="post" className="stack-sm" replace>
        <CsrfInput token={loaded.csrfToken} />
        <Paragraph>{t("review.sendInfo")}</Paragraph>
        <div className="apply-buttons">
          <Button type="submit" name="intent" value="send" aria-disabled={navigation.state === "submitting" || undefined}>
            {t("review.send")}
          </Button>
          <Link to={draftPath(loaded.draftId, "samtykke")}>{t("buttons.back")}</Link>
        </div>
      </Form>
      <Paragraph data-size="sm">
        <Link to="/min-side/soknader">{t("buttons.cancel")}</Link>
      </Paragraph>
    </div>
  );
}

export default function ApplyStepPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  if (loaded.step === "oppsummering")
    return <ReviewStep key={result ? JSON.stringify(result) : "review"} loaded={loaded} result={result} />;
  const invalid = result?.kind === "invalid" ? result : undefined;
  // Shown again with errors: a new mount, so the error summary gets focus.
  return <EditStep key={invalid ? JSON.stringify(invalid.errors) + JSON.stringify(invalid.fileErrors ?? []) : loaded.step} loaded={loaded} result={invalid} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
