// Queries every page asks are built once and kept: drizzle's prepared query holds its SQL, so a
// request only fills in the values (sql.placeholder("…") in the query, given to execute()).
// Building a list's SQL took drizzle 0.1–0.5 ms a request, often more than PostgreSQL needed to
// answer it (ADR 0016). PostgreSQL keeps the plan too: postgres.js prepares each distinct SQL text
// once per connection (client.ts).

/**
 * `build(db, input)` once per database (or transaction) and shape, then the kept query. The shape
 * names all the SQL depends on besides the placeholders' values (such as which filters are set):
 * the input is used only the first time a shape is asked for. Shapes must come from a small,
 * fixed set, never from what someone typed.
 */
export function preparedPerShape<Db extends object, Input, Query>(build: (db: Db, input: Input) => Query) {
  const kept = new WeakMap<Db, Map<string, Query>>();
  return (db: Db, shape: string, input: Input): Query => {
    let byShape = kept.get(db);
    if (!byShape) kept.set(db, (byShape = new Map()));
    let query = byShape.get(shape);
    if (!query) byShape.set(shape, (query = build(db, input)));
    return query;
  };
}

/** `build(db)` once per database, then the kept query. */
export function prepared<Db extends object, Query>(build: (db: Db) => Query) {
  const perShape = preparedPerShape((db: Db, _: undefined) => build(db));
  return (db: Db): Query => perShape(db, "", undefined);
}
