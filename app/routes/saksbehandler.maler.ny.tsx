import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireEmployee } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { templateFormAction, type TemplateFormResult } from "~/.server/messages/template-routes";
import { listUnits, unitOfEmployee } from "~/.server/messages/units";
import { getCurrentMunicipality } from "~/.server/municipality";
import { Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TemplateForm } from "~/components/template-form";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireEmployee(request, "editor");
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const units = await listUnits(db, session.employee.municipalityId);
  return {
    title: `${getFixedT(locale, "messages")("templates.newTitle")} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    units: units.map((u) => ({ id: u.id, name: u.name })),
    unitId: unitOfEmployee(units, session.employee.unit)?.id ?? "",
  };
}

export const action = ({ request }: ActionFunctionArgs) => templateFormAction(request);

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function NewTemplatePage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as TemplateFormResult | undefined;
  const { t } = useTranslation("messages");
  return (
    <div className="stack">
      <Paragraph data-size="sm">
        <Link to="/saksbehandler/maler">{t("templates.back")}</Link>
      </Paragraph>
      <Heading level={1} data-size="xl">
        {t("templates.newTitle")}
      </Heading>
      <TemplateForm
        csrfToken={loaded.csrfToken}
        units={loaded.units}
        values={result?.values ?? { unitId: loaded.unitId, title: "", body: "" }}
        errors={result?.errors ?? {}}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
