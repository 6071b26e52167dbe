// `node bench/messages.mjs`: how fast the message pages are with a realistic amount of data. Fills
// a fresh PostgreSQL database with 10,000 threads and 50,000 messages (next to the demo data),
// starts the production build on it, and loads with autocannon the resident's thread list and one
// thread, and the caseworker's inbox views (unassigned / mine / all) and one inbox thread, against
// /tilgjengelighet in the same run. A report, not a test: it prints numbers and exits 0 whether or
// not a page reaches the target (≥ 60 % of /tilgjengelighet's req/s).
//
//   BENCH_DATABASE_URL  an admin connection (default postgres://postgres@127.0.0.1:5432/postgres);
//                       a database is created for the run and dropped afterwards
//   BUILD_DIR           the production build to start (default build; build it first)
//   BENCH_KEEP_DATABASE=1 keeps the filled database afterwards (to look at query plans)
//   --page-cache=off|on|both (default both): /tilgjengelighet is cached for a minute in a deployed
//                       portal; "off" compares renderer with renderer
//
// Sessions are made directly in the database (a resident, Solveig Fjellstad from the demo, and a
// caseworker in Tildelingskontoret), so no login is measured here; bench/run.mjs times logins.
import { spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PORT = Number(process.env.BENCH_PORT ?? 3352);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BUILD_DIR = process.env.BUILD_DIR ?? "build";
const THREADS = 10_000;
const MESSAGES_PER_THREAD = 5;
const PERSONS = 2_000;
const SOLVEIG_THREADS = 40; // one heavy user among them: two pages of her list
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_S = 2;
const CONNECTIONS = 50;
const TARGET = 0.6;

const arg = process.argv.find((a) => a.startsWith("--page-cache="))?.split("=")[1] ?? "both";
const modes = arg === "both" ? ["off", "on"] : [arg];

const sha256 = (v) => createHash("sha256").update(v).digest("base64url");
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }) : "–");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (!fs.existsSync(path.join(root, BUILD_DIR, "server/index.js"))) {
  console.error(`No production build in ${BUILD_DIR}/ – run BUILD_DIR=${BUILD_DIR} npx remix vite:build first.`);
  process.exit(1);
}

const dbName = `portal_bench_messages_${randomBytes(4).toString("hex")}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${dbName}"`);
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${dbName}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-messages-"));
let server;
let sql;

async function cleanup() {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  await sql?.end();
  if (process.env.BENCH_KEEP_DATABASE === "1") console.log(`Kept database ${dbName} (BENCH_KEEP_DATABASE=1).`);
  else await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => cleanup().finally(() => process.exit(130)));

function startServer(pageCache) {
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      BUILD_DIR,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://localhost:${PORT}`,
      DATABASE_URL: dbUrl.toString(),
      SEED_DEMO_DATA: "true",
      DATA_DIR: dataDir,
      LOG_LEVEL: "error",
      PAGE_CACHE: pageCache,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

async function waitReady() {
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`${BASE}/readyz`);
      if (res.ok) return;
    } catch {}
    await sleep(500);
  }
  throw new Error("the portal did not become ready");
}

async function stopServer() {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
}

// ---------------------------------------------------------------------------------------------
// 1. Migrate and seed (the first start does both), then fill.

console.log(`Database ${dbName}: migrating and seeding the demo …`);
server = startServer("off");
await waitReady();
sql = postgres(dbUrl.toString(), { max: 4, onnotice: () => {} });

const [municipality] = await sql`select id from municipalities where slug = 'fjordvik'`;
const units = await sql`select id, slug, name from units where municipality_id = ${municipality.id} order by name`;
const [solveig] = await sql`select id from persons where given_name = 'Solveig' and family_name = 'Fjellstad'`;
const [kari] = await sql`
  insert into employees (municipality_id, issuer, subject, name, unit, roles)
  values (${municipality.id}, 'bench', 'bench-kari', 'Kari Nordmann', 'Tildelingskontoret', '{caseworker}') returning id`;

