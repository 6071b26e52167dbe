import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { useDatabaseForTests } from "~/.server/db";
import { openDatabase, type DatabaseHandle } from "~/.server/db/client";
import { seedDemoData } from "../../db/seed/seed";

/**
 * The portal as one test file uses it: a data directory of its own (the development keys for
 * hashing and encrypting fødselsnumre, uploaded documents), quiet logs, and a fresh database
 * (createTestDatabase) that the portal's getDb() returns. cleanup() removes the database and the
 * directory.
 */
export async function openPortalForTests(label: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `portal-${label}-`));
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL = "silent";
  const database = await createTestDatabase();
  useDatabaseForTests(database);
  return {
    ...database,
    dataDir,
    cleanup: async () => {
      await database.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh, migrated and seeded database for one test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server in DATABASE_URL (dropped again by cleanup()).
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { municipalityId: string; cleanup(): Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const handle = openDatabase({});
    await handle.migrate();
    const municipalityId = await seedDemoData(handle.db);
    return { ...handle, municipalityId, cleanup: () => handle.close() };
  }
  const name = `portal_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString() });
  await handle.migrate();
  const municipalityId = await seedDemoData(handle.db);
  return {
    ...handle,
    municipalityId,
    cleanup: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * A migrated and seeded database that several processes (a worker, a second handle) can open: a
 * PGlite directory by default, or a new database named `<prefix>_<time>` on the PostgreSQL server
 * in DATABASE_URL. Nothing is left open; remove() drops it again.
 */
export async function createSharedTestDatabase(prefix: string): Promise<{ url?: string; dataDir?: string; remove(): Promise<void> }> {
  let url: string | undefined;
  let dataDir: string | undefined;
  let admin: ReturnType<typeof postgres> | undefined;
  const name = `${prefix}_${Date.now()}`;
  if (process.env.DATABASE_URL) {
    admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const location = new URL(process.env.DATABASE_URL);
    location.pathname = `/${name}`;
    url = location.toString();
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, "-")}-`));
  }
  const handle = openDatabase({ url, dataDir });
  await handle.migrate();
  await seedDemoData(handle.db);
  await handle.close();
  return {
    url,
    dataDir,
    remove: async () => {
      if (admin) {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
