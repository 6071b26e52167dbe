// Fills a migrated and seeded PostgreSQL database (DATABASE_URL) with synthetic applications for
// bench/applications.mjs: N applications of E events each, spread over R synthetic residents, with
// their projection (application_details) computed by the portal's own deriveStatus and dueAtOf, so
// the portal finds nothing to rebuild at start-up. Multi-row inserts of 1,000 rows.
//
// Run with tsx (it imports the portal's TypeScript): `npx tsx bench/fill-applications.ts 10000 20 3000`.
// Needs DATABASE_URL and PID_ENCRYPTION_KEY (the key the portal then runs with: fødselsnumre are
// stored encrypted and looked up by keyed hash). Prints one JSON line on stdout: the sessions and
// ids the benchmark uses.
//
// Residents are synthetic only: fødselsnumre with month + 80 and valid check digits, checked with
// the portal's validateFodselsnummer; names are made up from short lists.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import { dueAtOf } from "~/.server/applications/projection";
import { deriveStatus, type StatusEvent } from "~/.server/applications/status";
import { osloDate } from "~/utils/dates";
import { addCalendarDays } from "~/utils/working-days";
import { encrypt, lookupHash } from "~/.server/secrets";
import { validateFodselsnummer } from "~/utils/fodselsnummer";

const [applicationCount = 10_000, eventsPerApplication = 20, residentCount = 3_000] = process.argv.slice(2).map(Number);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");
const sql = postgres(url, { max: 4, onnotice: () => {} });

// A small deterministic random generator, so runs are comparable.
let seed = 20261127;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];

/** A synthetic fødselsnummer (month + 80) with valid check digits, born 1930–1999. */
function syntheticPid(): string {
  for (;;) {
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    const year = 30 + Math.floor(random() * 70);
    const individual = 100 + Math.floor(random() * 399); // 1900–1999
    const digits = `${String(day).padStart(2, "0")}${String(month + 80)}${String(year).padStart(2, "0")}${individual}`.split("").map(Number);
    const k1 = 11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * digits[i], 0) % 11);
    if (k1 === 10) continue;
    const d1 = k1 === 11 ? 0 : k1;
    const k2 = 11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * [...digits, d1][i], 0) % 11);
    if (k2 === 10) continue;
    const pid = `${digits.join("")}${d1}${k2 === 11 ? 0 : k2}`;
    const checked = validateFodselsnummer(pid);
    if (checked.valid && (checked.kind === "synthetic" || checked.kind === "synthetic-dnr")) return pid;
  }
}

const givenNames = ["Aslaug", "Bjarne", "Dagny", "Einar", "Frøydis", "Gunnar", "Halvdan", "Idun", "Jorunn", "Kjellaug", "Leiv", "Magnhild", "Njål", "Oddny", "Ragnvald", "Sigrun", "Torbjørg", "Ulv", "Vebjørn", "Åsta"];
const familyNames = ["Bakkely", "Dalsrud", "Elvheim", "Fjellstad", "Granlund", "Haugtun", "Islandsmo", "Kvernstad", "Lienes", "Myrvold", "Nordbakk", "Orheim", "Rustaden", "Skogvik", "Tjernli", "Vassbotn"];

async function insertMany(table: string, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await sql`insert into ${sql(table)} ${sql(chunk as Record<string, postgres.ParameterOrJSON<never>>[], Object.keys(chunk[0]))}`;
  }
}

const hour = 3_600_000;
const day = 24 * hour;

type GenEvent = { type: string; payload: Record<string, unknown>; at: number };