const started = Date.now();
process.stdout.write(`Filling ${fmt(THREADS)} threads and ${fmt(THREADS * MESSAGES_PER_THREAD)} messages … `);
await sql.begin(async (tx) => {
  // Residents whose pid columns are placeholders (never decrypted: the bench opens Solveig's threads only).
  await tx`
    insert into persons (pid_hash, pid_ciphertext, given_name, family_name)
    select 'bench-' || g, 'bench-not-a-pid', 'Innbygger' || g, 'Benkvik'
    from generate_series(1, ${PERSONS}) g`;
  await tx`
    insert into message_threads (municipality_id, person_id, reference, subject, unit_id, assigned_employee_id, state, due_at, last_message_at, created_at)
    select ${municipality.id},
           case when g <= ${SOLVEIG_THREADS} then ${solveig.id}::uuid
                else (select id from persons where pid_hash = 'bench-' || (1 + g % ${PERSONS})) end,
           'MLD-2025-' || lpad(g::text, 6, '0'),
           'Spørsmål om hjelp nummer ' || g,
           (${units.map((u) => u.id)}::uuid[])[1 + g % ${units.length}],
           case when g % 5 = 0 then ${kari.id}::uuid end,
           (array['awaiting_municipality', 'awaiting_resident', 'closed'])[1 + g % 3],
           case when g % 3 = 0 then now() - make_interval(mins => g) + interval '2 days' end,
           now() - make_interval(mins => g),
           now() - make_interval(mins => g + 600)
    from generate_series(1, ${THREADS}) g`;
  await tx`
    insert into messages (thread_id, municipality_id, author_kind, author_person_id, author_employee_id, author_name, author_unit, body, internal, client_key, read_at, created_at)
    select t.id, t.municipality_id,
           case when n % 2 = 1 then 'person' else 'employee' end,
           case when n % 2 = 1 then t.person_id end,
           case when n % 2 = 0 then ${kari.id}::uuid end,
           case when n % 2 = 1 then 'Innbygger' else 'Kari Nordmann' end,
           case when n % 2 = 0 then 'Tildelingskontoret' end,
           repeat('Hei. Dette er en melding med litt tekst i. ', 6),
           n = 4,
           'bench-' || n,
           case when n < ${MESSAGES_PER_THREAD} then t.last_message_at end,
           t.created_at + make_interval(mins => n * 60)
    from message_threads t cross join generate_series(1, ${MESSAGES_PER_THREAD}) n
    where t.reference like 'MLD-2025-%'`;
});
// What autovacuum does within a minute of a bulk load in a real database: statistics, and the
// GIN (trigram) indexes' pending lists merged. Without it a search scans the pending list.
await sql`vacuum analyze`;
const [{ threads }] = await sql`select count(*)::int as threads from message_threads`;
const [{ messages }] = await sql`select count(*)::int as messages from messages`;
console.log(`done in ${fmt((Date.now() - started) / 1000, 1)} s: ${fmt(threads)} threads, ${fmt(messages)} messages in the database`);

// Sessions straight into the table (what a login would make).
async function session(kind, who) {
  const token = randomBytes(32).toString("base64url");
  await sql`
    insert into sessions (token_hash, kind, person_id, employee_id, acr, expires_at)
    values (${sha256(token)}, ${kind}, ${kind === "resident" ? who : null}, ${kind === "employee" ? who : null},
            ${kind === "resident" ? "idporten-loa-substantial" : null}, now() + interval '12 hours')`;
  return `${kind === "resident" ? "portal-innbygger" : "portal-ansatt"}=${token}`;
}
const residentCookie = await session("resident", solveig.id);
const employeeCookie = await session("employee", kari.id);
const [solveigThread] = await sql`select id from message_threads where person_id = ${solveig.id} and reference like 'MLD-2025-%' order by last_message_at desc limit 1`;
const tildeling = units.find((u) => u.slug === "tildelingskontoret");

