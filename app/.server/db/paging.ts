// Pages of the caseworkers' long lists (case list, inbox). A list counts its matches up to a limit
// and then says "more than 1 000": counting all of a large municipality's cases or threads for
// every page cost PostgreSQL more than the page itself, and a caseworker narrows such a list with
// the filters rather than reading the number (ADR 0016).

import { sql, type SQL } from "drizzle-orm";

/** Lists count up to this many. */
export const listCountLimit = 1_000;

/**
 * `(select count(*) …)` of the rows of `matching`, stopping at the placeholder `countLimit`
 * (give it limit + 1: one more says there are more). For a column of the page's own query.
 */
export function countUpTo(matching: { limit(limit: ReturnType<typeof sql.placeholder>): unknown }): SQL<number> {
  return sql<number>`(select count(*)::int from (${matching.limit(sql.placeholder("countLimit"))}) as matches)`;
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
