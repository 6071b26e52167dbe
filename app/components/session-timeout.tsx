import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "./auth";
import { Button, Heading, Paragraph } from "./ds";

const warnBeforeMs = 2 * 60 * 1000;

type Props = {
  kind: "resident" | "employee";
  idleExpiresAt: string;
  csrfToken: string;
  logoutAction: string;
};

/**
 * Warns shortly before an idle session ends, with a way to stay logged in. When the time is up
 * it reloads the page, which sends the resident to the "you have been logged out" page.
 *
 * The warning needs JavaScript (a timer, a modal dialog), so the server does not write it into
 * the page: it is added once the page runs in the browser. Without JavaScript the closed dialog
 * could never open, and every logged-in page paid for rendering it.
 */
export function SessionTimeout(props: Props) {
  const [running, setRunning] = useState(false);
  useEffect(() => setRunning(true), []);
  return running ? <SessionTimeoutDialog {...props} /> : null;
}

function SessionTimeoutDialog({
  kind,
  idleExpiresAt,
  csrfToken,
  logoutAction,
}: Props) {
  const { t } = useTranslation("auth");
  const fetcher = useFetcher<{ active: boolean; idleExpiresAt?: string }>();
  const [expiresAt, setExpiresAt] = useState(() => new Date(idleExpiresAt).getTime());
  const [now, setNow] = useState(() => Date.now());
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => setExpiresAt(new Date(idleExpiresAt).getTime()), [idleExpiresAt]);
  useEffect(() => {
    if (fetcher.data?.idleExpiresAt) setExpiresAt(new Date(fetcher.data.idleExpiresAt).getTime());
  }, [fetcher.data]);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 5_000);
    return () => window.clearInterval(timer);
  }, []);

  const remaining = expiresAt - now;
  const warn = remaining > 0 && remaining <= warnBeforeMs;
  useEffect(() => {
    if (remaining <= 0) window.location.reload();
    const el = dialog.current;
    if (!el) return;
    if (warn && !el.open) el.showModal();
    if (!warn && el.open) el.close();
  }, [warn, remaining]);

  return (
    <dialog ref={dialog} className="ds-dialog session-dialog" aria-labelledby="sesjon-tittel">
      <div className="stack-sm">
        <Heading level={2} data-size="sm" id="sesjon-tittel">
          {t("session.warningHeading")}
        </Heading>
        <Paragraph>{t("session.warningBody", { minutes: Math.max(1, Math.ceil(remaining / 60_000)) })}</Paragraph>
        <div className="plain-list">
          <fetcher.Form method="post" action="/sesjon">
            <CsrfInput token={csrfToken} />
            <input type="hidden" name="kind" value={kind} />
            <Button type="submit">{t("session.stay")}</Button>
          </fetcher.Form>
          <form method="post" action={logoutAction}>
            <CsrfInput token={csrfToken} />
            <Button type="submit" variant="secondary">
              {t("session.logoutNow")}
            </Button>
          </form>
        </div>
      </div>
    </dialog>
  );
}
