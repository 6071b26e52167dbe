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
  // The employee's tools, in this order, each shown to the roles that can use it.
  const tools = [
    { show: canCasework, href: "/saksbehandler/saker", title: t("tools.cases"), help: t("tools.casesHelp") },
    { show: canCasework, href: "/saksbehandler/innboks", title: messagesT("employeeHome.inbox"), help: messagesT("employeeHome.inboxHelp") },
    { show: canEdit, href: "/saksbehandler/maler", title: messagesT("employeeHome.templates"), help: messagesT("employeeHome.templatesHelp") },
    { show: canEdit, href: "/saksbehandler/tjenester", title: t("tools.services"), help: t("tools.servicesHelp") },
    { show: canCasework, href: "/saksbehandler/varsler", title: t("tools.notifications"), help: t("tools.notificationsHelp") },
  ].filter((tool) => tool.show);
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
        {tools.length > 0 ? (
          <ul className="card-grid">
            {tools.map((tool) => (
              <li key={tool.href}>
                <div className="ds-card">
                  <Heading level={3} data-size="xs">
                    <Link to={tool.href}>{tool.title}</Link>
                  </Heading>
                  <Paragraph data-size="sm">{tool.help}</Paragraph>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <Paragraph>{t("noTools")}</Paragraph>
        )}
      </section>
    </div>
  );
}
