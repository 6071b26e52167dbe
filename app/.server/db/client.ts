import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "../../../db/schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Database;
  kind: "postgres" | "pglite";
  /** Applies the committed migrations in db/migrations. */
  migrate(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * LISTENs on `channel` and calls `notify` with each payload. `live(true)` says it is listening;
   * `live(false)` that the connection was lost, so notifications may be missed until the next
   * `live(true)` (it reconnects by itself). One subscriber per channel.
   */
  listen(channel: string, notify: (payload: string) => void, live: (listening: boolean) => void): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** A postgres:// URL; without it the embedded PGlite is used. */
  url?: string;
  /** PGlite's data directory; without it PGlite runs in memory. */
  dataDir?: string;
};

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

// DB_LOG_QUERIES=true prints every SQL statement (never the parameters) to stderr, for debugging.
const queryLogger = process.env.DB_LOG_QUERIES === "true" ? { logQuery: (query: string) => process.stderr.write(`sql: ${query}\n`) } : false;

/**
 * The postgres.js client as drizzle should see it: every statement prepared. drizzle asks
 * postgres.js for an unnamed statement unless the query was given a name, and for an unnamed
 * statement with parameters postgres.js first asks the server for the parameters' types, then
 * sends the values: two round trips per query. A prepared statement is parsed once per
 * connection and then takes one. The same goes for the client drizzle gets inside a transaction.
 * DB_PREPARED_STATEMENTS=false turns it off (a PgBouncer in transaction mode before 1.21
 * cannot keep prepared statements). ADR 0015.
 */
export function preparingClient(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...options, prepare: true });
      }
      if (property === "begin") {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (target.begin as (...a: unknown[]) => Promise<unknown>)(...args, (tx: postgres.TransactionSql) =>
            callback(preparingClient(tx as unknown as postgres.Sql) as unknown as postgres.TransactionSql),
          );
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.url) {
    const client = postgres(options.url, {
      max: 10,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 60,
    });
    const preparing = process.env.DB_PREPARED_STATEMENTS === "false" ? client : preparingClient(client);
    const db = drizzlePostgres(preparing, { schema, logger: queryLogger }) as unknown as Database;
    const listener = postgresListener(options.url);
    return {
      db,
      kind: "postgres",
      migrate: () => migratePostgres(drizzlePostgres(client), { migrationsFolder }),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      listen: listener.listen,
      close: async () => {
        await Promise.all([client.end({ timeout: 3 }), listener.close()]);
      },
    };
  }
  // PGlite ignores the options object when the first argument is undefined, so always name a place.
  const client = new PGlite(options.dataDir ?? "memory://", { extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema, logger: queryLogger }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    // One process holds the embedded database, and PGlite delivers a notification before the
    // statement that sent it has returned: nothing can be missed.
    listen: async (channel, notify, live) => {
      await client.listen(channel, notify);
      live(true);
    },
    close: () => client.close(),
  };
}

const listenRetrySeconds = [1, 2, 5, 10, 30];

/**
 * LISTEN on PostgreSQL needs a connection of its own, held open. postgres.js's own `listen`
 * reconnects, but does not say when the connection was lost; this one does (`live(false)`), and
 * then reconnects, waiting a little longer after each failed try.
 */
function postgresListener(url: string) {
  const channels = new Map<string, { notify: (payload: string) => void; live: (listening: boolean) => void }>();
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  // postgres.js calls `onnotify` for each notification the connection receives; its types leave it out.
  const notifications: object = { onnotify: (channel: string, payload: string) => channels.get(channel)?.notify(payload) };
  const connection = postgres(url, {
    ...notifications,
    max: 1,
    idle_timeout: 0,
    max_lifetime: 0,
    connect_timeout: 5,
    fetch_types: false,
    onnotice: () => {},
    onclose: () => {
      for (const { live } of channels.values()) live(false);
      if (!closed) relisten(0);
    },
  });
  const subscribe = async (channel: string) => {
    await connection.unsafe(`listen "${channel.replace(/"/g, '""')}"`);
    channels.get(channel)?.live(true);
  };
  function relisten(attempt: number) {
    clearTimeout(retry);
    retry = setTimeout(
      () => {
        Promise.all([...channels.keys()].map(subscribe)).catch(() => {
          if (!closed) relisten(attempt + 1);
        });
      },
      listenRetrySeconds[Math.min(attempt, listenRetrySeconds.length - 1)] * 1000,
    );
    retry.unref();
  }
  return {
    listen: async (channel: string, notify: (payload: string) => void, live: (listening: boolean) => void) => {
      channels.set(channel, { notify, live });
      try {
        await subscribe(channel);
      } catch (error) {
        relisten(1);
        throw error;
      }
    },
    close: async () => {
      closed = true;
      clearTimeout(retry);
      // Closed on purpose (shutdown, a test's cleanup): nobody is told "lost".
      channels.clear();
      await connection.end({ timeout: 3 });
    },
  };
}

/** The rows of `db.execute`'s answer: postgres.js gives an array of rows, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
