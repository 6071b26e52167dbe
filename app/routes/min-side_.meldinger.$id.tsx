import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { assertCsrf, requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { describeError, logger } from "~/.server/logger";
import { checkFiles, clientKeyOf, readMessageForm } from "~/.server/messages/form";
import { openThreadForPerson, replyAsPerson } from "~/.server/messages/resident";
import { getCurrentMunicipality } from "~/.server/municipality";
import { CsrfInput } from "~/components/auth";
import { Button, Heading, Paragraph } from "~/components/ds";
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

// One of the resident's threads: the conversation (never the municipality's internal notes),
// when the municipality read each of their messages, when they can expect an answer (the unit's
// promise in working days), and a reply form. Opening it marks the municipality's answers as read.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: applicationsCss },
  { rel: "stylesheet", href: messagesCss },
];

async function context(request: Request) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const scope = { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id };
  return { session, locale, db, municipality, scope };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, locale, db, municipality, scope } = await context(request);
  const now = new Date();
  const opened = await openThreadForPerson(db, scope, params.id ?? "", now);
  const { thread } = opened;
  const sent = new URL(request.url).searchParams.get("sendt");
  return {
    // The reference only, never the subject or anything written.
    title: `${getFixedT(locale, "messages")("thread.title", { reference: thread.reference })} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    clientKey: crypto.randomUUID(),
    thread: {
      id: thread.id,
      reference: thread.reference,
      subject: thread.subject,
      state: thread.state,
      unit: opened.unit?.displayName[locale] ?? "",
      due:
        thread.state === "awaiting_municipality" && thread.dueAt
          ? { date: formatDate(thread.dueAt, locale), late: thread.dueAt.getTime() < now.getTime() }
          : null,
    },
    phone: municipality.contact.phone,
    application: opened.application ? { id: opened.application.id, reference: opened.application.reference } : null,
    messages: opened.messages.map((m) => ({
      id: m.id,
      fromResident: m.fromResident,
      author: m.fromResident ? null : { name: m.authorName, unit: m.authorUnit ?? "" },
      body: m.body,
      sent: formatDateTime(m.createdAt, locale),
      sentIso: m.createdAt.toISOString(),
      read: m.readAt ? formatDateTime(m.readAt, locale) : null,
      attachments: m.attachments.map((d) => ({ id: d.id, filename: d.filename })),
    })),
    notice: sent === "ny" ? ("new" as const) : sent === "1" ? ("reply" as const) : null,
  };
}

type ActionResult = { body: string; errors: MessageErrors; notSent: boolean; clientKey: string; hadFiles: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, db, scope } = await context(request);
  const { form, files } = await readMessageForm(request);
  assertCsrf(form, session);
  const body = bodyFromForm(form);
  const clientKey = clientKeyOf(form);
  const errors: MessageErrors = {};
  checkBody(body, errors);
  const accepted = checkFiles(files, errors);
  const answer = (status: number, notSent = false) =>
    data<ActionResult>({ body, errors, notSent, clientKey, hadFiles: files.length > 0 }, { status });
  if (Object.keys(errors).length > 0) return answer(400);
  try {
    const result = await replyAsPerson(db, {
      scope,
      author: { personId: session.person.id, name: `${session.person.givenName} ${session.person.familyName}` },
      threadId: params.id ?? "",
      body,
      clientKey,
      files: accepted,
    });
    if ("invalid" in result) throw new Response(null, { status: 400, statusText: "Bad Request" });
    logger.info("message.reply_sent", { side: "resident", duplicate: result.duplicate, attachments: accepted.length });
    return redirect(`/min-side/meldinger/${result.threadId}?sendt=1#svar`, 303);
  } catch (error) {
    if (error instanceof Response) throw error;
    logger.error("message.send_failed", { side: "resident", ...describeError(error) });
    return answer(503, true);
  }
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function ThreadPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation("messages");
  const { thread } = loaded;
  const errors = result?.errors ?? {};
  const filesAgain = result && result.hadFiles && (Object.keys(errors).length > 0 || result.notSent);
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/min-side/meldinger">{t("thread.back")}</Link>
      </Paragraph>
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {thread.subject}
        </Heading>
        <dl className="facts">
          <div>
            <dt>{t("thread.facts.reference")}</dt>
            <dd>{thread.reference}</dd>
          </div>
          <div>
            <dt>{t("thread.facts.unit")}</dt>
            <dd>{thread.unit}</dd>
          </div>
          <div>
            <dt>{t("thread.facts.state")}</dt>
            <dd>{t(`state.${thread.state}`)}</dd>
          </div>
          {loaded.application ? (
            <div>
              <dt>{t("thread.facts.application")}</dt>
              <dd>
                <Link to={`/min-side/soknader/${loaded.application.id}`}>
                  {t("thread.applicationLink", { reference: loaded.application.reference })}
                </Link>
              </dd>
            </div>
          ) : null}
        </dl>
      </div>

      {loaded.notice && !result ? (
        <div className="ds-alert" data-color="success" role="status">
          <Paragraph>{loaded.notice === "new" ? t("thread.newSentNotice", { reference: thread.reference }) : t("thread.sentNotice")}</Paragraph>
        </div>
      ) : null}

      {thread.due ? (
        thread.due.late ? (
          <div className="ds-alert" data-color="warning">
            <Paragraph>{t("thread.late", { phone: loaded.phone })}</Paragraph>
          </div>
        ) : (
          <Paragraph>
            <strong>{t("thread.expectReply", { date: thread.due.date })}</strong>
          </Paragraph>
        )
      ) : thread.state === "awaiting_resident" ? (
        <Paragraph>{t("thread.answered")}</Paragraph>
      ) : (
        <Paragraph>{t("thread.closed")}</Paragraph>
      )}

      <section aria-labelledby="samtalen" className="stack-sm">
        <Heading level={2} data-size="md" id="samtalen">
          {t("thread.messagesHeading")}
        </Heading>
        <ol className="conversation">
          {loaded.messages.map((m) => (
            <li key={m.id} className={m.fromResident ? "own" : undefined}>
              <div className="message-head">
                <span className="author">
                  {m.fromResident ? t("thread.you") : t("thread.fromMunicipality", { name: m.author?.name, unit: m.author?.unit })}
                </span>
                <time dateTime={m.sentIso}>{t("thread.sent", { time: m.sent })}</time>
              </div>
              <div>
                <WrittenText text={m.body} />
              </div>
              <MessageAttachments heading={t("thread.attachments")} attachments={m.attachments} href={(id) => `/min-side/dokumenter/${id}`} />
              {m.fromResident ? (
                <Paragraph data-size="sm" className="message-foot">
                  {m.read ? t("thread.readByMunicipality", { time: m.read }) : t("thread.notReadYet")}
                </Paragraph>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="svar" className="stack-sm">
        <Heading level={2} data-size="md" id="svar">
          {t("thread.replyHeading")}
        </Heading>
        <MessageErrorSummary
          errors={errors}
          labels={{ body: t("thread.reply"), vedlegg: t("new.attachments") }}
          heading={t("form.errorSummary")}
          notSent={result?.notSent ? `${t("form.notSent")}${filesAgain ? ` ${t("form.notSentFiles")}` : ""}` : undefined}
        />
        <Form
          method="post"
          encType="multipart/form-data"
          className="stack-sm message-form"
          noValidate
          key={result ? `r-${JSON.stringify(errors)}-${result.notSent}` : `new-${loaded.clientKey}`}
        >
          <CsrfInput token={loaded.csrfToken} />
          <input type="hidden" name="clientKey" value={result?.clientKey ?? loaded.clientKey} />
          <TextAreaField
            id="body"
            label={t("thread.reply")}
            help={t("new.bodyHelp", { max: bodyMax })}
            rows={6}
            defaultValue={result?.body ?? ""}
            required
            error={errors.body ? t(errors.body.key, errors.body.values) : undefined}
          />
          <FileField
            id="vedlegg"
            label={t("new.attachments")}
            help={`${t("new.attachmentsHelp", { max: maxAttachments })}${filesAgain && !result?.notSent ? ` ${t("form.errors.filesAgain")}` : ""}`}
            error={errors.vedlegg ? t(errors.vedlegg.key, errors.vedlegg.values) : undefined}
          />
          <div>
            <Button type="submit" aria-disabled={navigation.state === "submitting" || undefined}>
              {t("thread.send")}
            </Button>
          </div>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
