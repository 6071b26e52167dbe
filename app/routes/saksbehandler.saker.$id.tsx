import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  decisionOutcomes,
  isCaseworkAction,
  openCase,
  recordCaseworkAction,
  serviceChoices,
  type CaseworkAction,
  type FieldErrors,
} from "~/.server/applications/casework";
import { sentApplicationView } from "~/.server/applications/apply";
import { assignCase, caseAssignment } from "~/.server/applications/assignment";
import type { ApplicationStatus } from "~/.server/applications/status";
import { serviceTitles, toDetail } from "~/.server/applications/view";
import { assertCsrf, requireEmployee } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { letterFileField } from "~/.server/applications/casework";
import { listCaseDocuments } from "~/.server/applications/documentation";
import { formatFileSize } from "~/.server/applications/view";
import { readUploadForm } from "~/.server/documents/upload";
import { threadsForApplicationEmployee } from "~/.server/messages/inbox";
import { SentApplicationSection } from "~/components/application-answers";
import { ApplicationMessages } from "~/components/application-messages";
import { Appeal, Decision, Services, Timeline } from "~/components/application-view";
import { CsrfInput } from "~/components/auth";
import { Button, Field, Heading, Input, Label, Paragraph, Select, Tag, ValidationMessage } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { Language } from "~/i18n/config";
import applicationsCss from "~/styles/applications.css?url";
import applyCss from "~/styles/apply.css?url";
import { stageColour } from "~/utils/applications";
import { outcomeDescriptionField, outcomeField } from "~/utils/casework";
import { formatDate } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";
import { FieldLink } from "~/components/field-link";
import { useFocusWhen } from "~/utils/focus";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: applicationsCss },
  { rel: "stylesheet", href: applyCss },
];

type DeadlineLine = { key: string; date: string };

