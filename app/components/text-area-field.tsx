import type { ReactNode } from "react";
import { FieldFrame } from "./field-frame";

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
    <FieldFrame id={id} label={label} help={help} error={error}>
      {(description) => (
        <textarea
          className="ds-input"
          id={id}
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          aria-required={required || undefined}
          {...description}
        />
      )}
    </FieldFrame>
  );
}
