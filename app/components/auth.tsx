import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useNonce } from "~/utils/nonce";
import { Button, Heading, Paragraph } from "./ds";

/** The hidden field that ties a form to the session (checked by assertCsrf on the server). */
export function CsrfInput({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}

export function LogoutButton({ action, csrfToken }: { action: string; csrfToken: string }) {
  const { t } = useTranslation("auth");
  return (
    <Form method="post" action={action} reloadDocument className="logout-form">
      <CsrfInput token={csrfToken} />
      <Button type="submit" variant="secondary" data-size="sm">
        {t("logout.button")}
      </Button>
    </Form>
  );
}

/** The way on from a login or logout page: one main action (a full page load), and home. */
function NextSteps({ href, label }: { href: string; label: string }) {
  const { t } = useTranslation("auth");
  return (
    <ul className="plain-list">
      <li>
        <a className="ds-button" data-variant="primary" href={href}>
          {label}
        </a>
      </li>
      <li>
        <Link to="/">{t("problems.home")}</Link>
      </li>
    </ul>
  );
}

export type LoginProblem = { reason: string; retry: string };

export function LoginProblemView({ problem, employee = false }: { problem: LoginProblem; employee?: boolean }) {
  const { t } = useTranslation("auth");
  const key = problem.reason === "acr" && employee ? "acrEmployee" : problem.reason;
  return (
    <div className="stack">
      <Heading level={1} data-size="xl">
        {t("problems.title")}
      </Heading>
      <div className="ds-alert" data-color="warning" role="alert">
        <Paragraph>{t(`problems.${key}`)}</Paragraph>
      </div>
      <NextSteps href={problem.retry} label={t("problems.retry")} />
    </div>
  );
}

export function ExpiredView({ continueTo, employee = false }: { continueTo: string; employee?: boolean }) {
  const { t } = useTranslation("auth");
  return (
    <div className="stack">
      <Heading level={1} data-size="xl">
        {t("login.expiredHeading")}
      </Heading>
      <Paragraph className="lead">{t("login.expiredBody")}</Paragraph>
      <Paragraph>
        <a className="ds-button" data-variant="primary" href={continueTo}>
          {employee ? t("login.employeeContinue") : t("login.continue")}
        </a>
      </Paragraph>
    </div>
  );
}

/**
 * After the local logout: a form that POSTs the logout to the identity provider. It submits
 * itself; without JavaScript the resident presses the button.
 */
export function EndSessionRedirect({ endSession }: { endSession: { action: string; fields: Record<string, string> } }) {
  const { t } = useTranslation("auth");
  const nonce = useNonce();
  return (
    <div className="stack">
      <Heading level={1} data-size="xl">
        {t("logout.title")}
      </Heading>
      <Paragraph className="lead">{t("logout.redirecting")}</Paragraph>
      <form id="idp-logout" method="post" action={endSession.action}>
        {Object.entries(endSession.fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Button type="submit">{t("logout.continue")}</Button>
      </form>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: 'document.getElementById("idp-logout").submit();' }} />
    </div>
  );
}

type LoginPageData = { problem: LoginProblem; employee: boolean } | { continueTo: string; employee: boolean };

/** /logg-inn and /saksbehandler/logg-inn, when they do not send the browser straight on. */
export function LoginPage() {
  const data = useLoaderData() as LoginPageData;
  if ("problem" in data) return <LoginProblemView problem={data.problem} employee={data.employee} />;
  return <ExpiredView continueTo={data.continueTo} employee={data.employee} />;
}

/** The redirect URI, when the login failed. */
export function LoginCallbackPage() {
  const data = useLoaderData() as { problem: LoginProblem; employee: boolean };
  return <LoginProblemView problem={data.problem} employee={data.employee} />;
}

/** After POST: on to the identity provider. On a plain GET: what the address is for. */
export function LogoutPage() {
  const data = useActionData() as { endSession: { action: string; fields: Record<string, string> } } | undefined;
  const { t } = useTranslation("auth");
  if (data) return <EndSessionRedirect endSession={data.endSession} />;
  return (
    <div className="stack">
      <Heading level={1} data-size="xl">
        {t("logout.button")}
      </Heading>
      <Paragraph>
        <Link to="/">{t("problems.home")}</Link>
      </Paragraph>
    </div>
  );
}

export function LoggedOutPage({ loginHref }: { loginHref: string }) {
  const { t } = useTranslation("auth");
  return (
    <div className="stack">
      <Heading level={1} data-size="xl">
        {t("logout.doneTitle")}
      </Heading>
      <Paragraph className="lead">{t("logout.doneBody")}</Paragraph>
      <NextSteps href={loginHref} label={t("logout.loginAgain")} />
    </div>
  );
}
