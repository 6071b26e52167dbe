import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "./auth";
import { Button, Field, Input, Label, Paragraph, Select, ValidationMessage } from "./ds";
import { describedBy, MessageErrorSummary } from "./message-form";

type Values = { unitId: string; title: string; body: string };

/** The form for a reply template: unit, name and text. Errors come back with the text kept. */
export function TemplateForm({
  csrfToken,
  units,
  values,
  errors,
}: {
  csrfToken: string;
  units: { id: string; name: string }[];
  values: Values;
  errors: Partial<Record<keyof Values, string>>;
}) {
  const { t } = useTranslation("messages");
  const navigation = useNavigation();
  const shaped = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v ? { key: v } : undefined]));
  const labels = { unitId: t("templates.unit"), title: t("templates.name"), body: t("templates.body") };
  return (
    <div className="stack-sm">
      <MessageErrorSummary errors={shaped} labels={labels} heading={t("templates.errorSummary")} />
      <Form method="post" className="stack-sm message-form" noValidate key={JSON.stringify(errors)}>
        <CsrfInput token={csrfToken} />
        <input type="hidden" name="intent" value="save" />
        <Field>
          <Label htmlFor="unitId">{labels.unitId}</Label>
          <Select id="unitId" name="unitId" defaultValue={values.unitId} aria-invalid={errors.unitId ? true : undefined} aria-describedby={describedBy("unitId", shaped, false)}>
            <option value="">{t("caseThread.chooseUnit")}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </Select>
          {errors.unitId ? <ValidationMessage id="unitId-feil">{t(errors.unitId)}</ValidationMessage> : null}
        </Field>
        <Field>
          <Label htmlFor="title">{labels.title}</Label>
          <Paragraph data-size="sm" id="title-hjelp">
            {t("templates.nameHelp")}
          </Paragraph>
          <Input id="title" name="title" defaultValue={values.title} autoComplete="off" aria-invalid={errors.title ? true : undefined} aria-describedby={describedBy("title", shaped)} />
          {errors.title ? <ValidationMessage id="title-feil">{t(errors.title)}</ValidationMessage> : null}
        </Field>
        <Field>
          <Label htmlFor="body">{labels.body}</Label>
          <textarea className="ds-input" id="body" name="body" rows={8} defaultValue={values.body} aria-invalid={errors.body ? true : undefined} aria-describedby={describedBy("body", shaped, false)} />
          {errors.body ? <ValidationMessage id="body-feil">{t(errors.body)}</ValidationMessage> : null}
        </Field>
        <div className="button-row">
          <Button type="submit" aria-disabled={navigation.state !== "idle" || undefined}>
            {t("templates.save")}
          </Button>
          <Link to="/saksbehandler/maler">{t("templates.back")}</Link>
        </div>
      </Form>
    </div>
  );
}
