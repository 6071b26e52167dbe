import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { Heading, Paragraph } from "./ds";
import { FieldLink } from "./field-link";
import { useFocusWhen } from "~/utils/focus";

export type FormErrors = Partial<Record<string, { key: string; values?: Record<string, string | number> }>>;

/**
 * The error summary of a message form: it takes focus when the form comes back with errors, and
 * each error links to its field. `notSent` is the answer when the message could not be stored.
 */
export function MessageErrorSummary({
  errors,
  labels,
  heading,
  notSent,
  ns = "messages",
}: {
  errors: FormErrors;
  labels: Record<string, string>;
  heading: string;
  notSent?: string;
  ns?: string;
}) {
  const { t } = useTranslation(ns);
  const ref = useRef<HTMLDivElement>(null);
  const list = Object.entries(errors).filter(([, e]) => e) as [string, { key: string; values?: Record<string, string | number> }][];
  const show = list.length > 0 || Boolean(notSent);
  useFocusWhen(ref, show, [errors, notSent]);
  if (!show) return null;
  if (notSent && list.length === 0)
    return (
      <div className="ds-alert" data-color="danger" role="alert" tabIndex={-1} ref={ref} autoFocus>
        <Paragraph>{notSent}</Paragraph>
      </div>
    );
  return (
    <div className="ds-error-summary" role="alert" tabIndex={-1} ref={ref} autoFocus>
      <Heading level={2} data-size="xs">
        {heading}
      </Heading>
      <ul className="ds-list">
        {list.map(([field, e]) => (
          <li key={field}>
            <FieldLink field={field}>
              {labels[field] ? `${labels[field]}: ` : ""}
              {t(e.key, e.values)}
            </FieldLink>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Where each field's help and error are, for aria-describedby. */
export function describedBy(field: string, errors: FormErrors, help = true) {
  return [help ? `${field}-hjelp` : "", errors[field] ? `${field}-feil` : ""].filter(Boolean).join(" ") || undefined;
}
