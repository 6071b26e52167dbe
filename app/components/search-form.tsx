import { Form } from "@remix-run/react";
import { Button, Field, Input, Label, ValidationMessage } from "~/components/ds";
import { useTranslation } from "react-i18next";
import { maxSearchLength } from "~/utils/catalog";

/** The service search: a GET form to /tjenester, so it works without JavaScript. */
export function SearchForm({
  defaultValue,
  error,
  id = "sok",
  children,
}: {
  defaultValue?: string;
  error?: string;
  id?: string;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation("catalog");
  const errorId = `${id}-feil`;
  return (
    <Form method="get" action="/tjenester" role="search" className="search-form" aria-label={t("search.formLabel")}>
      <Field>
        <Label htmlFor={id}>{t("search.label")}</Label>
        <Input
          id={id}
          name="q"
          type="search"
          defaultValue={defaultValue}
          maxLength={maxSearchLength}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {error ? <ValidationMessage id={errorId}>{error}</ValidationMessage> : null}
      </Field>
      {children}
      <Button type="submit">{t("search.button")}</Button>
    </Form>
  );
}
