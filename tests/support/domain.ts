import { eq } from "drizzle-orm";
import { createSession, getResidentSession } from "~/.server/auth/session";
import type { Database } from "~/.server/db";
import { lookupHash } from "~/.server/secrets";
import { persons } from "../../db/schema";
import { syntheticPersons } from "../../db/seed/persons";

// What the domain and route tests share: the status a domain function answers with, a seeded
// person's id, a resident's session, and what a loader or action answered.

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

/** A resident logged in at LoA substantial: the session cookie and the CSRF token its forms carry. */
export async function residentSession(db: Database, personId: string, origin: string) {
  const setCookie = await createSession(db, new Request(origin), { kind: "resident", personId, acr: "idporten-loa-substantial" });
  const cookie = setCookie.split(";")[0];
  const session = await getResidentSession(new Request(origin, { headers: { Cookie: cookie } }));
  return { personId, cookie, csrf: session!.csrfToken };
}

export type Outcome = { status: number; data: any; location?: string | null; response?: Response };

/** What a loader or action answered: thrown or returned Response, data() with its status, or plain data. */
export async function run(call: () => Promise<unknown>): Promise<Outcome> {
  let value: unknown;
  try {
    value = await call();
  } catch (error) {
    if (error instanceof Response) return { status: error.status, data: null, location: error.headers.get("Location"), response: error };
    throw error;
  }
  if (value instanceof Response) return { status: value.status, data: null, location: value.headers.get("Location"), response: value };
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const d = value as { data: unknown; init: ResponseInit | null };
    return { status: d.init?.status ?? 200, data: d.data };
  }
  return { status: 200, data: value };
}
