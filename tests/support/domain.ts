import { eq } from "drizzle-orm";
import type { Database } from "~/.server/db";
import { lookupHash } from "~/.server/secrets";
import { persons } from "../../db/schema";
import { syntheticPersons } from "../../db/seed/persons";

// What the domain tests share: the status a domain function answers with, and a seeded person's id.

/** 200 when the promise resolves, the status of the Response it throws (404 for a denial) otherwise. */
export async function statusOf(promise: Promise<unknown>) {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

/** The persons row id of the synthetic person with this given name (db/seed/persons.ts). */
export async function personIdOf(db: Database, givenName: string) {
  const pid = syntheticPersons.find((p) => p.givenName === givenName)!.pid;
  const [row] = await db.select({ id: persons.id }).from(persons).where(eq(persons.pidHash, lookupHash(pid)));
  return row.id;
}
