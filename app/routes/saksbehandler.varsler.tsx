import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { assertCsrf, requireEmployee } from "~/.server/auth/session";
import { getDb } from "~/.server/db";
import { getFixedT, getLocale } from "~/.server/i18n";
import { getDigestSettings, saveDigestSettings } from "~/.server/notifications/settings";
import { CsrfInput } from "~/components/auth";
import { Button, Field, Heading, Input, Label, Paragraph, ValidationMessage } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldLink } from "~/components/field-link";
import { digestSettingsSchema } from "~/schemas/notification-settings";
import { pageMeta } from "~/utils/meta";
import { useFocusWhen } from "~/utils/focus";

// /saksbehandler/varsler: a caseworker turns the daily e-mail summary of their unit's inbox on or
// off and gives the work address it goes to. The texts are in the server-only notifications
// namespace, translated here.

type SettingsText = {
  title: string;
  intro: string;
  unit: string;
  noUnit: string;
  dailyDigest: string;
  email: string;
  emailHelp: string;
  save: string;
  saved: string;
  errorSummary: string;
  errors: Record<string, string>;
};

type Field = "email";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireEmployee(request, "caseworker");
  const locale = getLocale(request);
  const settings = await getDigestSettings(await getDb(), session.employee);
  const t = getFixedT(locale, "notifications");
  const text = t("settings", { returnObjects: true }) as SettingsText;
  return {
    text: { ...text, unit: settings.unit ? t("settings.unit", { unit: settings.unit[locale] }) : text.noUnit },
    values: { email: settings.email ?? "", dailyDigest: settings.dailyDigest },
    saved: new URL(request.url).searchParams.get("lagret") === "1",
    csrfToken: session.csrfToken,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireEmployee(request, "caseworker");
  const formData = await request.formData();
  assertCsrf(formData, session);
  const values = { email: String(formData.get("email") ?? ""), dailyDigest: formData.get("dailyDigest") === "ja" };
  const parsed = digestSettingsSchema.safeParse(values);
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) as Partial<Record<Field, string>>;
    return data({ errors, values }, { status: 400 });
  }
  await saveDigestSettings(await getDb(), session.employee, parsed.data);
  return redirect("/saksbehandler/varsler?lagret=1");
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.text.title);

export default function NotificationSettings() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { text } = loaded;
  const errors: Partial<Record<Field, string>> = result?.errors ?? {};
  const values = result?.values ?? loaded.values;
  const errorList = Object.entries(errors) as [Field, string][];
  const summary = useRef<HTMLDivElement>(null);
  const message = (key: string) => text.errors[key.replace(/^errors\./, "")] ?? key;
  useFocusWhen(summary, errorList.length > 0, [result]);
  return (
    <div className="stack">
      <div className="stack-sm">
        <Heading level={1} data-size="xl">
          {text.title}
        </Heading>
        <Paragraph>{text.intro}</Paragraph>
        <Paragraph>{text.unit}</Paragraph>
      </div>
      {loaded.saved && !result ? (
        <div className="ds-alert" data-color="success" role="status">
          <Paragraph>{text.saved}</Paragraph>
        </div>
      ) : null}
      {errorList.length > 0 ? (
        <div className="ds-error-summary" role="alert" tabIndex={-1} ref={summary} autoFocus>
          <Heading level={2} data-size="xs">
            {text.errorSummary}
          </Heading>
          <ul className="ds-list">
            {errorList.map(([field, key]) => (
              <li key={field}>
                <FieldLink field={field}>{message(key)}</FieldLink>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" className="stack-sm" noValidate key={result ? "errors" : "saved"}>
        <CsrfInput token={loaded.csrfToken} />
        <Field>
          <input className="ds-input" type="checkbox" id="dailyDigest" name="dailyDigest" value="ja" defaultChecked={values.dailyDigest} />
          <Label htmlFor="dailyDigest">{text.dailyDigest}</Label>
        </Field>
        <Field>
          <Label htmlFor="email">{text.email}</Label>
          <Paragraph data-size="sm" id="email-hjelp">
            {text.emailHelp}
          </Paragraph>
          <Input
            id="email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="work email"
            defaultValue={values.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "email-hjelp email-feil" : "email-hjelp"}
          />
          {errors.email ? <ValidationMessage id="email-feil">{message(errors.email)}</ValidationMessage> : null}
        </Field>
        <Button type="submit" aria-disabled={navigation.state === "submitting" || undefined}>
          {text.save}
        </Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
