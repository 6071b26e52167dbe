import type { ReactNode } from "react";
import { Field, Label, Paragraph, ValidationMessage } from "./ds";

/**
 * A text area with its label, help (`<id>-hjelp`) and, when the form came back with a problem,
 * the error (`<id>-feil`) it points to. The value comes back as it was written.
 */
export function TextAreaField({
  id,
  name = id,
  label,
  help,
  defaultValue,
  error,
  required,
  rows,
}: {
  id: string;
  name?: string;
  label: ReactNode;
  help: ReactNode;
  defaultValue: string;
  error?: ReactNode;
  required?: boolean;
  rows: number;
}) {
  return (
    <Field>
      <Label htmlFor={id}>{label}</Label>
      <Paragraph data-size="sm" id={`${id}-hjelp`}>
        {help}
      </Paragraph>
      <textarea
        className="ds-input"
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hjelp ${id}-feil` : `${id}-hjelp`}
      />
      {error ? <ValidationMessage id={`${id}-feil`}>{error}</ValidationMessage> : null}
    </Field>
  );
}
