// The production person register (Maskinporten → Folkeregisteret + KRR) against local stand-ins
// of the three services (tests/support/register-mocks.ts), and what a login does with its answers
// (upsertResident) on PGlite or PostgreSQL (DATABASE_URL): happy path, token caching, a register
// that is down or too slow, a person reserved in KRR, an unknown person, the resident's own
// contact details, and no fødselsnummer in any log line.
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  getPersonRegister,
  RegisterUnavailableError,
  UnknownPersonError,
  updateContactDetails,
  upsertResident,
  type PersonRegister,
} from "~/.server/auth/people";
import { parseEnv } from "~/.server/env";
import { IntegrationError } from "~/.server/integrations/http";
import { createFregClient } from "~/.server/integrations/folkeregisteret";
import { createKrrClient } from "~/.server/integrations/krr";
import { createGrant, createMaskinportenClient, parseSigningKey } from "~/.server/integrations/maskinporten";
import { createProductionRegister } from "~/.server/integrations/person-register";
import { lookupHash } from "~/.server/secrets";
import { createSession } from "~/.server/auth/session";
import { useDatabaseForTests } from "~/.server/db";
import * as minSide from "~/routes/min-side";
import { isSynthetic } from "~/utils/fodselsnummer";
import { persons } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import { startRegisterMocks, syntheticPid, type RegisterMocks } from "../support/register-mocks";

const clientId = "0a1b2c3d-portal";
const kid = "portal-2026-11";
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const kari = syntheticPid(4); // in both registers, digital contact
const reserved = syntheticPid(5); // reserved in KRR
const stale = syntheticPid(6); // KRR: contact details too old to be used
const notInKrr = syntheticPid(7); // Folkeregisteret only
const unknown = syntheticPid(8); // in neither
const firstTimer = syntheticPid(9);
const returning = syntheticPid(10);

let mocks: RegisterMocks;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let dataDir: string;
let register: PersonRegister;
let captured: string[] = [];
const originalWrite = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

const registerFor = (m: RegisterMocks, timeoutMs = 1500) =>
  createProductionRegister({
    maskinporten: { issuer: m.issuer, clientId, key: pem, kid },
    krrUrl: m.krrUrl,
    fregUrl: m.fregUrl,
    timeoutMs,
  });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-register-test-"));
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL = "info";
  for (const pid of [kari, reserved, stale, notInKrr, unknown, firstTimer, returning]) expect(isSynthetic(pid)).toBe(true);
  db = await createTestDatabase();
  mocks = await startRegisterMocks({ clientId, publicKey, kid });
  mocks.people.set(kari, {
    name: { fornavn: "Kari", mellomnavn: "Fjell", etternavn: "Nordvik" },
    krr: { reservasjon: "NEI", status: "AKTIV", epostadresse: "kari@eksempel.no", mobiltelefonnummer: "+4741234567" },
  });
  mocks.people.set(reserved, {
    name: { fornavn: "Rolf", etternavn: "Reservert" },
    krr: { reservasjon: "JA", status: "AKTIV", epostadresse: "rolf@eksempel.no", mobiltelefonnummer: "+4790000001" },
  });
  mocks.people.set(stale, {
    name: { fornavn: "Sigrid", etternavn: "Gammel" },
    krr: { reservasjon: "NEI", status: "AKTIV", varslingsstatus: "KAN_IKKE_VARSLES", epostadresse: "sigrid@eksempel.no" },
  });
  mocks.people.set(notInKrr, { name: { fornavn: "Nils", etternavn: "Utenkrr" } });
  mocks.people.set(firstTimer, { name: { fornavn: "Frida", etternavn: "Førstegang" }, krr: { reservasjon: "NEI", status: "AKTIV" } });
  mocks.people.set(returning, {
    name: { fornavn: "Per", etternavn: "Tilbake" },
    krr: { reservasjon: "NEI", status: "AKTIV", epostadresse: "per@eksempel.no" },
  });
  register = registerFor(mocks);
}, 60_000);

