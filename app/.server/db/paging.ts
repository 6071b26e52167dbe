// Pages of long lists. The caseworkers' lists (case list, inbox) count their matches up to a limit
// and then say "more than 1 000": counting all of a large municipality's cases or threads for
// every page cost PostgreSQL more than the page itself, and a caseworker narrows such a list with
// the filters rather than reading the number (ADR 0016). Every paged list (those two, the
// resident's threads, the innsynslogg) takes its page with onePage (ADR 0018).

import { sql, type Placeholder, type SQL } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";

/** Lists count up to this many. */
export const listCountLimit = 1_000;

/**
 * A whole number written into the SQL text instead of sent as a parameter, for LIMIT and OFFSET.
 * PostgreSQL plans a prepared statement for the values it is given (a custom plan) until a plan made
 * without them (a generic plan) is estimated no dearer. It cannot see a LIMIT or OFFSET sent as a
 * parameter and guesses it at a tenth of the rows, so a page query never got its generic plan: the
 * case list was planned again on every request, 0.7–2 ms, more than running it (ADR 0018). With the numbers in the text
 * the plan is made once per connection. Only for numbers from a small, fixed set, because every
 * distinct text is a statement of its own (a page size, a count limit; never a page number).
 */
function inText(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a row count: ${n}`);
  // drizzle writes an SQL chunk where a number would be a parameter (its limit() and offset() take
  // an object as it is); the type says number so that the builders accept it.
  return sql.raw(String(n)) as unknown as number;
}

/**
 * One page of `query` (a dynamic select): LIMIT `size` in the text and, past the first page, OFFSET
 * `offset` (a number, or a placeholder for a prepared query). The first page has no OFFSET at all,
 * so PostgreSQL plans it once (see inText): the first page is the one nearly every request asks for.
 */
export function onePage<T extends PgSelect>(query: T, size: number, offset?: number | Placeholder): T {
  const limited = query.limit(inText(size));
  return offset === undefined || offset === 0 ? limited : limited.offset(offset);
}

/**
 * `(select count(*) …)` of the rows of `matching`, stopping after `limit` rows (give it limit + 1:
 * one more says there are more). For a column of the page's own query.
 */
export function countUpTo(matching: { limit(limit: number): unknown }, limit: number): SQL<number> {
  return sql<number>`(select count(*)::int from (${matching.limit(inText(limit))}) as matches)`;
}

/**
 * The pages from a count made with countUpTo (or an exact one). Past the limit the total is the
 * limit, `more` is true, and the pages go on as long as they are full.
 */
export function pagesOf(counted: number, page: number, rowsOnPage: number, pageSize: number, limit = listCountLimit) {
  const more = counted > limit;
  const total = more ? limit : counted;
  const pageCount = Math.max(1, Math.ceil(total / pageSize), more && rowsOnPage === pageSize ? page + 1 : page);
  return { total, more, pageCount };
}