/** The deadlines as the caseworker reads them (the resident's page explains them to the resident). */
function deadlineLines(status: ApplicationStatus, locale: Language): DeadlineLine[] {
  const lines: DeadlineLine[] = [];
  const d = status.deadlines;
  const request = status.openDocumentationRequest;
  if (request?.dueDate)
    lines.push({
      key: request.overdue ? "documentationOverdue" : "documentation",
      date: request.dueDate,
    });
  if (d.preliminaryReplyDue)
    lines.push({
      key: d.preliminaryReplyDue.overdue ? "preliminaryReplyOverdue" : "preliminaryReplyDue",
      date: d.preliminaryReplyDue.date,
    });
  if (d.expectedDecisionBy)
    lines.push({
      key: d.expectedDecisionBy.overdue ? "expectedDecisionOverdue" : "expectedDecision",
      date: d.expectedDecisionBy.date,
    });
  if (d.appealDeadline && !status.appeal)
    lines.push({
      key: d.appealOpen ? "appealOpen" : "appealClosed",
      date: d.appealDeadline.date,
    });
  return lines.map((l) => ({ ...l, date: formatDate(l.date, locale) }));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireEmployee(request, "caseworker");
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  // Opening the case is logged for the resident's innsynslogg (a 404 logs nothing).
  const opened = await openCase(db, session.employee, params.id ?? "");
  const [titles, assignment] = await Promise.all([serviceTitles(db, municipality.id, locale), caseAssignment(db, session.employee, params.id ?? "")]);
  const named = (slugs: string[]) => slugs.map((slug) => ({ slug, title: titles.get(slug) ?? slug }));
  const documents = await listCaseDocuments(db, session.employee, opened.application.id);
  const detail = toDetail(opened, titles, locale, new Date(), municipality, documents);
  // What the applicant answered in the portal (none for applications registered by the case system).
  const sentAnswers = await sentApplicationView(db, opened.application, titles, locale);
  const threads = await threadsForApplicationEmployee(db, session.employee, opened.application.id);
  const choices = serviceChoices(opened.status);
  const saved = new URL(request.url).searchParams.get("lagret");
  const t = getFixedT(locale, "employee");
  return {
    // The reference only: never the applicant's name or anything from the case.
    title: `${t("casework.title", {
      reference: opened.application.reference,
    })} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    applicant: {
      name: opened.applicant.name,
      maskedPid: opened.applicant.maskedPid,
    },
    detail,
    sentAnswers,
    deadlines: deadlineLines(opened.status, locale),
    allowed: opened.allowed,
    // A new key each time a form is shown: sending the same form twice stores one event.
    keys: Object.fromEntries(opened.allowed.map((a) => [a, crypto.randomUUID()])) as Partial<Record<CaseworkAction, string>>,
    services: named(opened.application.serviceSlugs),
    outcomes: decisionOutcomes,
    serviceChoices: {
      service_started: named(choices.service_started),
      service_changed: named(choices.service_changed),
      service_ended: named(choices.service_ended),
    },
    /** The files the applicant sent (not the decision letters), newest last. */
    applicantDocuments: documents
      .filter((d) => d.kind === "attachment")
      .map((d) => ({ id: d.id, filename: d.filename, size: formatFileSize(d.size, locale), sentOn: formatDate(d.createdAt, locale) })),
    saved: isCaseworkAction(saved) ? saved : null,
    assignment: { ...assignment, me: session.employee.id, saved: saved === "tildeling" },
    threads: threads.map((th) => ({ id: th.id, reference: th.reference, subject: th.subject, state: th.state })),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

type ActionResult = {
  intent: CaseworkAction;
  key: string;
  values: Record<string, string>;
  errors: FieldErrors;
  notAllowed: boolean;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireEmployee(request, "caseworker");
  // The decision form may carry the caseworker's own letter as a PDF (multipart); the others are plain.
  const { form: formData, files } = await readUploadForm(request, { fileFields: [letterFileField], maxFiles: 1 });
  assertCsrf(formData, session);
  const intent = formData.get("intent");
  // Who has the case: work distribution, not a case event (see assignment.ts).
  if (intent === "assign" || intent === "unassign") {
    const assignee = intent === "assign" ? String(formData.get("assignee") ?? "") : null;
    const assigned = await assignCase(await getDb(), session.employee, params.id ?? "", assignee);
    if (assigned.status === "invalid_assignee") throw new Response(null, { status: 400, statusText: "Bad Request" });
    return redirect(`/saksbehandler/saker/${params.id}?lagret=tildeling`, 303);
  }
  if (!isCaseworkAction(intent)) throw new Response(null, { status: 400, statusText: "Bad Request" });
  const key = String(formData.get("key") ?? "");
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === "string" && name !== "csrf" && !(name in values)) values[name] = value;
  }
  const db = await getDb();
  const result = await recordCaseworkAction(db, session.employee, params.id ?? "", intent, key, values, new Date(), { files });
  switch (result.status) {
    case "recorded":
      return redirect(`/saksbehandler/saker/${params.id}?lagret=${intent}`, 303);
    case "invalid":
      return data(
        {
          intent,
          key,
          values,
          errors: result.errors,
          notAllowed: false,
        } satisfies ActionResult,
        { status: 400 }
      );
    case "not_allowed":
      return data(
        {
          intent,
          key,
          values,
          errors: {},
          notAllowed: true,
        } satisfies ActionResult,
        { status: 409 }
      );
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

type T = (key: string | string[], values?: Record<string, unknown>) => string;

/** A field's error in words: casework errors are in the employee namespace, the letter's in applications. */
function errorMessage(error: FieldErrors[string], t: T) {
  return error.ns ? t(`applications:casework.errors.${error.key}`) : t(`casework.errors.${error.key}`, { max: error.max });
}

/** The files the applicant has sent in the portal; each opening is in the applicant's innsynslogg. */
function ApplicantDocuments({ documents }: { documents: Loaded["applicantDocuments"] }) {
  const { t } = useTranslation("applications");
  return (
    <section aria-labelledby="dokumenter" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="dokumenter">
        {t("staff.documents.heading")}
      </Heading>
      {documents.length > 0 ? (
        <>
          <Paragraph data-size="sm">{t("staff.documents.intro")}</Paragraph>
          <ul className="ds-list">
            {documents.map((d) => (
              <li key={d.id}>
                <a href={`/saksbehandler/dokumenter/${d.id}`}>
                  {d.filename} ({d.size})
                </a>{" "}
                – {t("staff.documents.sentOn", { date: d.sentOn })}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Paragraph>{t("staff.documents.none")}</Paragraph>
      )}
    </section>
  );
}

/** The decision letter: generated by the portal (in a language) or the caseworker's own PDF. */
function LetterFields({ errors, values }: { errors: FieldErrors; values: Record<string, string> }) {
  const { t } = useTranslation("applications");
  const upload = values.letter === "upload";
  const fileError = errors.letterFile;
  const languages = ["nb", "nn", "en"] as const;
  return (
    <fieldset className="ds-fieldset stack-sm">
      <legend className="ds-label">{t("casework.fields.letter")}</legend>
      <Field>
        <input className="ds-input" type="radio" id="decided-letter-generate" name="letter" value="generate" defaultChecked={!upload} aria-describedby="decided-letter-generate-hjelp" />
        <Label htmlFor="decided-letter-generate">{t("casework.fields.letterGenerate")}</Label>
        <Paragraph data-size="sm" id="decided-letter-generate-hjelp">
          {t("casework.fields.letterGenerateHelp")}
        </Paragraph>
      </Field>
      <Field>
        <Label htmlFor="decided-letterLanguage">{t("casework.fields.letterLanguage")}</Label>
        <Select id="decided-letterLanguage" name="letterLanguage" defaultValue={values.letterLanguage ?? "nb"}>
          {languages.map((l) => (
            <option key={l} value={l}>
              {t(`casework.languages.${l}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        <Label htmlFor="decided-legalBasis">{t("casework.fields.legalBasis")}</Label>
        <Paragraph data-size="sm" id="decided-legalBasis-hjelp">
          {t("casework.fields.legalBasisHelp")}
        </Paragraph>
        <textarea className="ds-input" rows={3} id="decided-legalBasis" name="legalBasis" defaultValue={values.legalBasis ?? ""} aria-describedby="decided-legalBasis-hjelp" />
      </Field>
      <Field>
        <input className="ds-input" type="radio" id="decided-letter-upload" name="letter" value="upload" defaultChecked={upload} />
        <Label htmlFor="decided-letter-upload">{t("casework.fields.letterUpload")}</Label>
      </Field>
      <Field>
        <Label htmlFor="decided-letterFile">{t("casework.fields.letterFile")}</Label>
        <Paragraph data-size="sm" id="decided-letterFile-hjelp">
          {t("casework.fields.letterFileHelp")}
        </Paragraph>
        <input
          className="ds-input"
          type="file"
          id="decided-letterFile"
          name="letterFile"
          accept="application/pdf,.pdf"
          aria-invalid={fileError ? true : undefined}
          aria-describedby={["decided-letterFile-hjelp", fileError ? "decided-letterFile-feil" : ""].filter(Boolean).join(" ")}
        />
        {fileError ? <ValidationMessage id="decided-letterFile-feil">{t(`casework.errors.${fileError.key}`)}</ValidationMessage> : null}
      </Field>
    </fieldset>
  );
}

