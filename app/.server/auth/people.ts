import { eq, sql } from "drizzle-orm";
import type * as client from "openid-client";
import { syntheticPersons } from "../../../db/seed/persons";
import { employees, persons, type EmployeeRole } from "../../../db/schema";
import type { Database } from "../db";
import { getEnv, type Env } from "../env";
import { encrypt, lookupHash } from "../secrets";
import { isSynthetic } from "~/utils/fodselsnummer";

// Who logged in: residents are found (or created) by a keyed hash of their fødselsnummer, with
// name and contact details from the person register; employees by issuer and subject, with roles
// and unit from their claims.

export type RegisterEntry = { givenName: string; familyName: string; email: string | null; mobile: string | null };

/**
 * The person register (Folkeregisteret and Kontakt- og reservasjonsregisteret in production).
 * The embedded default answers from the synthetic persons in db/seed/persons.ts, and only for
 * synthetic numbers.
 */
export interface PersonRegister {
  lookup(pid: string): Promise<RegisterEntry | null>;
}

export const syntheticRegister: PersonRegister = {
  async lookup(pid) {
    if (!isSynthetic(pid)) return null;
    const known = syntheticPersons.find((p) => p.pid === pid);
    if (known) return { givenName: known.givenName, familyName: known.familyName, email: known.email, mobile: known.mobile };
    return { givenName: "Testperson", familyName: pid.slice(0, 6), email: null, mobile: null };
  },
};

export class UnknownPersonError extends Error {
  constructor() {
    super("The person register has no entry for this person");
    this.name = "UnknownPersonError";
  }
}

/** Finds or creates the resident; refreshes the name from the register, keeps their own contact choices. */
export async function upsertResident(db: Database, pid: string, register: PersonRegister = syntheticRegister) {
  const entry = await register.lookup(pid);
  if (!entry) throw new UnknownPersonError();
  const [row] = await db
    .insert(persons)
    .values({
      pidHash: lookupHash(pid),
      pidCiphertext: encrypt(pid),
      givenName: entry.givenName,
      familyName: entry.familyName,
      email: entry.email,
      mobile: entry.mobile,
    })
    .onConflictDoUpdate({
      target: persons.pidHash,
      set: { givenName: entry.givenName, familyName: entry.familyName, lastLoginAt: sql`now()` },
    })
    .returning({ id: persons.id });
  return row.id;
}

function roleMapping(env: Env): Record<EmployeeRole, string[]> {
  const identity = { caseworker: ["caseworker"], editor: ["editor"], admin: ["admin"] };
  if (!env.EMPLOYEE_ROLE_MAP) return identity;
  return { ...identity, ...(JSON.parse(env.EMPLOYEE_ROLE_MAP) as Partial<Record<EmployeeRole, string[]>>) };
}

/** Roles from the configured claim (a string or a list), mapped through EMPLOYEE_ROLE_MAP (group ids → roles). */
export function rolesFromClaims(claims: Record<string, unknown>, env: Env = getEnv()): EmployeeRole[] {
  const raw = claims[env.EMPLOYEE_ROLES_CLAIM];
  const values = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw.split(/[ ,]+/) : [];
  const mapping = roleMapping(env);
  return (Object.keys(mapping) as EmployeeRole[]).filter((role) => mapping[role].some((v) => values.includes(v)));
}

export async function upsertEmployee(db: Database, municipalityId: string, issuer: string, claims: client.IDToken) {
  const env = getEnv();
  const name = String(claims[env.EMPLOYEE_NAME_CLAIM] ?? claims.sub);
  const unit = claims[env.EMPLOYEE_UNIT_CLAIM];
  const roles = rolesFromClaims(claims, env);
  const values = { name, unit: typeof unit === "string" ? unit : null, roles };
  const [row] = await db
    .insert(employees)
    .values({ municipalityId, issuer, subject: claims.sub, ...values })
    .onConflictDoUpdate({ target: [employees.issuer, employees.subject], set: { ...values, lastLoginAt: sql`now()` } })
    .returning({ id: employees.id, roles: employees.roles });
  return row;
}

export async function updateContactDetails(db: Database, personId: string, contact: { email: string | null; mobile: string | null }) {
  await db
    .update(persons)
    .set({ ...contact, contactUpdatedAt: sql`now()` })
    .where(eq(persons.id, personId));
}
