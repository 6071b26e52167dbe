import { Link } from "@remix-run/react";
import { useRef, type ReactNode } from "react";
import { Heading } from "./ds";
import { FieldLink } from "./field-link";
import { useFocusWhen } from "~/utils/focus";

export type ErrorSummaryItem = { field?: string; href?: string; message: ReactNode };

/**
 * The error summary of a form that came back with errors: it takes focus when it is mounted, as
 * useFocusWhen allows (render it only when there are errors, and key the form so a new answer mounts
 * it again), and each error links to its field (or, with `href`, to another page, e.g. an earlier
 * step).
 */
export function ErrorSummary({ heading, items, level = 2 }: { heading: ReactNode; items: ErrorSummaryItem[]; level?: 2 | 3 | 4 }) {
  const summary = useRef<HTMLDivElement>(null);
  useFocusWhen(summary, true, []);
  return (
    <div className="ds-error-summary" role="alert" tabIndex={-1} ref={summary} autoFocus>
      <Heading level={level} data-size="xs">
        {heading}
      </Heading>
      <ul className="ds-list">
        {items.map((item, i) => (
          <li key={`${item.field ?? item.href}-${i}`}>
            {item.href ? <Link to={item.href}>{item.message}</Link> : <FieldLink field={item.field ?? ""}>{item.message}</FieldLink>}
          </li>
        ))}
      </ul>
    </div>
  );
}
