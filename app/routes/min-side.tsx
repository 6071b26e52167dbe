import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { updateContactDetails } from "~/.server/auth/people";
import { assertCsrf, requireResident } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { unreadThreadCount } from "~/.server/messages/resident";
import { getCurrentMunicipality } from "~/.server/municipality";
import { decrypt } from "~/.server/secrets";
import { CsrfInput } from "~/components/auth";
import { ErrorSummary } from "~/components/error-summary";
import { Button, Heading, Input, Paragraph } from "~/components/ds";
import { FieldFrame } from "~/components/field-frame";
import { contactSchema, formatMobile } from "~/schemas/account";
import { maskFodselsnummer } from "~/utils/fodselsnummer";
import { pageMeta } from "~/utils/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireResident(request);
  const { person } = session;
  const municipality = await getCurrentMunicipality();
  const unreadMessages = await unreadThreadCount(await getDb(), {
    actorPersonId: person.id,
    subjectPersonId: person.id,
    municipalityId: municipality.id,
  });
  return {
    title: getFixedT(getLocale(request), "account")("title"),
    unreadMessages,
    name: `${person.givenName} ${person.familyName}`,
    givenName: person.givenName,
    maskedPid: maskFodselsnummer(decrypt(person.pidCiphertext)),
    acr: session.acr,
    email: person.email ?? "",
    mobile: formatMobile(person.mobile),
    reservedInKrr: person.reservedInKrr,
    csrfToken: session.csrfToken,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireResident(request);
  const formData = await request.formData();
  assertCsrf(formData, session);
  const values = { email: String(formData.get("email") ?? ""), mobile: String(formData.get("mobile") ?? "") };
  const parsed = contactSchema.safeParse(values);
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ saved: false as const, errors, values }, { status: 400 });
  }
  await updateContactDetails(await getDb(), session.person.id, parsed.data);
  return { saved: true as const, errors: {} as Record<string, string>, values };
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function MinSide() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("account");
  const { t: messagesT } = useTranslation("messages");
  const { t: applyT } = useTranslation("apply");
  const errors: Record<string, string> = result?.errors ?? {};
  const values = result && !result.saved ? result.values : { email: loaded.email, mobile: loaded.mobile };
  const fields = [
    { name: "email", type: "email", autoComplete: "email", inputMode: "email" as const },
    { name: "mobile", type: "tel", autoComplete: "tel", inputMode: "tel" as const },
  ];
  return (
    <div className="stack">
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {t("greeting", { name: loaded.givenName })}
        </Heading>
        <Paragraph>{t("identity", { name: loaded.name, pid: loaded.maskedPid })}</Paragraph>
        {loaded.acr ? <Paragraph data-size="sm">{t(`levels.${loaded.acr}`)}</Paragraph> : null}
      </div>

      <section aria-labelledby="kontakt" className="stack-sm service-section">
        <Heading level={2} data-size="md" id="kontakt">
          {t("contact.heading")}
        </Heading>
        <Paragraph>{t("contact.intro")}</Paragraph>
        {loaded.reservedInKrr ? (
          <div className="ds-alert" data-color="info">
            <Paragraph>{t("contact.reservedInKrr")}</Paragraph>
          </div>
        ) : null}
        {result?.saved ? (
          <div className="ds-alert" data-color="success" role="status">
            <Paragraph>{t("contact.saved")}</Paragraph>
          </div>
        ) : null}
        {Object.keys(errors).length > 0 ? (
          <ErrorSummary
            key={JSON.stringify(errors)}
            level={3}
            heading={t("contact.errorSummary")}
            items={Object.entries(errors).map(([field, message]) => ({ field, message: t(message) }))}
          />
        ) : null}
        <Form method="post" className="stack-sm" noValidate>
          <CsrfInput token={loaded.csrfToken} />
          {fields.map((f) => (
            <FieldFrame
              key={f.name}
              id={f.name}
              label={t(`contact.${f.name}`)}
              help={t(`contact.${f.name}Help`)}
              error={errors[f.name] ? t(errors[f.name]) : undefined}
            >
              {(description) => (
                <Input
                  id={f.name}
                  name={f.name}
                  type={f.type}
                  inputMode={f.inputMode}
                  autoComplete={f.autoComplete}
                  defaultValue={values[f.name as "email" | "mobile"]}
                  key={`${f.name}-${result?.saved ? "saved" : "edit"}`}
                  {...description}
                />
              )}
            </FieldFrame>
          ))}
          <Button type="submit" aria-disabled={navigation.state === "submitting" || undefined}>
            {t("contact.save")}
          </Button>
        </Form>
      </section>

      <section aria-labelledby="omrader" className="stack-sm">
        <Heading level={2} data-size="md" id="omrader">
          {t("areas.heading")}
        </Heading>
        <ul className="ds-list">
          <li>
            <Link to="/min-side/soknader">{t("areas.applications")}</Link>
          </li>
          <li>
            <Link to="/min-side/soknader/ny">{applyT("applyForServices")}</Link>
          </li>
          <li>
            <Link to="/min-side/meldinger">
              {messagesT("minSide.link")}
              {loaded.unreadMessages > 0 ? ` (${messagesT("minSide.unread", { count: loaded.unreadMessages })})` : ""}
            </Link>
          </li>
          <li>
            <Link to="/min-side/innsynslogg">{t("areas.accessLog")}</Link>
          </li>
          <li>
            <Link to="/tjenester">{t("areas.services")}</Link>
          </li>
          <li>
            <Link to="/personvern">{t("areas.privacy")}</Link>
          </li>
          <li>
            <Link to="/tilgjengelighet">{t("areas.accessibility")}</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