/** 20 events (or E) that take the case to one of the stages, with time between them. */
function lifecycle(i: number, created: number, services: string[], now: number): GenEvent[] {
  const kind = i % 10;
  const tail: { type: string; payload: (at: number) => Record<string, unknown> }[] = [];
  const outcomes = (outcome: string) => services.map((service) => ({ service, outcome, description: "Vurdert etter samtale og kartlegging." }));
  const decided = (outcome: string) => ({
    type: "decided",
    payload: () => ({ outcomes: outcomes(outcome), reasoning: "Vi har vurdert behovet ditt.\n\nDu får hjelp som beskrevet.", criteria: ["Hva du klarer selv", "Helseopplysninger"] }),
  });
  if (kind === 1 || kind === 2) tail.push({ type: "preliminary_reply", payload: (at) => ({ expectedDecisionBy: addCalendarDays(osloDate(new Date(at)), 30), description: "Vi trenger mer tid." }) });
  if (kind === 3) tail.push({ type: "documentation_requested", payload: (at) => ({ description: "Uttalelse fra fastlegen.", dueDate: addCalendarDays(osloDate(new Date(at)), 14) }) });
  if (kind === 4 || kind === 5) tail.push(decided(kind === 4 ? "granted" : "refused"));
  if (kind === 6 || kind === 7 || kind === 8) {
    tail.push(decided("granted"), { type: "service_started", payload: (at) => ({ service: services[0], startDate: osloDate(new Date(at)) }) });
    tail.push({ type: "service_changed", payload: () => ({ service: services[0], description: "Flere besøk i uka." }) });
    if (kind === 8) tail.push({ type: "service_ended", payload: (at) => ({ service: services[0], endDate: osloDate(new Date(at)) }) });
  }
  if (kind === 9)
    tail.push(
      decided("partly_granted"),
      { type: "appeal_received", payload: () => ({ description: "Klage på vedtaket." }) },
      { type: "appeal_reconsidered", payload: () => ({ outcome: "partly_granted", reasoning: "Kommunen står fast på vedtaket." }) },
      { type: "appeal_forwarded", payload: () => ({}) },
    );
  const padding: { type: string; payload: (at: number) => Record<string, unknown> }[] = [];
  const cycle = ["assessment_planned", "documentation_requested", "documentation_received"];
  for (let p = 0; padding.length < eventsPerApplication - 1 - tail.length; p++) {
    const type = cycle[p % 3];
    padding.push({
      type,
      payload: (at) =>
        type === "assessment_planned"
          ? { plannedAt: new Date(at + 3 * day).toISOString(), description: "Vi kommer hjem til deg." }
          : type === "documentation_requested"
            ? { description: "Oversikt over medisiner.", dueDate: addCalendarDays(osloDate(new Date(at)), 10) }
            : { description: "Mottatt." },
    });
  }
  if (padding.at(-1)?.type === "documentation_requested") padding[padding.length - 1] = padding[0];
  const steps = [{ type: "received", payload: () => ({ caseNumber: `2026/${100000 + i}` }) }, ...padding, ...tail];
  const spacing = Math.max(hour, Math.min(3 * day, (now - created) / (steps.length + 1)));
  // Increasing times: a running sum of gaps, and never later than a minute per event before now.
  let running = created;
  return steps.map((s, j) => {
    running += spacing * (0.5 + random());
    const at = Math.round(Math.min(running, now - (steps.length - j) * 60_000));
    return { type: s.type, payload: s.payload(at), at };
  });
}

