import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { assertCsrf, requireEmployee } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { describeError, logger } from "~/.server/logger";
import { checkFiles, clientKeyOf, readMessageForm } from "~/.server/messages/form";
import { assignThread, moveThread, openThreadForEmployee, replyAsEmployee, setThreadState } from "~/.server/messages/inbox";
import { listTemplates } from "~/.server/messages/templates";
import { listUnits } from "~/.server/messages/units";
import { getCurrentMunicipality } from "~/.server/municipality";
import { CsrfInput } from "~/components/auth";
import { Button, Field, Heading, Label, Paragraph, Select, Tag } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MessageErrorSummary } from "~/components/message-form";
import { WrittenText } from "~/components/written-text";
import { bodyFromForm, bodyMax, checkBody, maxAttachments, type MessageErrors } from "~/schemas/messages";
import applicationsCss from "~/styles/applications.css?url";
import messagesCss from "~/styles/messages.css?url";
import { formatDate, formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";
import { FileField } from "~/components/file-field";
import { MessageAttachments } from "~/components/message-attachments";
import { TextAreaField } from "~/components/text-area-field";
import { useFocusWhen } from "~/utils/focus";

// One thread in the caseworker's inbox: the resident (name and masked fødselsnummer), the
// application it is about, the whole conversation with internal notes, and what to do: take it or
// give it to a colleague, answer (optionally from one of the unit's templates, chosen with a plain
// GET form so it works without JavaScript), write an internal note, wait for the resident, close,
// reopen, move to another unit. Every opening is written to the resident's innsynslogg.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: applicationsCss },
  { rel: "stylesheet", href: messagesCss },
];