// What the planner does with the list queries (the app's queries, written out).
console.log("\nQuery plans (the app's list queries, written out):");
const plans = {
  "resident list": sql`explain select id from message_threads where person_id = ${solveig.id} and municipality_id = ${municipality.id} order by last_message_at desc, id desc limit 20`,
  "inbox unassigned": sql`explain select id from message_threads where unit_id = ${tildeling.id} and municipality_id = ${municipality.id} and assigned_employee_id is null and state in ('awaiting_municipality','awaiting_resident') order by last_message_at desc, id desc limit 25`,
  "inbox mine": sql`explain select id from message_threads where unit_id = ${tildeling.id} and municipality_id = ${municipality.id} and assigned_employee_id = ${kari.id} and state in ('awaiting_municipality','awaiting_resident') order by last_message_at desc, id desc limit 25`,
  "thread messages": sql`explain select id from messages where thread_id = ${solveigThread.id} and internal = false order by created_at, id`,
};
for (const [name, query] of Object.entries(plans)) {
  const rows = await query;
  const lines = rows.map((r) => r["QUERY PLAN"].trim().replace(/^->\s*/, "").replace(/\s*\(cost=.*$/, ""));
  console.log(`  ${name}: ${lines.filter((l) => /Scan|Sort\b|Limit/.test(l)).join(" → ")}`);
}

// ---------------------------------------------------------------------------------------------
// 2. Load.

const targets = [
  { name: "/tilgjengelighet", path: "/tilgjengelighet", baseline: true },
  { name: "resident: /min-side (reference)", path: "/min-side", cookie: residentCookie, extra: true },
  { name: "resident: /min-side/meldinger", path: "/min-side/meldinger", cookie: residentCookie },
  { name: "resident: a thread", path: `/min-side/meldinger/${solveigThread.id}`, cookie: residentCookie },
  { name: "inbox: unassigned", path: "/saksbehandler/innboks", cookie: employeeCookie },
  { name: "inbox: mine", path: "/saksbehandler/innboks?visning=mine", cookie: employeeCookie },
  { name: "inbox: all", path: "/saksbehandler/innboks?visning=all", cookie: employeeCookie },
  { name: "inbox: a thread (audit write)", path: `/saksbehandler/innboks/${solveigThread.id}`, cookie: employeeCookie, extra: true },
];

function cannon(t, duration) {
  return autocannon({
    url: `${BASE}${t.path}`,
    connections: CONNECTIONS,
    duration,
    headers: { "accept-language": "nb", ...(t.cookie ? { cookie: t.cookie } : {}) },
  });
}

const report = [];
for (const mode of modes) {
  await stopServer();
  server = startServer(mode);
  await waitReady();
  for (const t of targets) {
    const res = await fetch(`${BASE}${t.path}`, { headers: { cookie: t.cookie ?? "" }, redirect: "manual" });
    if (res.status !== 200) throw new Error(`${t.path} answered ${res.status}`);
    await res.arrayBuffer();
  }
  process.stdout.write(`\nPAGE_CACHE=${mode}: warm-up …`);
  for (const t of targets) await cannon(t, WARMUP_S);
  // One request at a time: the server's own time per page, less disturbed by a busy machine.
  const sequential = new Map();
  for (const t of targets) {
    const times = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const res = await fetch(`${BASE}${t.path}`, { headers: { "accept-language": "nb", cookie: t.cookie ?? "" } });
      await res.arrayBuffer();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    sequential.set(t, times[15]);
  }
  const results = new Map(targets.map((t) => [t, []]));
  for (const round of [1, 2]) {
    const order = round === 1 ? targets : [...targets].reverse();
    for (const t of order) {
      const r = await cannon(t, DURATION_S);
      if (r.non2xx || r.errors) console.log(`\n  ${t.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      results.get(t).push(r);
    }
    process.stdout.write(` round ${round} done;`);
  }
  console.log("");
  const avg = (t, f) => results.get(t).reduce((s, r) => s + f(r), 0) / results.get(t).length;
  const base = avg(targets[0], (r) => r.requests.average);
  const rows = targets.map((t) => {
    const rps = avg(t, (r) => r.requests.average);
    return [
      t.name,
      fmt(rps),
      fmt(avg(t, (r) => r.latency.p50)),
      fmt(avg(t, (r) => r.latency.p99)),
      fmt(sequential.get(t), 1),
      t.baseline ? "" : `${fmt((rps / base) * 100)} %`,
      t.baseline ? "" : t.extra ? "(for information)" : rps / base >= TARGET ? "≥ 60 %: yes" : "≥ 60 %: NO",
    ];
  });
  const header = ["page", "req/s", "p50 ms", "p99 ms", "alone ms", "of /tilgjengelighet", "target"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const load = os.loadavg()[0];
  report.push(`PAGE_CACHE=${mode} (${CONNECTIONS} connections, ${DURATION_S} s × 2 rounds; "alone": median of 30 sequential requests; ${os.cpus().length} CPUs, load average ${fmt(load, 1)})`, line(header), ...rows.map(line), "");
}

console.log(`\n${fmt(threads)} threads, ${fmt(messages)} messages\n`);
console.log(report.join("\n"));
await cleanup();