/** One labelled field of an action form, with its help and error read out with it. */
function FormField(props: {
  action: CaseworkAction;
  name: string;
  label: string;
  help?: string;
  errors: FieldErrors;
  values: Record<string, string>;
  kind: "text" | "date" | "datetime-local" | "textarea" | "select";
  options?: { value: string; label: string }[];
  rows?: number;
}) {
  const { t } = useTranslation("employee");
  const id = `${props.action}-${props.name}`;
  const error = props.errors[props.name];
  const describedBy = [props.help ? `${id}-hjelp` : "", error ? `${id}-feil` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: props.name,
    defaultValue: props.values[props.name] ?? "",
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
  };
  let control: ReactNode;
  if (props.kind === "textarea") control = <textarea className="ds-input" rows={props.rows ?? 4} {...common} />;
  else if (props.kind === "select")
    control = (
      <Select {...common}>
        <option value="">{t("casework.fields.choose")}</option>
        {props.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    );
  else control = <Input type={props.kind} autoComplete="off" {...common} />;
  return (
    <Field>
      <Label htmlFor={id}>{props.label}</Label>
      {props.help ? (
        <Paragraph data-size="sm" id={`${id}-hjelp`}>
          {props.help}
        </Paragraph>
      ) : null}
      {control}
      {error ? <ValidationMessage id={`${id}-feil`}>{errorMessage(error, t)}</ValidationMessage> : null}
    </Field>
  );
}

/** The labels of a form's fields, for the error summary. */
function fieldLabels(action: CaseworkAction, loaded: Loaded, t: (key: string, values?: Record<string, unknown>) => string) {
  const labels: Record<string, string> = {
    caseNumber: t("casework.fields.caseNumber"),
    plannedAt: t("casework.fields.plannedAt"),
    expectedDecisionBy: t("casework.fields.expectedDecisionBy"),
    description:
      action === "documentation_requested"
        ? t("casework.fields.request")
        : action === "preliminary_reply"
        ? t("casework.fields.preliminaryMessage")
        : t("casework.fields.message"),
    dueDate: t("casework.fields.dueDate"),
    reasoning: action === "appeal_reconsidered" ? t("casework.fields.reasoningOptional") : t("casework.fields.reasoning"),
    criteria: t("casework.fields.criteria"),
    outcome: t("casework.fields.appealOutcome"),
    service: t("casework.fields.service"),
    startDate: t("casework.fields.startDate"),
    endDate: t("casework.fields.endDate"),
    letterFile: t("applications:casework.fields.letterFile"),
    fromDate: t("applications:casework.fields.fromDate"),
  };
  if (action === "service_changed") {
    labels.service = t("applications:casework.fields.changeService");
    labels.description = t("applications:casework.fields.changeDescription");
    labels.reasoning = t("applications:casework.fields.changeReasoning");
  }
  for (const s of loaded.services) {
    labels[outcomeField(s.slug)] = t("casework.fields.outcomeFor", {
      service: s.title,
    });
    labels[outcomeDescriptionField(s.slug)] = t("casework.fields.outcomeDescriptionFor", { service: s.title });
  }
  return labels;
}

function ActionForm({ action, loaded, result }: { action: CaseworkAction; loaded: Loaded; result: ActionResult | undefined }) {
  const { t } = useTranslation("employee");
  const navigation = useNavigation();
  const mine = result?.intent === action ? result : undefined;
  const errors = mine?.errors ?? {};
  const values = mine?.values ?? {};
  const key = mine?.key ?? loaded.keys[action] ?? "";
  const summaryRef = useRef<HTMLDivElement>(null);
  const hasErrors = Object.keys(errors).length > 0;
  useFocusWhen(summaryRef, hasErrors, [mine]);
  const labels = fieldLabels(action, loaded, t);
  const field = (name: string, kind: Parameters<typeof FormField>[0]["kind"], extra: Partial<Parameters<typeof FormField>[0]> = {}) => (
    <FormField action={action} name={name} label={labels[name] ?? name} kind={kind} errors={errors} values={values} {...extra} />
  );
  const outcomeOptions = loaded.outcomes.map((o) => ({
    value: o,
    label: t(`casework.outcomes.${o}`),
  }));
  const dateHelp = t("casework.fields.dateHelp");

  let fields: ReactNode;
  switch (action) {
    case "received":
      fields = field("caseNumber", "text");
      break;
    case "assessment_planned":
      fields = (
        <>
          {field("plannedAt", "datetime-local", {
            help: t("casework.fields.plannedAtHelp"),
          })}
          {field("description", "textarea", { rows: 3 })}
        </>
      );
      break;
    case "preliminary_reply":
      fields = (
        <>
          {field("expectedDecisionBy", "date", { help: dateHelp })}
          {field("description", "textarea", { rows: 3 })}
        </>
      );
      break;
    case "documentation_requested":
      fields = (
        <>
          {field("description", "textarea")}
          {field("dueDate", "date", { help: dateHelp })}
        </>
      );
      break;
    case "documentation_received":
    case "appeal_received":
    case "appeal_forwarded":
      fields = field("description", "textarea", { rows: 3 });
      break;
    case "decided":
      fields = (
        <>
          {loaded.services.map((s) => (
            <fieldset key={s.slug} className="ds-fieldset stack-sm">
              <legend className="ds-label">{s.title}</legend>
              {field(outcomeField(s.slug), "select", {
                options: outcomeOptions,
              })}
              {field(outcomeDescriptionField(s.slug), "textarea", { rows: 3 })}
            </fieldset>
          ))}
          {field("reasoning", "textarea", {
            rows: 6,
            help: t("casework.fields.reasoningHelp"),
          })}
          {field("criteria", "textarea", {
            rows: 4,
            help: t("casework.fields.criteriaHelp"),
          })}
          <LetterFields errors={errors} values={values} />
        </>
      );
      break;
    case "appeal_reconsidered":
    case "appeal_decided":
      fields = (
        <>
          {field("outcome", "select", { options: outcomeOptions })}
          {field("reasoning", "textarea", {
            rows: 6,
            help: t("casework.fields.reasoningHelp"),
          })}
        </>
      );
      break;
    case "service_started":
    case "service_ended":
      fields = (
        <>
          {field("service", "select", {
            options: loaded.serviceChoices[action].map((s) => ({
              value: s.slug,
              label: s.title,
            })),
          })}
          {field(action === "service_started" ? "startDate" : "endDate", "date", { help: dateHelp })}
          {field("description", "textarea", { rows: 3 })}
        </>
      );
      break;
    case "service_changed":
      fields = (
        <>
          {field("service", "select", {
            options: loaded.serviceChoices.service_changed.map((s) => ({ value: s.slug, label: s.title })),
          })}
          {field("description", "textarea", { rows: 3, help: t("applications:casework.fields.changeDescriptionHelp") })}
          {field("fromDate", "date", { help: dateHelp })}
          {field("reasoning", "textarea", { rows: 4 })}
        </>
      );
      break;
  }

  return (
    <details className="ds-details case-action" open={mine ? true : undefined}>
      <summary>{t([`casework.actions.${action}.title`, `applications:casework.actions.${action}.title`])}</summary>
      <Form method="post" className="stack-sm" noValidate key={key} encType={action === "decided" ? "multipart/form-data" : undefined}>
        {hasErrors ? (
          <div className="ds-error-summary" role="alert" ref={summaryRef} tabIndex={-1} autoFocus>
            <Heading level={3} data-size="xs">
              {t("casework.errorSummary")}
            </Heading>
            <ul className="ds-list">
              {Object.entries(errors).map(([name, e]) => (
                <li key={name}>
                  <FieldLink field={`${action}-${name}`}>
                    {labels[name] ?? name}: {errorMessage(e, t)}
                  </FieldLink>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <CsrfInput token={loaded.csrfToken} />
        <input type="hidden" name="intent" value={action} />
        <input type="hidden" name="key" value={key} />
        {fields}
        <div>
          <Button type="submit" aria-disabled={navigation.state !== "idle" || undefined}>
            {t([`casework.actions.${action}.submit`, `applications:casework.actions.${action}.submit`])}
          </Button>
        </div>
      </Form>
    </details>
  );
}

export default function CasePage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation("employee");
  const { t: applyT } = useTranslation("apply");
  const a = loaded.detail;
  const alertRef = useRef<HTMLDivElement>(null);
  useFocusWhen(alertRef, Boolean(result?.notAllowed), [result]);

  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/saksbehandler/saker">{t("casework.back")}</Link>
      </Paragraph>
      <Heading level={1} data-size="xl">
        {t("casework.title", { reference: a.reference })}
      </Heading>

      {loaded.saved && !result ? (
        <div className="ds-alert" data-color="success" role="status">
          <Paragraph>
            <strong>{t([`casework.actions.${loaded.saved}.done`, `applications:casework.actions.${loaded.saved}.done`])}</strong> {t("casework.savedBody")}
          </Paragraph>
        </div>
      ) : null}
      {result?.notAllowed ? (
        <div className="ds-alert" data-color="warning" role="alert" tabIndex={-1} ref={alertRef} autoFocus>
          <Paragraph>{t("casework.notAllowed")}</Paragraph>
        </div>
      ) : null}

      <section aria-labelledby="soker" className="stack-sm">
        <Heading level={2} data-size="md" id="soker">
          {t("casework.applicantHeading")}
        </Heading>
        <dl className="facts">
          <div>
            <dt>{t("casework.name")}</dt>
            <dd>{loaded.applicant.name}</dd>
          </div>
          <div>
            <dt>{t("casework.pid")}</dt>
            <dd>{loaded.applicant.maskedPid}</dd>
          </div>
          <div>
            <dt>{t("casework.reference")}</dt>
            <dd>{a.reference}</dd>
          </div>
          <div>
            <dt>{t("casework.services")}</dt>
            <dd>{loaded.services.map((s) => s.title).join(", ")}</dd>
          </div>
          <div>
            <dt>{t("casework.channel")}</dt>
            <dd>{t(`casework.channels.${a.channel}`)}</dd>
          </div>
          {a.receivedOn ? (
            <div>
              <dt>{t("casework.received")}</dt>
              <dd>{a.receivedOn}</dd>
            </div>
          ) : null}
        </dl>
        {a.channel !== "portal" ? <Paragraph data-size="sm">{t("casework.answersNote")}</Paragraph> : null}
      </section>

      <AssignmentSection loaded={loaded} />

      <section aria-labelledby="status" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="status">
          {t("casework.statusHeading")}
        </Heading>
        <Paragraph>
          <Tag data-color={stageColour(a.stage)}>{t(`casework.stage.${a.stage}`)}</Tag>
        </Paragraph>
        {loaded.deadlines.length > 0 ? (
          <ul className="ds-list">
            {loaded.deadlines.map((d) => (
              <li key={d.key}>
                {d.key.endsWith("Overdue") ? (
                  <strong>{t(`casework.deadlines.${d.key}`, { date: d.date })}</strong>
                ) : (
                  t(`casework.deadlines.${d.key}`, { date: d.date })
                )}
              </li>
            ))}
          </ul>
        ) : (
          <Paragraph>{t("casework.deadlines.none")}</Paragraph>
        )}
        {a.openDocumentationRequest?.description ? <Paragraph>{a.openDocumentationRequest.description}</Paragraph> : null}
      </section>

      <Decision a={a} audience="caseworker" documentBase="/saksbehandler/dokumenter" />
      <Appeal a={a} audience="caseworker" />
      <Services a={a} audience="caseworker" />
      {loaded.sentAnswers ? (
        <SentApplicationSection
          sent={loaded.sentAnswers}
          documentBase="/saksbehandler/dokumenter"
          heading={applyT("sent.caseworkerHeading")}
          intro={applyT("sent.caseworkerIntro", { date: loaded.sentAnswers.sentOn })}
        />
      ) : null}
      <ApplicantDocuments documents={loaded.applicantDocuments} />

      <section aria-labelledby="handlinger" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="handlinger">
          {t("casework.actionsHeading")}
        </Heading>
        {loaded.allowed.length > 0 ? (
          <>
            <Paragraph>{t("casework.actionsIntro")}</Paragraph>
            <div className="stack-sm">
              {loaded.allowed.map((action) => (
                <ActionForm key={action} action={action} loaded={loaded} result={result} />
              ))}
            </div>
          </>
        ) : (
          <Paragraph>{t("casework.noActions")}</Paragraph>
        )}
      </section>

      <ApplicationMessages threads={loaded.threads} applicationId={a.id} side="employee" />

      <Timeline
        heading={t("casework.timelineHeading")}
        timeline={a.timeline}
        services={a.services}
        audience="caseworker"
        documentBase="/saksbehandler/dokumenter"
      />
    </div>
  );
}

/** Who has the case, and the forms to take it, give it to a colleague or let it go (no JavaScript needed). */
function AssignmentSection({ loaded }: { loaded: Loaded }) {
  const { t } = useTranslation("employee");
  const { assignee, colleagues, me, saved } = loaded.assignment;
  const others = colleagues.filter((c) => c.id !== me);
  return (
    <section aria-labelledby="tildeling" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="tildeling">
        {t("casework.assignment.heading")}
      </Heading>
      {saved ? (
        <div className="ds-alert" data-color="success" role="status">
          <Paragraph>{assignee ? t("casework.assignment.savedTo", { name: assignee.name }) : t("casework.assignment.savedNone")}</Paragraph>
        </div>
      ) : null}
      <Paragraph>
        {assignee
          ? assignee.id === me
            ? t("casework.assignment.you")
            : t("casework.assignment.someone", { name: assignee.name })
          : t("casework.assignment.none")}
      </Paragraph>
      <Paragraph data-size="sm">{t("casework.assignment.note")}</Paragraph>
      <div style={{ display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "var(--ds-size-4)" }}>
        {assignee?.id !== me ? (
          <Form method="post">
            <CsrfInput token={loaded.csrfToken} />
            <input type="hidden" name="intent" value="assign" />
            <input type="hidden" name="assignee" value={me} />
            <Button type="submit">{t("casework.assignment.takeIt")}</Button>
          </Form>
        ) : null}
        {others.length > 0 ? (
          <Form method="post" style={{ display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "var(--ds-size-2)" }}>
            <CsrfInput token={loaded.csrfToken} />
            <input type="hidden" name="intent" value="assign" />
            <Field>
              <Label htmlFor="tildel-kollega">{t("casework.assignment.colleague")}</Label>
              <Select id="tildel-kollega" name="assignee" defaultValue={others.some((c) => c.id === assignee?.id) ? assignee?.id : others[0].id}>
                {others.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.unit ? `${c.name} (${c.unit})` : c.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" variant="secondary">
              {t("casework.assignment.give")}
            </Button>
          </Form>
        ) : null}
        {assignee ? (
          <Form method="post">
            <CsrfInput token={loaded.csrfToken} />
            <input type="hidden" name="intent" value="unassign" />
            <Button type="submit" variant="tertiary">
              {t("casework.assignment.remove")}
            </Button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