afterAll(async () => {
  await mocks?.stop();
  await db?.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  mocks.mode = { maskinporten: "up", krr: "up", freg: "up" };
  captured = [];
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (originalWrite.out as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (originalWrite.err as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
});

afterEach(() => {
  process.stdout.write = originalWrite.out;
  process.stderr.write = originalWrite.err;
  // No log line carries a fødselsnummer (whole, or its personal number part).
  const logs = captured.join("");
  for (const pid of [kari, reserved, stale, notInKrr, unknown, firstTimer, returning]) {
    expect(logs).not.toContain(pid);
    expect(logs).not.toContain(pid.slice(6));
  }
});

const personRow = async (pid: string) => (await db.db.select().from(persons).where(eq(persons.pidHash, lookupHash(pid))))[0];
const events = () =>
  captured
    .join("")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("Maskinporten", () => {
  it("trades a JWT grant signed with the organisation's key for a token; the grant carries aud, iss, scope, kid", async () => {
    const client = createMaskinportenClient({ issuer: mocks.issuer, clientId, key: pem, kid });
    const before = mocks.grants.length;
    const token = await client.token(["krr:global/kontaktinformasjon.read"], AbortSignal.timeout(2000));
    expect(token).toMatch(/^[\w-]{20,}$/);
    const grant = mocks.grants.at(-1)!;
    expect(mocks.grants.length).toBe(before + 1);
    expect(grant.accepted).toBe(true);
    expect(grant.header).toMatchObject({ alg: "RS256", kid });
    expect(grant.claims).toMatchObject({ aud: mocks.issuer, iss: clientId, scope: "krr:global/kontaktinformasjon.read" });
    expect((grant.claims.exp as number) - (grant.claims.iat as number)).toBeLessThanOrEqual(120);
  });

  it("keeps a token until shortly before it expires: many lookups, one grant per scope", async () => {
    const fresh = registerFor(mocks);
    const before = mocks.calls.maskinporten;
    await Promise.all([fresh.lookup(kari), fresh.lookup(reserved)]);
    await fresh.lookup(stale);
    await fresh.lookup(kari);
    // One token for KRR's scope and one for Folkeregisteret's, asked for once each.
    expect(mocks.calls.maskinporten - before).toBe(2);
    const scopes = mocks.grants.slice(-2).map((g) => g.claims.scope).sort();
    expect(scopes).toEqual(["folkeregister:deling/offentligmedhjemmel", "krr:global/kontaktinformasjon.read"]);
  });

  it("asks again when an API refuses the cached token", async () => {
    const fresh = registerFor(mocks);
    await fresh.lookup(kari);
    const before = mocks.calls.maskinporten;
    mocks.revokeTokens();
    const refused = await fresh.lookup(kari);
    expect(refused).toEqual({ name: null, contact: null });
    expect(events().filter((e) => e.event === "person_register.unavailable").map((e) => e.failure)).toEqual(["rejected", "rejected"]);
    const again = await fresh.lookup(kari);
    expect(again?.name).toEqual({ givenName: "Kari", familyName: "Fjell Nordvik" });
    expect(mocks.calls.maskinporten - before).toBe(2);
  });

  it("a grant signed with another key is refused, with Maskinporten's reason in the error", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const client = createMaskinportenClient({ issuer: mocks.issuer, clientId, key: other, kid });
    const error = await client.token(["krr:global/kontaktinformasjon.read"], AbortSignal.timeout(2000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).failure).toBe("rejected");
    expect((error as Error).message).toContain("invalid_grant: signature does not verify");
  });

  it("reads the key as PEM (also with \\n escapes) or as a JWK, and refuses anything else", () => {
    expect(parseSigningKey(pem, "a").kid).toBe("a");
    expect(parseSigningKey(pem.replace(/\n/g, "\\n")).key.asymmetricKeyType).toBe("rsa");
    const jwk = JSON.stringify({ ...privateKey.export({ format: "jwk" }), kid: "from-jwk" });
    expect(parseSigningKey(jwk).kid).toBe("from-jwk");
    const grant = createGrant({ issuer: "https://maskinporten.no/", clientId }, parseSigningKey(jwk), ["a", "b"]);
    expect(JSON.parse(Buffer.from(grant.split(".")[0], "base64url").toString())).toEqual({ alg: "RS256", typ: "JWT", kid: "from-jwk" });
    expect(() => parseSigningKey(JSON.stringify(publicKey.export({ format: "jwk" })))).toThrow(/private/);
    expect(() => parseSigningKey("not a key")).toThrow(/RSA private key/);
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => parseSigningKey(ec)).toThrow(/RSA/);
  });
});

