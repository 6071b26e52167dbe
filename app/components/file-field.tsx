import type { ReactNode } from "react";
import { FieldFrame } from "./field-frame";

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
    <FieldFrame id={id} label={label} help={help} error={error} after={children}>
      {(description) => (
        <input
          className="ds-input"
          type="file"
          id={id}
          name={name}
          multiple
          accept={uploadAccept}
          aria-required={required || undefined}
          {...description}
        />
      )}
    </FieldFrame>
  );
}
