import { Paragraph } from "~/components/ds";
import { PathLink } from "~/components/path-link";

/**
 * "Page 2 of 5" with links to the page before and after, as plain links (works without
 * JavaScript). Shows nothing when everything fits on one page. The texts come from the caller's
 * own namespace; `href` builds the path to a page (keeping the caller's filters).
 */
export function Pagination({
  page,
  pageCount,
  href,
  label,
  pageOf,
  previous,
  next,
  listClassName,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => `/${string}`;
  label: string;
  pageOf: string;
  previous: string;
  next: string;
  listClassName?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <Paragraph>{pageOf}</Paragraph>
      <ul className={listClassName}>
        {page > 1 ? (
          <li>
            <PathLink to={href(page - 1)}>{previous}</PathLink>
          </li>
        ) : null}
        {page < pageCount ? (
          <li>
            <PathLink to={href(page + 1)}>{next}</PathLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