describe("Folkeregisteret and KRR", () => {
  it("happy path: the current name from Folkeregisteret, e-mail and mobile from KRR", async () => {
    const entry = await register.lookup(kari);
    expect(entry).toEqual({
      name: { givenName: "Kari", familyName: "Fjell Nordvik" },
      contact: { email: "kari@eksempel.no", mobile: "+4741234567", reserved: false },
    });
    // The documented requests: POST {personidentifikatorer: [pid]} to KRR, part=navn from Folkeregisteret.
    expect(mocks.krrBodies.at(-1)).toEqual({ personidentifikatorer: [kari] });
    expect(mocks.fregPaths.at(-1)).toBe(`/freg/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/${kari}?part=navn`);
  });

  it("a person reserved in KRR (reservasjon JA) gets no contact details from it", async () => {
    expect(await register.lookup(reserved)).toEqual({
      name: { givenName: "Rolf", familyName: "Reservert" },
      contact: { email: null, mobile: null, reserved: true },
    });
  });

  it("contact details KRR says may not be used (KAN_IKKE_VARSLES), or a person not in KRR: none", async () => {
    expect((await register.lookup(stale))?.contact).toEqual({ email: null, mobile: null, reserved: false });
    expect((await register.lookup(notInKrr))?.contact).toEqual({ email: null, mobile: null, reserved: false });
  });

  it("a person Folkeregisteret does not know is unknown (null)", async () => {
    expect(await register.lookup(unknown)).toBeNull();
  });

  it("a register that is down or does not answer in time leaves its part out, and says so in the log", async () => {
    mocks.mode.krr = "down";
    expect(await register.lookup(kari)).toEqual({ name: { givenName: "Kari", familyName: "Fjell Nordvik" }, contact: null });
    mocks.mode = { maskinporten: "up", krr: "up", freg: "hang" };
    const slow = registerFor(mocks, 300);
    const entry = await slow.lookup(kari);
    expect(entry?.name).toBeNull();
    expect(entry?.contact?.email).toBe("kari@eksempel.no");
    const logged = events().filter((e) => e.event === "person_register.unavailable");
    expect(logged).toEqual([
      expect.objectContaining({ register: "krr", failure: "unavailable", status: 503 }),
      expect.objectContaining({ register: "folkeregisteret", failure: "timeout" }),
    ]);
  });

  it("Maskinporten down: both parts are unavailable", async () => {
    const fresh = registerFor(mocks);
    mocks.mode.maskinporten = "down";
    expect(await fresh.lookup(kari)).toEqual({ name: null, contact: null });
  });

  it("the adapters can be used one by one", async () => {
    const maskinporten = createMaskinportenClient({ issuer: mocks.issuer, clientId, key: pem, kid });
    const signal = AbortSignal.timeout(2000);
    expect(await createFregClient({ baseUrl: mocks.fregUrl, maskinporten }).lookupName(unknown, signal)).toBeNull();
    expect(await createKrrClient({ baseUrl: mocks.krrUrl, maskinporten }).lookup(reserved, signal)).toMatchObject({
      status: "AKTIV",
      reserved: true,
    });
  });
});

