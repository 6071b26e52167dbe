import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getEnv } from "~/.server/env";
import { getFixedT, getLocale } from "~/.server/i18n";
import { capturedMessages, devOutboxEnabled } from "~/.server/notifications/transports";
import { Heading, Paragraph, Tag } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";

// /dev/utboks: what a demo without SMTP_URL / SMS_GATEWAY_URL would have sent, captured in this
// process's memory by the notification workers. Like /dev-idporten it does not exist when
// PORTAL_ENV=production (404), where notifications go out through SMTP and the SMS gateway.

type OutboxText = {
  title: string;
  badge: string;
  intro: string;
  empty: string;
  caption: string;
  time: string;
  channel: string;
  recipient: string;
  subject: string;
  text: string;
  channels: Record<"email" | "sms", string>;
  noSubject: string;
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (!devOutboxEnabled(getEnv())) throw new Response(null, { status: 404 });
  const locale = getLocale(request);
  const text = getFixedT(locale, "notifications")("devOutbox", { returnObjects: true }) as OutboxText;
  const messages = capturedMessages().map((m, index) => ({
    key: `${m.at}-${index}`,
    at: m.at,
    when: formatDateTime(m.at, locale),
    channel: text.channels[m.channel],
    recipient: m.recipient,
    subject: m.subject,
    text: m.text,
  }));
  return { text, messages };
}

export const meta: MetaFunction<typeof loader> = (args) => [...pageMeta(args, args.data?.text.title), { name: "robots", content: "noindex" }];

export default function DevOutbox() {
  const { text, messages } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="stack-sm">
        <Tag data-color="warning">{text.badge}</Tag>
        <Heading level={1} data-size="xl">
          {text.title}
        </Heading>
        <Paragraph>{text.intro}</Paragraph>
      </div>
      {messages.length === 0 ? (
        <Paragraph>{text.empty}</Paragraph>
      ) : (
        <div className="table-wrap">
          <table className="ds-table" data-border="true">
            <caption>{text.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{text.time}</th>
                <th scope="col">{text.channel}</th>
                <th scope="col">{text.recipient}</th>
                <th scope="col">{text.subject}</th>
                <th scope="col">{text.text}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.key}>
                  <td>
                    <time dateTime={m.at}>{m.when}</time>
                  </td>
                  <td>{m.channel}</td>
                  <td>{m.recipient}</td>
                  <td>{m.subject ?? text.noSubject}</td>
                  <td>
                    {m.text
                      .split(/\n{2,}/)
                      .filter(Boolean)
                      .map((paragraph, i) => (
                        <Paragraph key={i} data-size="sm">
                          {paragraph}
                        </Paragraph>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
