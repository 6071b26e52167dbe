// The caseworkers' free-text search (case list and inbox): "contains", case-insensitive, on
// references, subjects and the person's name. Each column it matches has a trigram index
// (migration 0007), and each condition is written so PostgreSQL can use it: one ILIKE per
// indexed column, joined by UNION, never an OR across a join (which reads every row). The case
// list builds the same union its own way, reading each match through its indexes
// (applications/casework.ts, searchMatchesOf); the inbox uses matchesSearch below.

import { and, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import { QueryBuilder, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { personFullName, persons } from "../../../db/schema";

/** `value` as an ILIKE pattern that finds it anywhere, its own `%`, `_` and `\` taken literally. */
export const likePattern = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const qb = new QueryBuilder();

type Searchable = PgTable & { id: PgColumn; municipalityId: PgColumn; personId: PgColumn };

/**
 * `outerId in (…)`: the ids of `table`'s rows in the municipality where one of `columns` matches
 * the pattern, or whose person's name does. The values are placeholders for a prepared query:
 * `municipalityId`, and `pattern` from likePattern(what was typed).
 */
export function matchesSearch(outerId: PgColumn, table: Searchable, columns: PgColumn[]): SQL {
  const pattern = sql.placeholder("pattern");
  const inMunicipality = eq(table.municipalityId, sql.placeholder("municipalityId"));
  const named = qb.select({ id: persons.id }).from(persons).where(ilike(personFullName, pattern));
  const byPerson = qb.select({ id: table.id }).from(table).where(and(inMunicipality, inArray(table.personId, named)));
  const byColumn = columns.map((column) => qb.select({ id: table.id }).from(table).where(and(inMunicipality, ilike(column, pattern))));
  return sql`${outerId} in (${sql.join([...byColumn, byPerson], sql` union `)})`;
}