describe("at login (upsertResident)", () => {
  it("a first login creates the person with the register's name and KRR's contact details", async () => {
    const id = await upsertResident(db.db, kari, register);
    const row = await personRow(kari);
    expect(row.id).toBe(id);
    expect(row).toMatchObject({ givenName: "Kari", familyName: "Fjell Nordvik", email: "kari@eksempel.no", mobile: "+4741234567" });
  });

  it("a reserved person is created without contact details, so no e-mail or SMS is sent, and /min-side says why", async () => {
    const id = await upsertResident(db.db, reserved, register);
    expect(await personRow(reserved)).toMatchObject({ givenName: "Rolf", email: null, mobile: null, reservedInKrr: true });
    useDatabaseForTests(db);
    const cookie = (await createSession(db.db, new Request("http://localhost:3000"), { kind: "resident", personId: id, acr: "idporten-loa-high" })).split(";")[0];
    const page = await minSide.loader({ request: new Request("http://localhost:3000/min-side", { headers: { Cookie: cookie } }), params: {}, context: {} });
    expect(page).toMatchObject({ reservedInKrr: true, email: "", mobile: "" });

    // KRR down at the next login: as it was. Then the reservation lifted: the details come back.
    mocks.mode.krr = "down";
    await upsertResident(db.db, reserved, register);
    expect((await personRow(reserved)).reservedInKrr).toBe(true);
    mocks.mode.krr = "up";
    mocks.people.get(reserved)!.krr!.reservasjon = "NEI";
    await upsertResident(db.db, reserved, register);
    expect(await personRow(reserved)).toMatchObject({ reservedInKrr: false, email: "rolf@eksempel.no" });
    mocks.people.get(reserved)!.krr!.reservasjon = "JA";
  });

  it("an unknown person is refused", async () => {
    await expect(upsertResident(db.db, unknown, register)).rejects.toBeInstanceOf(UnknownPersonError);
    expect(await personRow(unknown)).toBeUndefined();
  });

  it("Folkeregisteret down: a first-time resident is refused (no name), a known one logs in with the stored name", async () => {
    await upsertResident(db.db, returning, register);
    mocks.mode.freg = "down";
    await expect(upsertResident(db.db, firstTimer, register)).rejects.toBeInstanceOf(RegisterUnavailableError);
    expect(await personRow(firstTimer)).toBeUndefined();
    const id = await upsertResident(db.db, returning, register);
    expect(await personRow(returning)).toMatchObject({ id, givenName: "Per", familyName: "Tilbake", email: "per@eksempel.no" });
    mocks.mode.freg = "up";
    await upsertResident(db.db, firstTimer, register);
    expect(await personRow(firstTimer)).toMatchObject({ givenName: "Frida", email: null });
  });

  it("KRR's details follow KRR until the resident enters their own; their own are never overwritten", async () => {
    const pid = syntheticPid(11);
    mocks.people.set(pid, { name: { fornavn: "Eva", etternavn: "Egen" }, krr: { reservasjon: "NEI", status: "AKTIV", epostadresse: "eva@krr.no" } });
    const id = await upsertResident(db.db, pid, register);
    mocks.people.get(pid)!.krr!.epostadresse = "eva.ny@krr.no";
    await upsertResident(db.db, pid, register);
    expect((await personRow(pid)).email).toBe("eva.ny@krr.no");
    // KRR down: nothing changes.
    mocks.mode.krr = "down";
    await upsertResident(db.db, pid, register);
    expect((await personRow(pid)).email).toBe("eva.ny@krr.no");
    mocks.mode.krr = "up";
    // The resident's own choice on /min-side wins from now on, also if they later reserve themselves.
    await updateContactDetails(db.db, id, { email: "eva@privat.no", mobile: "41234567" });
    mocks.people.get(pid)!.krr = { reservasjon: "JA", status: "AKTIV", epostadresse: "eva.ny@krr.no" };
    await upsertResident(db.db, pid, register);
    expect(await personRow(pid)).toMatchObject({ email: "eva@privat.no", mobile: "41234567" });
  });

  it("someone who reserves themselves in KRR loses the details that came from KRR", async () => {
    const pid = syntheticPid(12);
    mocks.people.set(pid, { name: { fornavn: "Ola", etternavn: "Senere" }, krr: { reservasjon: "NEI", status: "AKTIV", mobiltelefonnummer: "+4799999999" } });
    await upsertResident(db.db, pid, register);
    expect((await personRow(pid)).mobile).toBe("+4799999999");
    mocks.people.get(pid)!.krr!.reservasjon = "JA";
    await upsertResident(db.db, pid, register);
    expect((await personRow(pid)).mobile).toBeNull();
  });
});

describe("selection and configuration", () => {
  const base = { PORTAL_ENV: "demo" };
  const registerEnv = {
    MASKINPORTEN_ISSUER: "https://maskinporten.no/",
    MASKINPORTEN_CLIENT_ID: clientId,
    MASKINPORTEN_KEY: pem,
    MASKINPORTEN_KID: kid,
    KRR_URL: "https://kontaktregisteret.no",
    FREG_URL: "https://folkeregisteret.api.skatteetaten.no",
  };

  it("the embedded default keeps the synthetic register", async () => {
    const env = parseEnv(base);
    expect(await getPersonRegister(env).lookup(kari)).toMatchObject({ name: { givenName: "Testperson" } });
  });

  it("half a register configuration is refused, naming what is missing; a bad key is refused", () => {
    expect(() => parseEnv({ ...base, KRR_URL: "https://kontaktregisteret.no" })).toThrow(/MASKINPORTEN_ISSUER[\s\S]*FREG_URL/);
    expect(() => parseEnv({ ...base, ...registerEnv, MASKINPORTEN_KEY: "nøkkel" })).toThrow(/MASKINPORTEN_KEY: must be an RSA private key/);
    expect(() => parseEnv({ ...base, ...registerEnv, MASKINPORTEN_ISSUER: "https://maskinporten.no" })).toThrow(
      /MASKINPORTEN_ISSUER: must be https:\/\/maskinporten.no\/ \(with the slash\)/,
    );
    expect(() => parseEnv({ ...base, ...registerEnv })).not.toThrow();
  });
});
