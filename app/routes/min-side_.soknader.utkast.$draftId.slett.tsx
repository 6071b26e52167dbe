import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { deleteDraft, getDraft, type DraftScope } from "~/.server/applications/apply";
import { servicesPhrase } from "~/.server/applications/view";
import { assertCsrf, requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getCurrentMunicipality } from "~/.server/municipality";
import { catalog } from "~/.server/services/catalog-cache";
import { CsrfInput } from "~/components/auth";
import { Button, Heading, Paragraph } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import applyCss from "~/styles/apply.css?url";
import { formatDate } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";

// "Slett utkast": asks first (a plain page, so it works without JavaScript), then deletes the
// draft and its attachments. A sent draft cannot be deleted: it leads to its receipt.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: applyCss }];

async function load(request: Request, draftId: string | undefined) {
  const session = await requireResident(request);
  const locale = getLocale(request);
  const [db, municipality] = await Promise.all([getDb(), getCurrentMunicipality()]);
  const scope: DraftScope = { actorPersonId: session.person.id, subjectPersonId: session.person.id, municipalityId: municipality.id };
  const draft = await getDraft(db, scope, draftId ?? "");
  if (draft.applicationId) throw redirect(`/min-side/soknader/${draft.applicationId}/kvittering`, 303);
  return { session, locale, db, municipality, scope, draft };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, locale, db, municipality, draft } = await load(request, params.draftId);
  const titles = new Map((await catalog.list(db, municipality.id, locale)).map((s) => [s.slug, s.title]));
  return {
    title: `${getFixedT(locale, "apply")("deleteDraft.title")} – ${municipality.name}`,
    csrfToken: session.csrfToken,
    services: draft.serviceSlugs.length ? servicesPhrase(draft.serviceSlugs, titles, locale) : null,
    changedOn: formatDate(draft.updatedAt, locale),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireResident(request);
  const formData = await request.formData();
  assertCsrf(formData, session);
  const { db, scope, draft } = await load(request, params.draftId);
  await deleteDraft(db, scope, draft.id);
  return redirect("/min-side/soknader?utkast=slettet", 303);
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function DeleteDraft() {
  const loaded = useLoaderData<typeof loader>();
  const { t } = useTranslation("apply");
  return (
    <div className="stack">
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("deleteDraft.title")}
        </Heading>
        <Paragraph>
          {loaded.services ? t("drafts.item", { services: loaded.services }) : t("drafts.noServices")} –{" "}
          {t("drafts.changed", { date: loaded.changedOn })}
        </Paragraph>
        <Paragraph>{t("deleteDraft.body")}</Paragraph>
      </div>
      <Form method="post" className="apply-buttons">
        <CsrfInput token={loaded.csrfToken} />
        <Button type="submit" data-color="danger">
          {t("deleteDraft.confirm")}
        </Button>
        <Link to="/min-side/soknader">{t("deleteDraft.cancel")}</Link>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
