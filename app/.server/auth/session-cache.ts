// The sessions this process has looked up, kept in memory so that a logged-in page does not ask
// the database who is logged in on every request (ADR 0017). What keeps it true:
// - PostgreSQL tells every process when a session ends or changes, or when the person or employee
//   behind one changes (triggers in migration 0008, channel "portal_sessions"); the entry is
//   forgotten. While this process is not listening (at start, or after the connection was lost),
//   nothing is read from or kept in the cache: every request asks the database, as before.
// - A look-up keeps what it read only if nothing was forgotten while it was asking (the epoch), so
//   a read that raced with a change cannot put the old row back.
// - An action (a request that is not GET) never uses the cache and forgets its session: what it
//   changes is read again by the next page, whichever process serves it.
// - Expiry (absolute and idle) is checked on every use against the kept times. When the kept
//   last-seen time says "idle", the database is asked: another process may have seen the session
//   more recently.
import type { DatabaseHandle } from "../db/client";
import { logger, requestContext } from "../logger";

export type CachedSession<Row> = {
  kind: "resident" | "employee";
  row: Row;
  ownerId: string;
  /** The session's CSRF token (an HMAC of the token's hash), made once, not on every page. */
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
};

/** How many sessions one process keeps at most; the oldest kept is forgotten first. */
const maxEntries = 20_000;

export class SessionCache<Row> {
  private entries = new Map<string, CachedSession<Row>>();
  private live = false;
  private epoch = 0;

  /** Whether the cache may be used: only while notifications arrive. */
  get active() {
    return this.live;
  }

  /** A number that changes whenever something is forgotten: give it back to `keep`. */
  get current() {
    return this.epoch;
  }

  get(tokenHash: string): CachedSession<Row> | undefined {
    return this.live ? this.entries.get(tokenHash) : undefined;
  }

  /** Keeps a row read from the database, unless something was forgotten since `epoch`. */
  keep(tokenHash: string, entry: CachedSession<Row>, epoch: number) {
    if (!this.live || epoch !== this.epoch) return;
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, entry);
    if (this.entries.size > maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(tokenHash: string) {
    this.epoch++;
    this.entries.delete(tokenHash);
  }

  /** A notification's payload: "s:<token hash>", "p:<person id>", "e:<employee id>" or "*". */
  changed(payload: string) {
    const key = payload.slice(2);
    if (payload.startsWith("s:")) return this.forget(key);
    this.epoch++;
    if (payload.startsWith("p:") || payload.startsWith("e:")) {
      for (const [tokenHash, entry] of this.entries) if (entry.ownerId === key) this.entries.delete(tokenHash);
    } else {
      this.entries.clear();
    }
  }

  setLive(listening: boolean) {
    this.epoch++;
    this.entries.clear();
    this.live = listening;
  }
}

const caches = new WeakMap<DatabaseHandle["db"], SessionCache<unknown>>();

/**
 * The session cache of this database, listening from the first time it is asked for.
 * SESSION_CACHE=off leaves it empty: for a database reached only through a PgBouncer in
 * transaction mode, which does not deliver notifications.
 */
export function sessionCacheOf<Row>(handle: Pick<DatabaseHandle, "db" | "listen">): SessionCache<Row> {
  let cache = caches.get(handle.db);
  if (!cache) {
    const created = new SessionCache<unknown>();
    caches.set(handle.db, (cache = created));
    if (process.env.SESSION_CACHE === "off") return cache as SessionCache<Row>;
    // Outside the request that happened to ask first: the listening connection outlives it, and
    // its log lines must not carry that request's id.
    requestContext.exit(() =>
      handle
        .listen(
          "portal_sessions",
          (payload) => created.changed(payload),
          (listening) => {
            created.setLive(listening);
            if (!listening) logger.warn("sessions.cache_paused");
          },
        )
        .catch((error: unknown) => logger.warn("sessions.cache_unavailable", { errorName: (error as Error)?.name })),
    );
  }
  return cache as SessionCache<Row>;
}
