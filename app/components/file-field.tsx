import type { ReactNode } from "react";
import { Field, Label, Paragraph, ValidationMessage } from "./ds";

/** The file types every upload takes (the server checks the content again). */
export const uploadAccept = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png";

/**
 * A field to choose one or more files: label, help (`<id>-hjelp`) and, when the form came back
 * with a problem, the error (`<id>-feil`) the input points to. `children` stand after the error
 * (e.g. an upload button).
 */
export function FileField({
  id,
  name = id,
  label,
  help,
  error,
  required,
  children,
}: {
  id: string;
  name?: string;
  label: ReactNode;
  help: ReactNode;
  error?: ReactNode;
  required?: boolean;
  children?: ReactNode;
}) {
  return (
    <Field>
      <Label htmlFor={id}>{label}</Label>
      <Paragraph data-size="sm" id={`${id}-hjelp`}>
        {help}
      </Paragraph>
      <input
        className="ds-input"
        type="file"
        id={id}
        name={name}
        multiple
        accept={uploadAccept}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hjelp ${id}-feil` : `${id}-hjelp`}
      />
      {error ? <ValidationMessage id={`${id}-feil`}>{error}</ValidationMessage> : null}
      {children}
    </Field>
  );
}
