import type { MouseEvent, ReactNode } from "react";

/**
 * A link from an error summary to the field it is about. With JavaScript it moves focus to the
 * field itself: a hash change would be a new navigation to the router, which forgets the answer
 * that carried the errors. Without JavaScript it is a plain in-page link.
 */
export function FieldLink({ field, children }: { field: string; children: ReactNode }) {
  const focus = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(field);
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <a href={`#${field}`} onClick={focus}>
      {children}
    </a>
  );
}
