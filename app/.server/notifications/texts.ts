// The fixed texts of notifications, chosen from the outbox row's `kind` and `locale` when it is
// sent. They say only that there is something to read and where to log in: never a service, a
// subject, a message text or anything else about the case (issue 4 and 5, "content-free").
import { isLanguage, type Language } from "~/i18n/config";
import { getFixedT } from "../i18n";
import type { NotificationKind } from "./outbox";

export type RenderedNotification = { subject: string; text: string };

export type RenderInput = {
  kind: NotificationKind;
  locale: string;
  municipality: string;
  publicUrl: string;
  /** inbox_digest only: the unit and how many threads wait without a caseworker. */
  digest?: { unit: string; count: number };
};

export function renderNotification(input: RenderInput): RenderedNotification {
  const lng: Language = isLanguage(input.locale) ? input.locale : "nb";
  const t = getFixedT(lng, "notifications");
  const values = {
    municipality: input.municipality,
    url: input.publicUrl.replace(/\/$/, ""),
    unit: input.digest?.unit ?? "",
    count: input.digest?.count ?? 0,
  };
  return {
    subject: t(`kinds.${input.kind}.subject`, values),
    text: t(`kinds.${input.kind}.text`, values),
  };
}

/** The e-mail body: the notification's text and a line saying it is automatic. */
export function emailBody(rendered: RenderedNotification, locale: string, municipality: string) {
  const lng: Language = isLanguage(locale) ? locale : "nb";
  return `${rendered.text}\n\n${getFixedT(lng, "notifications")("emailFooter", { municipality })}\n`;
}
