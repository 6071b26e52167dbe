import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "~/.server/db/client";
import { seedDemoData } from "../../db/seed/seed";

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
