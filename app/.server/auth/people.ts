import { eq, sql } from "drizzle-orm";
import type * as client from "openid-client";
import { syntheticPersons } from "../../../db/seed/persons";
import { employees, persons, type EmployeeRole } from "../../../db/schema";
import type { Database } from "../db";
import { getEnv, type Env } from "../env";
import { encrypt, lookupHash } from "../secrets";
import { isSynthetic } from "~/utils/fodselsnummer";
import { createProductionRegister } from "../integrations/person-register";

// Who logged in: residents are found (or created) by a keyed hash of their fødselsnummer, with
// name and contact details from the person register; employees by issuer and subject, with roles
// and unit from their claims.

export type RegisterName = { givenName: string; familyName: string };
/** What the register lets us use for notifications (nothing for a person reserved in KRR). */
export type RegisterContact = { email: string | null; mobile: string | null; reserved: boolean };

/**
 * One person in the register. A part is null when its register did not answer (down, too slow):
 * the name comes from Folkeregisteret, the contact details from Kontakt- og reservasjonsregisteret.
 */
export type RegisterEntry = { name: RegisterName | null; contact: RegisterContact | null };

/**
 * The person register (Folkeregisteret and Kontakt- og reservasjonsregisteret in production,
 * app/.server/integrations/person-register.ts). The embedded default answers from the synthetic
 * persons in db/seed/persons.ts, and only for synthetic numbers. `lookup` answers null when the
 * register has no such person.
 */
export interface PersonRegister {
  lookup(pid: string): Promise<RegisterEntry | null>;
}

export const syntheticRegister: PersonRegister = {
  async lookup(pid) {
    if (!isSynthetic(pid)) return null;
    const known = syntheticPersons.find((p) => p.pid === pid);
    if (known)
      return {
        name: { givenName: known.givenName, familyName: known.familyName },
        contact: { email: known.email, mobile: known.mobile, reserved: false },
      };
    return { name: { givenName: "Testperson", familyName: pid.slice(0, 6) }, contact: { email: null, mobile: null, reserved: false } };
  },
};

let configured: PersonRegister | undefined;

/**
 * The register for this deployment: Folkeregisteret and KRR through Maskinporten when they are
 * configured (PORTAL_ENV=production demands it, see env.ts), else the synthetic one.
 */
export function getPersonRegister(env?: Env): PersonRegister {
  const build = (from: Env) => {
    const settings = productionRegisterSettings(from);
    return settings ? createProductionRegister(settings) : syntheticRegister;
  };
  if (env) return build(env);
  // One per process, so its Maskinporten tokens are shared by every login.
  configured ??= build(getEnv());
  return configured;
}

export function productionRegisterSettings(env: Env) {
  if (!env.MASKINPORTEN_ISSUER || !env.MASKINPORTEN_CLIENT_ID || !env.MASKINPORTEN_KEY || !env.KRR_URL || !env.FREG_URL) return null;
  return {
    maskinporten: {
      issuer: env.MASKINPORTEN_ISSUER,
      clientId: env.MASKINPORTEN_CLIENT_ID,
      key: env.MASKINPORTEN_KEY,
      kid: env.MASKINPORTEN_KID,
      tokenEndpoint: env.MASKINPORTEN_TOKEN_URL,
    },
    krrUrl: env.KRR_URL,
    fregUrl: env.FREG_URL,
    timeoutMs: env.PERSON_REGISTER_TIMEOUT_MS,
  };
}

export class UnknownPersonError extends Error {
  constructor() {
    super("The person register has no entry for this person");
    this.name = "UnknownPersonError";
  }
}

/** A first login while Folkeregisteret does not answer: without a name the person is not created. */
export class RegisterUnavailableError extends Error {
  constructor() {
    super("The person register did not answer, and the person is not known here yet");
    this.name = "RegisterUnavailableError";
  }
}

/**
 * Finds or creates the resident at login.
 * - The name is refreshed from Folkeregisteret. When it does not answer, a known resident keeps
 *   the stored name and logs in; a first-time resident is refused (RegisterUnavailableError).
 * - Contact details come from KRR as long as the resident has not entered their own on /min-side
 *   (contact_updated_at is null); their own choice is never overwritten. A person reserved in KRR
 *   (or whose details KRR says may not be used) gets none from KRR, so no e-mail or SMS is sent
 *   unless they enter details here themselves. When KRR does not answer, nothing changes.
 */
export async function upsertResident(db: Database, pid: string, register: PersonRegister = getPersonRegister()) {
  const entry = await register.lookup(pid);
  if (!entry) throw new UnknownPersonError();
  const pidHash = lookupHash(pid);
  const contact = entry.contact;
  // Contact details from the register replace only details that also came from the register.
  const fromRegister = (column: typeof persons.email | typeof persons.mobile, value: string | null) =>
    sql`case when ${persons.contactUpdatedAt} is null then ${value}::text else ${column} end`;
  // Whether KRR says "reserved" is kept whenever KRR answered, so /min-side can tell the resident
  // why it has no contact details from there.
  const contactUpdate = contact
    ? { email: fromRegister(persons.email, contact.email), mobile: fromRegister(persons.mobile, contact.mobile), reservedInKrr: contact.reserved }
    : {};

  if (!entry.name) {
    const [known] = await db
      .update(persons)
      .set({ ...contactUpdate, lastLoginAt: sql`now()` })
      .where(eq(persons.pidHash, pidHash))
      .returning({ id: persons.id });
    if (!known) throw new RegisterUnavailableError();
    return known.id;
  }
  const [row] = await db
    .insert(persons)
    .values({
      pidHash,
      pidCiphertext: encrypt(pid),
      givenName: entry.name.givenName,
      familyName: entry.name.familyName,
      email: contact?.email ?? null,
      mobile: contact?.mobile ?? null,
      reservedInKrr: contact?.reserved ?? false,
    })
    .onConflictDoUpdate({
      target: persons.pidHash,
      set: { givenName: entry.name.givenName, familyName: entry.name.familyName, ...contactUpdate, lastLoginAt: sql`now()` },
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
