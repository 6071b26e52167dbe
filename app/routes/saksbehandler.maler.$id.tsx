import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { assertCsrf, requireEmployee } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { templateFormAction, type TemplateFormResult } from "~/.server/messages/template-routes";
import { archiveTemplate, getTemplate } from "~/.server/messages/templates";
import { listUnits } from "~/.server/messages/units";
import { getCurrentMunicipality } from "~/.server/municipality";
import { CsrfInput } from "~/components/auth";
import { Button, Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TemplateForm } from "~/components/template-form";
import { pageMeta } from "~/utils/meta";

// Changing, archiving or restoring one reply template (editors). Another municipality's: 404.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireEmployee(request, "editor");
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const template = await getTemplate(db, session.employee, params.id ?? "");
  const units = await listUnits(db, session.employee.municipalityId);
  const notice = new URL(request.url).searchParams.get("lagret");
  return {
    title: `${getFixedT(locale, "messages")("templates.editTitle")} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    units: units.map((u) => ({ id: u.id, name: u.name })),
    template: { id: template.id, unitId: template.unitId, title: template.title, body: template.body, archived: template.archivedAt !== null },
    notice: notice === "1" ? ("saved" as const) : notice === "arkivert" ? ("archived" as const) : notice === "gjenopprettet" ? ("restored" as const) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const intent = (await request.clone().formData()).get("intent");
  if (intent === "archive" || intent === "restore") {
    const session = await requireEmployee(request, "editor");
    const form = await request.formData();
    assertCsrf(form, session);
    await archiveTemplate(await getDb(), session.employee, params.id ?? "", intent === "archive");
    return redirect(`/saksbehandler/maler/${params.id}?lagret=${intent === "archive" ? "arkivert" : "gjenopprettet"}`, 303);
  }
  const session = await requireEmployee(request, "editor");
  await getTemplate(await getDb(), session.employee, params.id ?? "");
  return templateFormAction(request, params.id);
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function EditTemplatePage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TemplateFormResult | undefined;
  const { t } = useTranslation("messages");
  const tpl = loaded.template;
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/saksbehandler/maler">{t("templates.back")}</Link>
      </Paragraph>
      <Heading level={1} data-size="xl">
        {t("templates.editTitle")}
      </Heading>
      {loaded.notice && !result ? (
        <div className="ds-alert" data-color="success" role="status">
          <Paragraph>{t(`templates.${loaded.notice}`)}</Paragraph>
        </div>
      ) : null}
      {tpl.archived ? <Paragraph>{t("templates.isArchived")}</Paragraph> : null}
      <TemplateForm
        csrfToken={loaded.csrfToken}
        units={loaded.units}
        values={result?.values ?? { unitId: tpl.unitId, title: tpl.title, body: tpl.body }}
        errors={result?.errors ?? {}}
      />
      <Form method="post">
        <CsrfInput token={loaded.csrfToken} />
        <input type="hidden" name="intent" value={tpl.archived ? "restore" : "archive"} />
        <Button type="submit" variant="secondary">
          {tpl.archived ? t("templates.restore") : t("templates.archive")}
        </Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
