import { eq } from "drizzle-orm";
import { municipalities, type Municipality } from "../../db/schema";
import { getDb } from "./db";
import { getEnv } from "./env";

// The municipality this deployment serves. Its settings change rarely, so they are read once a
// minute, not on every request.
const ttlMs = 60_000;
let cached: { value: Municipality; at: number } | undefined;

export async function getCurrentMunicipality(): Promise<Municipality> {
  if (cached && Date.now() - cached.at < ttlMs) return cached.value;
  const db = await getDb();
  const slug = getEnv().MUNICIPALITY;
  const [row] = await db.select().from(municipalities).where(eq(municipalities.slug, slug)).limit(1);
  if (!row) throw new Error(`Municipality "${slug}" is not in the database`);
  cached = { value: row, at: Date.now() };
  return row;
}
