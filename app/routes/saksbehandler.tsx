import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireEmployee } from "~/.server/auth/session";
import { LogoutButton } from "~/components/auth";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Paragraph } from "~/components/ds";
import { SessionTimeout } from "~/components/session-timeout";

// Everything under /saksbehandler needs the employee login (its own session and cookie).
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireEmployee(request);
  return {
    employee: {
      name: session.employee.name,
      unit: session.employee.unit,
      roles: session.employee.roles,
    },
    csrfToken: session.csrfToken,
    idleExpiresAt: session.idleExpiresAt.toISOString(),
  };
}

export default function EmployeeLayout() {
  const { employee, csrfToken, idleExpiresAt } = useLoaderData<typeof loader>();
  const { t } = useTranslation("employee");
  const canEdit = employee.roles.includes("editor") || employee.roles.includes("admin");
  const canCasework = employee.roles.includes("caseworker") || employee.roles.includes("admin");
  return (
    <div className="stack">
      <div className="employee-bar">
        <nav aria-label={t("portalName")}>
          <ul className="plain-list">
            <li>
              <Link to="/saksbehandler">{t("nav.home")}</Link>
            </li>
            {canCasework ? (
              <li>
                <Link to="/saksbehandler/saker">{t("nav.cases")}</Link>
              </li>
            ) : null}
            {canCasework ? (
              <li>
                <Link to="/saksbehandler/innboks">{t("nav.inbox")}</Link>
              </li>
            ) : null}
            {canEdit ? (
              <li>
                <Link to="/saksbehandler/tjenester">{t("nav.services")}</Link>
              </li>
            ) : null}
          </ul>
        </nav>
        <Paragraph data-size="sm">
          {t("greeting", { name: employee.name })} ({employee.roles.map((r) => t(`roles.${r}`)).join(", ")})
        </Paragraph>
        <LogoutButton action="/saksbehandler/logg-ut" csrfToken={csrfToken} />
      </div>
      <Outlet />
      <SessionTimeout kind="employee" idleExpiresAt={idleExpiresAt} csrfToken={csrfToken} logoutAction="/saksbehandler/logg-ut" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
