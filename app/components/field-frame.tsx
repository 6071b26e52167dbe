import type { ReactNode } from "react";
import { Field, Label, Paragraph, ValidationMessage } from "./ds";

/** What the control inside a FieldFrame puts on itself, so screen readers read its help and error. */
export type FieldDescription = { "aria-invalid"?: true; "aria-describedby"?: string };

/**
 * A form field's frame: the label, the help (`<id>-hjelp`) when there is one and, when the form
 * came back with a problem, the error (`<id>-feil`). The control is given the aria attributes
 * that point to both. `after` stands after the error (e.g. an upload button).
 */
export function FieldFrame({
  id,
  label,
  help,
  error,
  after,
  children,
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  error?: ReactNode;
  after?: ReactNode;
  children: (description: FieldDescription) => ReactNode;
}) {
  const describedBy = [help ? `${id}-hjelp` : "", error ? `${id}-feil` : ""].filter(Boolean).join(" ");
  return (
    <Field>
      <Label htmlFor={id}>{label}</Label>
      {help ? (
        <Paragraph data-size="sm" id={`${id}-hjelp`}>
          {help}
        </Paragraph>
      ) : null}
      {children({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined })}
      {error ? <ValidationMessage id={`${id}-feil`}>{error}</ValidationMessage> : null}
      {after}
    </Field>
  );
}