async function main() {
  const started = Date.now();
  const now = Date.now();
  const [municipality] = await sql<{ id: string }[]>`select id from municipalities where slug = 'fjordvik'`;
  if (!municipality) throw new Error("the demo municipality fjordvik is missing (start the portal once with SEED_DEMO_DATA=true)");
  const slugs = (await sql<{ slug: string }[]>`select slug from services where municipality_id = ${municipality.id} order by slug`).map((r) => r.slug);

  // Residents.
  const residents: { id: string; pid: string; givenName: string; familyName: string }[] = [];
  const seen = new Set<string>();
  while (residents.length < residentCount) {
    const pid = syntheticPid();
    if (seen.has(pid)) continue;
    seen.add(pid);
    residents.push({ id: randomUUID(), pid, givenName: pick(givenNames), familyName: pick(familyNames) });
  }
  await insertMany(
    "persons",
    residents.map((r) => ({ id: r.id, pid_hash: lookupHash(r.pid), pid_ciphertext: encrypt(r.pid), given_name: r.givenName, family_name: r.familyName })),
  );

  // The caseworker the benchmark logs in as, with a share of the cases.
  const [caseworker] = await sql<{ id: string }[]>`
    insert into employees (municipality_id, issuer, subject, name, unit, roles)
    values (${municipality.id}, 'bench', 'bench-caseworker', 'Benk Saksbehandler', 'Tildelingskontoret', ${sql.array(["caseworker"])})
    returning id`;

  const applications: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const details: Record<string, unknown>[] = [];
  for (let i = 0; i < applicationCount; i++) {
    const id = randomUUID();
    const person = residents[i % residentCount];
    const created = now - Math.floor(random() * 730 * day) - day;
    const services = [pick(slugs), ...(i % 4 === 0 ? [pick(slugs)] : [])].filter((s, k, all) => all.indexOf(s) === k);
    const generated = lifecycle(i, created, services, now);
    const updated = Math.max(...generated.map((e) => e.at));
    applications.push({
      id,
      municipality_id: municipality.id,
      person_id: person.id,
      reference: `SOK-2025-${String(100000 + i).padStart(6, "0")}`,
      service_slugs: sql.array(services),
      channel: i % 3 === 0 ? "paper" : "portal",
      created_at: new Date(created),
      updated_at: new Date(updated),
    });
    const statusEvents: StatusEvent[] = [];
    generated.forEach((e, j) => {
      events.push({
        application_id: id,
        municipality_id: municipality.id,
        type: e.type,
        payload: sql.json(e.payload as postgres.JSONValue),
        source: "fagsystem",
        idempotency_key: `bench-${i}-${j}`,
        body_hash: createHash("sha256").update(`${i}-${j}`).digest("hex"),
        occurred_at: new Date(e.at),
        recorded_at: new Date(e.at),
      });
      statusEvents.push({ type: e.type, payload: e.payload, occurredAt: new Date(e.at) });
    });
    const status = deriveStatus(statusEvents, new Date(now), { submittedAt: new Date(created) });
    details.push({
      application_id: id,
      municipality_id: municipality.id,
      stage: status.stage,
      due_at: dueAtOf(status),
      assigned_employee_id: i % 30 === 0 ? caseworker.id : null,
      updated_at: new Date(updated),
    });
  }
  await insertMany("applications", applications);
  await insertMany("application_events", events);
  await insertMany("application_details", details);
  // What autovacuum does within a minute of a bulk load in a real database: statistics, and the
  // GIN (trigram) indexes' pending lists merged. Without it a search scans the pending list.
  await sql`vacuum analyze`;

  // Sessions: the cookie holds a random token, the table its SHA-256.
  const token = () => randomBytes(32).toString("base64url");
  const tokenHash = (t: string) => createHash("sha256").update(t).digest("base64url");
  const residentToken = token();
  const employeeToken = token();
  const expires = new Date(now + 12 * hour);
  const resident = residents[0];
  await sql`insert into sessions (token_hash, kind, person_id, acr, expires_at) values (${tokenHash(residentToken)}, 'resident', ${resident.id}, 'idporten-loa-substantial', ${expires})`;
  await sql`insert into sessions (token_hash, kind, employee_id, expires_at) values (${tokenHash(employeeToken)}, 'employee', ${caseworker.id}, ${expires})`;
  const [own] = await sql<{ id: string }[]>`select id from applications where person_id = ${resident.id} order by created_at desc limit 1`;
  const references = (await sql<{ reference: string }[]>`select reference from applications where municipality_id = ${municipality.id} and reference like 'SOK-2025-%' order by reference limit 2000`).map((r) => r.reference);
  const [{ n: stored }] = await sql<{ n: number }[]>`select count(*)::int as n from application_events`;
  await sql.end();
  process.stdout.write(
    `${JSON.stringify({
      residentToken,
      employeeToken,
      residentApplicationId: own.id,
      residentApplications: applications.filter((a) => a.person_id === resident.id).length,
      searchName: resident.familyName,
      references,
      applications: applicationCount,
      events: stored,
      residents: residentCount,
      ms: Date.now() - started,
    })}\n`,
  );
}

main().catch(async (error) => {
  console.error(error);
  await sql.end({ timeout: 1 });
  process.exit(1);
});
