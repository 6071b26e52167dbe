import type { MetaFunction } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Heading, Paragraph } from "~/components/ds";
import { rootTitleMeta } from "~/utils/meta";
import type { loader as layoutLoader } from "./saksbehandler";

export const meta: MetaFunction = (args) => rootTitleMeta(args, "employeeHome");

export default function EmployeeHome() {
  const data = useRouteLoaderData<typeof layoutLoader>("routes/saksbehandler");
  const { t } = useTranslation("employee");
  const { t: messagesT } = useTranslation("messages");
  if (!data) return null;
  const { employee } = data;
  const canEdit = employee.roles.includes("editor") || employee.roles.includes("admin");
  const canCasework = employee.roles.includes("caseworker") || employee.roles.includes("admin");
  return (
    <div className="stack">
      <Heading level={1} data-size="xl">
        {t("title")}
      </Heading>
      <div className="stack-sm">
        <Paragraph>{t("greeting", { name: employee.name })}</Paragraph>
        <Paragraph>
          {t("roleList", {
            roles: employee.roles.map((r) => t(`roles.${r}`)).join(", "),
          })}
        </Paragraph>
        {employee.unit ? <Paragraph>{t("unit", { unit: employee.unit })}</Paragraph> : null}
      </div>
      <section aria-labelledby="verktoy" className="stack-sm">
        <Heading level={2} data-size="md" id="verktoy">
          {t("toolsHeading")}
        </Heading>
        {canEdit || canCasework ? (
          <ul className="card-grid">
            {canCasework ? (
              <li>
                <div className="ds-card">
                  <Heading level={3} data-size="xs">
                    <Link to="/saksbehandler/saker">{t("tools.cases")}</Link>
                  </Heading>
                  <Paragraph data-size="sm">{t("tools.casesHelp")}</Paragraph>
                </div>
              </li>
            ) : null}
            {canCasework ? (
              <li>
                <div className="ds-card">
                  <Heading level={3} data-size="xs">
                    <Link to="/saksbehandler/innboks">{messagesT("employeeHome.inbox")}</Link>
                  </Heading>
                  <Paragraph data-size="sm">{messagesT("employeeHome.inboxHelp")}</Paragraph>
                </div>
              </li>
            ) : null}
            {canEdit ? (
              <li>
                <div className="ds-card">
                  <Heading level={3} data-size="xs">
                    <Link to="/saksbehandler/maler">{messagesT("employeeHome.templates")}</Link>
                  </Heading>
                  <Paragraph data-size="sm">{messagesT("employeeHome.templatesHelp")}</Paragraph>
                </div>
              </li>
            ) : null}
            {canEdit ? (
              <li>
                <div className="ds-card">
                  <Heading level={3} data-size="xs">
                    <Link to="/saksbehandler/tjenester">{t("tools.services")}</Link>
                  </Heading>
                  <Paragraph data-size="sm">{t("tools.servicesHelp")}</Paragraph>
                </div>
              </li>
            ) : null}
            {canCasework ? (
              <li>
                <div className="ds-card">
                  <Heading level={3} data-size="xs">
                    <Link to="/saksbehandler/varsler">{t("tools.notifications")}</Link>
                  </Heading>
                  <Paragraph data-size="sm">{t("tools.notificationsHelp")}</Paragraph>
                </div>
              </li>
            ) : null}
          </ul>
        ) : (
          <Paragraph>{t("noTools")}</Paragraph>
        )}
      </section>
    </div>
  );
}