const intents = ["reply", "note", "assign-me", "assign", "unassign", "await-resident", "close", "reopen", "move"] as const;
type Intent = (typeof intents)[number];
const isIntent = (v: unknown): v is Intent => typeof v === "string" && (intents as readonly string[]).includes(v);
const savedKinds = ["reply", "note", "assigned", "state", "moved"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireEmployee(request, "caseworker");
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const now = new Date();
  // Opening is logged for the resident's innsynslogg (a 404 logs nothing).
  const opened = await openThreadForEmployee(db, session.employee, params.id ?? "", now);
  const url = new URL(request.url);
  const templates = await listTemplates(db, session.employee, { unitId: opened.unit.id });
  const chosen = templates.find((tpl) => tpl.id === url.searchParams.get("mal"));
  const saved = url.searchParams.get("lagret");
  const movedTo = url.searchParams.get("til");
  const t = getFixedT(locale, "messages");
  return {
    // The reference only: never the resident's name or the subject.
    title: `${t("caseThread.title", { reference: opened.thread.reference })} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    me: session.employee.id,
    // New keys each time the page is shown: the same form sent twice stores one message.
    keys: { reply: crypto.randomUUID(), note: crypto.randomUUID() },
    thread: {
      ...opened.thread,
      due: opened.thread.dueAt && opened.thread.state === "awaiting_municipality" ? formatDate(opened.thread.dueAt, locale) : null,
      dueAt: undefined,
      createdAt: undefined,
    },
    resident: opened.resident,
    application: opened.application,
    unit: { id: opened.unit.id, name: opened.unit.name },
    units: opened.units.filter((u) => u.id !== opened.unit.id).map((u) => ({ id: u.id, name: u.name })),
    assigned: opened.assigned,
    colleagues: opened.colleagues.filter((c) => c.id !== opened.assigned?.id),
    templates: templates.map((tpl) => ({ id: tpl.id, title: tpl.title })),
    template: chosen ? { id: chosen.id, body: chosen.body } : null,
    messages: opened.messages.map((m) => ({
      id: m.id,
      fromResident: m.fromResident,
      internal: m.internal,
      authorName: m.authorName,
      authorUnit: m.authorUnit ?? "",
      body: m.body,
      sent: formatDateTime(m.createdAt, locale),
      sentIso: m.createdAt.toISOString(),
      read: m.readAt ? formatDateTime(m.readAt, locale) : null,
      attachments: m.attachments.map((d) => ({ id: d.id, filename: d.filename })),
    })),
    saved: (savedKinds as readonly string[]).includes(saved ?? "") ? (saved as (typeof savedKinds)[number]) : null,
    movedTo: movedTo ? (await listUnits(db, session.employee.municipalityId)).find((u) => u.id === movedTo)?.name ?? null : null,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

type ActionResult = {
  intent: Intent;
  body: string;
  errors: MessageErrors & { choice?: { key: string } };
  notSent: boolean;
  clientKey: string;
  hadFiles: boolean;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireEmployee(request, "caseworker");
  const { form, files } = await readMessageForm(request);
  assertCsrf(form, session);
  const intent = form.get("intent");
  if (!isIntent(intent)) throw new Response(null, { status: 400, statusText: "Bad Request" });
  const db = await getDb();
  const actor = session.employee;
  const id = params.id ?? "";
  const back = (saved: (typeof savedKinds)[number], extra = "") => redirect(`/saksbehandler/innboks/${id}?lagret=${saved}${extra}`, 303);
  const body = bodyFromForm(form);
  const clientKey = clientKeyOf(form);
  const errors: ActionResult["errors"] = {};
  const answer = (status: number, notSent = false) =>
    data<ActionResult>({ intent, body, errors, notSent, clientKey, hadFiles: files.length > 0 }, { status });

  switch (intent) {
    case "reply":
    case "note": {
      checkBody(body, errors);
      const accepted = checkFiles(files, errors);
      if (Object.keys(errors).length > 0) return answer(400);
      try {
        const result = await replyAsEmployee(db, actor, {
          threadId: id,
          body,
          internal: intent === "note",
          clientKey,
          files: accepted,
          close: form.get("then") === "close",
        });
        if ("invalid" in result) throw new Response(null, { status: 400, statusText: "Bad Request" });
        logger.info("message.reply_sent", { side: "employee", internal: intent === "note", duplicate: result.duplicate });
        return back(intent);
      } catch (error) {
        if (error instanceof Response) throw error;
        logger.error("message.send_failed", { side: "employee", ...describeError(error) });
        return answer(503, true);
      }
    }
    case "assign-me":
    case "assign":
    case "unassign": {
      const employeeId = intent === "assign-me" ? actor.id : intent === "unassign" ? null : String(form.get("employee") ?? "");
      const result = await assignThread(db, actor, id, employeeId);
      if (!result.ok) {
        errors.choice = { key: "caseThread.invalidChoice" };
        return answer(400);
      }
      return back("assigned");
    }
    case "await-resident":
    case "close":
    case "reopen": {
      const state = intent === "await-resident" ? "awaiting_resident" : intent === "close" ? "closed" : "awaiting_municipality";
      await setThreadState(db, actor, id, state);
      return back("state");
    }
    case "move": {
      const unitId = String(form.get("unit") ?? "");
      const result = await moveThread(db, actor, id, unitId);
      if (!result.ok) {
        errors.choice = { key: "caseThread.invalidChoice" };
        return answer(400);
      }
      return back("moved", `&til=${encodeURIComponent(unitId)}`);
    }
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function WriteForm({ kind, loaded, result }: { kind: "reply" | "note"; loaded: Loaded; result: ActionResult | undefined }) {
  const { t } = useTranslation("messages");
  const navigation = useNavigation();
  const mine = result?.intent === kind ? result : undefined;
  const errors = mine?.errors ?? {};
  const field = kind === "reply" ? "body" : "note";
  const fileField = kind === "reply" ? "vedlegg" : "note-vedlegg";
  const fieldErrors = { [field]: errors.body, [fileField]: errors.vedlegg };
  const label = kind === "reply" ? t("caseThread.reply") : t("caseThread.note");
  const initial = mine ? mine.body : kind === "reply" ? (loaded.template?.body ?? "") : "";
  return (
    <div className="stack-sm">
      <MessageErrorSummary
        errors={fieldErrors}
        labels={{ [field]: label, [fileField]: t("caseThread.attachments") }}
        heading={t("caseThread.errorSummary")}
        notSent={mine?.notSent ? t("caseThread.notSent") : undefined}
      />
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack-sm message-form"
        noValidate
        key={mine ? `r-${JSON.stringify(errors)}-${mine.notSent}` : `${kind}-${loaded.keys[kind]}-${loaded.template?.id ?? ""}`}
      >
        <CsrfInput token={loaded.csrfToken} />
        <input type="hidden" name="intent" value={kind} />
        <input type="hidden" name="clientKey" value={mine?.clientKey ?? loaded.keys[kind]} />
        <TextAreaField
          id={field}
          name="body"
          label={label}
          help={
            <>
              {kind === "reply" ? t("caseThread.replyHelp") : t("caseThread.noteHelp")} {t("new.bodyHelp", { max: bodyMax })}
            </>
          }
          rows={kind === "reply" ? 8 : 4}
          defaultValue={initial}
          required
          error={errors.body ? t(errors.body.key, errors.body.values) : undefined}
        />
        <FileField
          id={fileField}
          name="vedlegg"
          label={t("caseThread.attachments")}
          help={t("caseThread.attachmentsHelp", { max: maxAttachments })}
          error={errors.vedlegg ? t(errors.vedlegg.key, errors.vedlegg.values) : undefined}
        />
        <div className="button-row">
          {kind === "reply" ? (
            <>
              <Button type="submit" aria-disabled={navigation.state !== "idle" || undefined}>
                {t("caseThread.sendReply")}
              </Button>
              <Button type="submit" name="then" value="close" variant="secondary" aria-disabled={navigation.state !== "idle" || undefined}>
                {t("caseThread.sendAndClose")}
              </Button>
            </>
          ) : (
            <Button type="submit" variant="secondary" aria-disabled={navigation.state !== "idle" || undefined}>
              {t("caseThread.saveNote")}
            </Button>
          )}
        </div>
      </Form>
    </div>
  );
}

function IntentButton({ intent, label, csrf, variant = "secondary" }: { intent: Intent; label: string; csrf: string; variant?: "primary" | "secondary" | "tertiary" }) {
  return (
    <Form method="post">
      <CsrfInput token={csrf} />
      <input type="hidden" name="intent" value={intent} />
      <Button type="submit" variant={variant}>
        {label}
      </Button>
    </Form>
  );
}

export default function InboxThreadPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation("messages");
  const { thread } = loaded;
  const choiceRef = useRef<HTMLDivElement>(null);
  useFocusWhen(choiceRef, Boolean(result?.errors.choice), [result]);
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/saksbehandler/innboks">{t("caseThread.back")}</Link>
      </Paragraph>
      <Heading level={1} data-size="xl">
        {t("caseThread.title", { reference: thread.reference })}
      </Heading>

      {loaded.saved && !result ? (
        <div className="ds-alert" data-color="success" role="status">
          <Paragraph>{t(`caseThread.saved.${loaded.saved}`, { unit: loaded.movedTo ?? "" })}</Paragraph>
        </div>
      ) : null}
      {result?.errors.choice ? (
        <div className="ds-alert" data-color="warning" role="alert" tabIndex={-1} ref={choiceRef} autoFocus>
          <Paragraph>{t(result.errors.choice.key)}</Paragraph>
        </div>
      ) : null}

      <section aria-labelledby="om" className="stack-sm">
        <Heading level={2} data-size="md" id="om">
          {t("caseThread.factsHeading")}
        </Heading>
        <dl className="facts">
          <div>
            <dt>{t("caseThread.facts.resident")}</dt>
            <dd>{loaded.resident.name}</dd>
          </div>
          <div>
            <dt>{t("caseThread.facts.pid")}</dt>
            <dd>{loaded.resident.maskedPid}</dd>
          </div>
          <div>
            <dt>{t("caseThread.facts.subject")}</dt>
            <dd>{thread.subject}</dd>
          </div>
          <div>
            <dt>{t("caseThread.facts.unit")}</dt>
            <dd>{loaded.unit.name}</dd>
          </div>
          <div>
            <dt>{t("caseThread.facts.state")}</dt>
            <dd>{t(`caseState.${thread.state}`)}</dd>
          </div>
          {thread.due ? (
            <div>
              <dt>{t("caseThread.facts.due")}</dt>
              <dd>
                {thread.overdue ? (
                  <>
                    <strong>{t("caseThread.dueOverdue", { date: thread.due })}</strong> <Tag data-color="danger">{t("inbox.overdue")}</Tag>
                  </>
                ) : (
                  thread.due
                )}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t("caseThread.facts.assigned")}</dt>
            <dd>{loaded.assigned?.name ?? t("caseThread.nobody")}</dd>
          </div>
          {loaded.application ? (
            <div>
              <dt>{t("caseThread.facts.application")}</dt>
              <dd>
                <Link to={`/saksbehandler/saker/${loaded.application.id}`}>{loaded.application.reference}</Link>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="samtalen" className="stack-sm">
        <Heading level={2} data-size="md" id="samtalen">
          {t("caseThread.messagesHeading")}
        </Heading>
        <ol className="conversation">
          {loaded.messages.map((m) => (
            <li key={m.id} className={m.internal ? "internal" : m.fromResident ? undefined : "own"}>
              {m.internal ? (
                <Paragraph data-size="sm">
                  <Tag data-color="warning">{t("caseThread.internal")}</Tag>
                </Paragraph>
              ) : null}
              <div className="message-head">
                <span className="author">
                  {m.fromResident
                    ? t("caseThread.fromResident", { name: m.authorName })
                    : t("caseThread.fromEmployee", { name: m.authorName, unit: m.authorUnit })}
                </span>
                <time dateTime={m.sentIso}>{t("caseThread.sent", { time: m.sent })}</time>
              </div>
              <div>
                <WrittenText text={m.body} />
              </div>
              <MessageAttachments heading={t("caseThread.attachments")} attachments={m.attachments} href={(id) => `/saksbehandler/dokumenter/${id}`} />
              {!m.fromResident && !m.internal ? (
                <Paragraph data-size="sm" className="message-foot">
                  {m.read ? t("caseThread.readByResident", { time: m.read }) : t("caseThread.notReadByResident")}
                </Paragraph>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="saksbehandler" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="saksbehandler">
          {t("caseThread.assignHeading")}
        </Heading>
        <div className="inline-forms">
          {loaded.assigned?.id !== loaded.me ? <IntentButton intent="assign-me" label={t("caseThread.assignMe")} csrf={loaded.csrfToken} /> : null}
          {loaded.assigned ? <IntentButton intent="unassign" label={t("caseThread.unassign")} csrf={loaded.csrfToken} variant="tertiary" /> : null}
        </div>
        {loaded.colleagues.length > 0 ? (
          <Form method="post" className="inline-forms">
            <CsrfInput token={loaded.csrfToken} />
            <input type="hidden" name="intent" value="assign" />
            <Field>
              <Label htmlFor="employee">{t("caseThread.colleague")}</Label>
              <Select id="employee" name="employee" defaultValue="">
                <option value="">{t("caseThread.chooseColleague")}</option>
                {loaded.colleagues.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" variant="secondary">
              {t("caseThread.assign")}
            </Button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="svar" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="svar">
          {t("caseThread.replyHeading")}
        </Heading>
        {loaded.templates.length > 0 ? (
          <Form method="get" className="inline-forms" preventScrollReset>
            <Field>
              <Label htmlFor="mal">{t("caseThread.template")}</Label>
              <Select id="mal" name="mal" defaultValue={loaded.template?.id ?? ""}>
                <option value="">{t("caseThread.templateNone")}</option>
                {loaded.templates.map((tpl) => (
                  <option key={tpl.id} value={tpl.id}>
                    {tpl.title}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" variant="secondary">
              {t("caseThread.useTemplate")}
            </Button>
          </Form>
        ) : null}
        <WriteForm kind="reply" loaded={loaded} result={result} />
      </section>

      <section aria-labelledby="notat" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="notat">
          {t("caseThread.noteHeading")}
        </Heading>
        <WriteForm kind="note" loaded={loaded} result={result} />
      </section>

      <section aria-labelledby="status" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="status">
          {t("caseThread.stateHeading")}
        </Heading>
        <div className="inline-forms">
          {thread.state !== "awaiting_resident" ? (
            <IntentButton intent="await-resident" label={t("caseThread.awaitResident")} csrf={loaded.csrfToken} />
          ) : null}
          {thread.state !== "closed" ? <IntentButton intent="close" label={t("caseThread.close")} csrf={loaded.csrfToken} /> : null}
          {thread.state !== "awaiting_municipality" ? (
            <IntentButton intent="reopen" label={t("caseThread.reopen")} csrf={loaded.csrfToken} />
          ) : null}
        </div>
      </section>

      {loaded.units.length > 0 ? (
        <section aria-labelledby="flytt" className="stack-sm service-section">
          <Heading level={2} data-size="md" id="flytt">
            {t("caseThread.moveHeading")}
          </Heading>
          <Form method="post" className="inline-forms">
            <CsrfInput token={loaded.csrfToken} />
            <input type="hidden" name="intent" value="move" />
            <Field>
              <Label htmlFor="unit">{t("caseThread.moveTo")}</Label>
              <Select id="unit" name="unit" defaultValue="">
                <option value="">{t("caseThread.chooseUnit")}</option>
                {loaded.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" variant="secondary">
              {t("caseThread.move")}
            </Button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
