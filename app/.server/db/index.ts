import fs from "node:fs";
import path from "node:path";
import { seedDemoData } from "../../../db/seed/seed";
import { rebuildProjections } from "../applications/projection";
import { getEnv, shouldSeedDemoData } from "../env";
import { logger } from "../logger";
import { openDatabase, type Database, type DatabaseHandle } from "./client";
export { rowsOf } from "./client";

export type { Database } from "./client";

// One handle per process. Kept on globalThis so the Vite dev server's module reloads reuse it
// (a PGlite data directory can be opened by one process, once).
const g = globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> };

async function start(): Promise<DatabaseHandle> {
  const env = getEnv();
  let dataDir: string | undefined;
  if (!env.DATABASE_URL) {
    dataDir = path.resolve(env.DATA_DIR);
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const handle = openDatabase({ url: env.DATABASE_URL, dataDir });
  const started = Date.now();
  await handle.migrate();
  if (shouldSeedDemoData(env)) await seedDemoData(handle.db);
  // Applications from before the projection existed (or written around it) get theirs now.
  const rebuilt = await rebuildProjections(handle.db);
  if (rebuilt > 0) logger.info("database.projections_rebuilt", { count: rebuilt });
  logger.info("database.ready", { kind: handle.kind, ms: Date.now() - started });
  return handle;
}

export function getDatabaseHandle(): Promise<DatabaseHandle> {
  g.__portalDb ??= start().catch((error) => {
    g.__portalDb = undefined;
    throw error;
  });
  return g.__portalDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}

export async function closeDatabase() {
  const pending = g.__portalDb;
  g.__portalDb = undefined;
  if (pending) await (await pending).close();
}

/**
 * For integration tests that call route loaders and actions directly: make getDb() answer with
 * this handle (e.g. from tests/support/database.ts) instead of opening the configured database.
 */
export function useDatabaseForTests(handle: DatabaseHandle) {
  g.__portalDb = Promise.resolve(handle);
}
