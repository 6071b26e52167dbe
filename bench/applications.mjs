// `npm run bench:applications` (node bench/applications.mjs): the application pages and the events
// API with 10,000 applications of 20 events each in PostgreSQL (issue 4 "Speed"), and the
// logged-in /min-side on PostgreSQL (issue 3 "Speed"), each against /tilgjengelighet in the same
// run. A report, not a test: it exits 0 when a target is missed, non-zero only when it could not
// build, fill, start or measure.
//
// 1. Creates a fresh database on the PostgreSQL server in --db-url (default $BENCH_DATABASE_URL or
//    postgres://postgres@127.0.0.1:5432/postgres; the role needs CREATEDB), starts the production
//    build once on it to migrate and seed the demo municipality, then fills it with
//    bench/fill-applications.ts (synthetic residents, multi-row inserts, projections computed by
//    the portal's own code).
// 2. For each page-cache mode (--page-cache=on|off|both, default both) starts the portal on it,
//    warms every target up, and runs two rounds in ABBA order with autocannon (50 connections,
//    8 s). Resident and caseworker are logged in by sessions the fill wrote (cookie = random
//    token, table = its SHA-256), the same rows a login writes.
// 3. Measures the events API after a warm-up: POST /api/v1/applications/{ref}/events with distinct ids spread
//    over 2,000 applications, 10 connections, 10 s.
// 4. Drops the database (--keep-db keeps it and prints its URL; --fill-only stops after step 1).
//
// BUILD_DIR is honoured (default build); the portal listens on --port (default 3400).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const buildDir = process.env.BUILD_DIR || "build";

const usage =
  "usage: node bench/applications.mjs [--db-url=postgres://…/postgres] [--port=3400] [--applications=10000] [--events=20] [--residents=3000] [--page-cache=on|off|both] [--duration=8] [--keep-db] [--fill-only]";
const options = { dbUrl: process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres", port: 3400, applications: 10_000, events: 20, residents: 3_000, pageCache: "both", duration: 8, keepDb: false };
for (const arg of process.argv.slice(2)) {
  const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
  if (!m) throw new Error(`unknown argument ${arg}\n${usage}`);
  const [, name, value] = m;
  if (name === "help") {
    console.log(usage);
    process.exit(0);
  } else if (name === "db-url") options.dbUrl = value;
  else if (name === "keep-db") options.keepDb = true;
  else if (name === "fill-only") options.fillOnly = options.keepDb = true;
  else if (name === "page-cache" && ["on", "off", "both"].includes(value)) options.pageCache = value;
  else if (["port", "applications", "events", "residents", "duration"].includes(name) && Number(value) > 0) options[name] = Number(value);
  else throw new Error(`bad argument ${arg}\n${usage}`);
}

const CONNECTIONS = 50;
const WARMUP_S = 3;
const INGEST_CONNECTIONS = 10;
const INGEST_S = 10;
const TARGET_SHARE = 0.6; // issue 4: ≥ 60 % of /tilgjengelighet
const TARGET_MIN_SIDE_SHARE = 0.7; // issue 3: ≥ 70 % of /tilgjengelighet
const TARGET_INGEST = 300; // events/s
const PORTAL = `http://127.0.0.1:${options.port}`;
const HEADERS = { "accept-language": "nb" };

const children = new Set();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "–");

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function run(cmd, args, env, label, { capture = false } = {}) {
  const started = Date.now();
  process.stdout.write(`${label} … `);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      children.delete(child);
      if (code === 0) {
        console.log(`done in ${fmt((Date.now() - started) / 1000, 1)} s`);
        resolve(capture ? out : undefined);
      } else {
        console.log("FAILED");
        console.error(`${out}\n${err}`.split("\n").slice(-40).join("\n"));
        reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`));
      }
    });
  });
}

function startPortal(env) {
  const child = spawn(process.execPath, ["server.mjs"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.tail = [];
  const keep = (d) => {
    child.tail.push(...String(d).split("\n").filter(Boolean));
    child.tail.splice(0, Math.max(0, child.tail.length - 100));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.on("exit", () => children.delete(child));
  return child;
}

async function waitReady(child) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited:\n${child.tail.slice(-30).join("\n")}`);
    try {
      const res = await fetch(`${PORTAL}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  throw new Error(`the portal did not get ready:\n${child.tail.slice(-30).join("\n")}`);
}

function stop(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 8_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function cpuBusy() {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const b = times.user + times.nice + times.sys + times.irq;
    busy += b;
    total += b + times.idle;
  }
  return { busy, total };
}

/** CPU time (ms) the process has used: utime + stime from /proc (Linux; NaN elsewhere). */
function processCpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

let portalPid;

// The machine may be shared: besides req/s (which other processes' load distorts), each run
// records the portal's own CPU time per request, which they hardly change.
async function cannon(t, duration) {
  const cpuBefore = processCpuMs(portalPid);
  const r = await autocannon({ url: t.url, connections: CONNECTIONS, duration, headers: t.headers });
  const cpuMs = (processCpuMs(portalPid) - cpuBefore) / Math.max(1, r.requests.total);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts, total: r.requests.total, cpuMs };
}

let database;
let admin;
const keptSecrets = {};

async function main() {
  const started = Date.now();
  const cpus = os.cpus();
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`Data: ${fmt(options.applications)} applications × ${options.events} events, ${fmt(options.residents)} residents; build ${buildDir}; portal :${options.port}`);

  const marker = path.join(root, buildDir, "server/index.js");
  if (!fs.existsSync(marker)) await run("npx", ["remix", "vite:build", "--logLevel", "warn"], { ...process.env, BUILD_DIR: buildDir }, `Build (${buildDir})`);

  // 1. A fresh database, migrated and seeded by the portal itself, then filled.
  admin = postgres(options.dbUrl, { max: 1, onnotice: () => {} });
  const name = `bench_applications_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database "${name}"`);
  database = new URL(options.dbUrl);
  database.pathname = `/${name}`;
  const env = {
    ...process.env,
    NODE_ENV: "production",
    BUILD_DIR: buildDir,
    PORT: String(options.port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://localhost:${options.port}`,
    DATABASE_URL: database.toString(),
    PID_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "bench-applications-")),
    SEED_DEMO_DATA: "true",
    LOG_LEVEL: "warn",
    // The ingest measurement sends far more than a case system would; the limit is tested elsewhere.
    API_RATE_LIMIT: "100000000",
  };
  delete env.PAGE_CACHE;
  delete env.DB_LOG_QUERIES;
  process.stdout.write(`Database ${name}: migrate and seed … `);
  let portal = startPortal(env);
  await waitReady(portal);
  await stop(portal);
  console.log("done");
  const filled = JSON.parse(
    await run(
      "npx",
      ["tsx", "bench/fill-applications.ts", String(options.applications), String(options.events), String(options.residents)],
      env,
      `Fill: ${fmt(options.applications)} applications`,
      { capture: true },
    ),
  );
  console.log(`  ${fmt(filled.events)} events stored (with the demo's) in ${fmt(filled.ms / 1000, 1)} s; the resident has ${filled.residentApplications} applications`);

  Object.assign(keptSecrets, { pidKey: env.PID_ENCRYPTION_KEY, resident: filled.residentToken, employee: filled.employeeToken });
  if (options.fillOnly) return;
  const resident = { ...HEADERS, cookie: `portal-innbygger=${filled.residentToken}` };
  const employee = { ...HEADERS, cookie: `portal-ansatt=${filled.employeeToken}` };
  const targets = [
    { name: "/tilgjengelighet", url: `${PORTAL}/tilgjengelighet`, headers: HEADERS, reference: true },
    { name: "/min-side (logged in)", url: `${PORTAL}/min-side`, headers: resident, share: TARGET_MIN_SIDE_SHARE },
    { name: "/min-side/soknader", url: `${PORTAL}/min-side/soknader`, headers: resident },
    { name: "/min-side/soknader/:id (20 events)", url: `${PORTAL}/min-side/soknader/${filled.residentApplicationId}`, headers: resident },
    { name: "/saksbehandler/saker", url: `${PORTAL}/saksbehandler/saker`, headers: employee },
    { name: "/saksbehandler/saker?status=in_progress", url: `${PORTAL}/saksbehandler/saker?status=in_progress`, headers: employee },
    { name: "/saksbehandler/saker?forsinket=1", url: `${PORTAL}/saksbehandler/saker?forsinket=1`, headers: employee },
    // One service of about 30: some 450 of the 10,000 cases.
    { name: "/saksbehandler/saker?tjeneste=praktisk-bistand", url: `${PORTAL}/saksbehandler/saker?tjeneste=praktisk-bistand`, headers: employee },
    { name: "/saksbehandler/saker?tildelt=meg", url: `${PORTAL}/saksbehandler/saker?tildelt=meg`, headers: employee },
    { name: `/saksbehandler/saker?sok=<surname>`, url: `${PORTAL}/saksbehandler/saker?sok=${encodeURIComponent(filled.searchName)}`, headers: employee },
  ];
  for (const t of targets) t.share ??= t.reference ? undefined : TARGET_SHARE;

  const modes = options.pageCache === "both" ? ["on", "off"] : [options.pageCache];
  const results = [];
  for (const mode of modes) {
    const modeEnv = { ...env, SEED_DEMO_DATA: "false", ...(mode === "off" ? { PAGE_CACHE: "off" } : {}) };
    portal = startPortal(modeEnv);
    portalPid = portal.pid;
    await waitReady(portal);
    console.log(`\nPortal on ${name}, page cache ${mode}`);
    for (const t of targets) {
      const res = await fetch(t.url, { headers: t.headers, redirect: "manual" });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${t.name} answered ${res.status} ${res.headers.get("location") ?? ""}`);
      t.rows = (body.match(/<tr>/g) ?? []).length;
    }
    process.stdout.write("Warm-up:");
    for (const t of targets) {
      const s = await cannon(t, WARMUP_S);
      process.stdout.write(` ${t.name.split("?")[1] ?? t.name} ${fmt(s.rps)};`);
    }
    console.log("");
    const rounds = [];
    for (const order of [targets, [...targets].reverse()]) {
      const round = new Map();
      for (const t of order) {
        const before = cpuBusy();
        const s = await cannon(t, options.duration);
        const after = cpuBusy();
        s.cpu = (after.busy - before.busy) / (after.total - before.total);
        round.set(t, s);
        console.log(`  ${t.name}: ${fmt(s.rps)} req/s, p99 ${fmt(s.p99)} ms, portal CPU ${fmt(s.cpuMs, 2)} ms/request, machine ${fmt(s.cpu * 100)} % busy${s.bad ? `, ${s.bad} non-2xx/errors` : ""}`);
      }
      rounds.push(round);
    }
    const ingest = await measureIngest(filled.references);
    await stop(portal);
    results.push({ mode, rounds, ingest });
  }

  for (const { mode, rounds, ingest } of results) {
    console.log(`\n=== page cache ${mode}: average of both rounds (ABBA), ${CONNECTIONS} connections, ${options.duration} s each ===`);
    const avg = (t, key) => rounds.reduce((a, r) => a + r.get(t)[key], 0) / rounds.length;
    const ref = targets.find((t) => t.reference);
    const refRps = avg(ref, "rps");
    const rows = targets.map((t) => {
      const rps = avg(t, "rps");
      const share = rps / refRps;
      const perRound = rounds.map((r) => `${fmt((r.get(t).rps / r.get(ref).rps) * 100)} %`).join(" / ");
      const cpuMs = avg(t, "cpuMs");
      return [
        t.name,
        fmt(rps),
        fmt(avg(t, "p50")),
        fmt(avg(t, "p99")),
        fmt(rounds.reduce((a, r) => a + r.get(t).bad, 0)),
        t.reference ? "100 %" : `${fmt(share * 100)} %`,
        t.reference ? "" : perRound,
        t.reference ? "(reference)" : `${share >= t.share ? "OK" : "BELOW"} (≥ ${t.share * 100} %)`,
        fmt(cpuMs, 2),
        t.reference ? "100 %" : `${fmt((avg(ref, "cpuMs") / cpuMs) * 100)} %`,
      ];
    });
    console.log(table(["target", "req/s", "p50 ms", "p99 ms", "non-2xx", "vs /tilgjengelighet", "round 1 / 2", "verdict", "CPU ms/req", "CPU-bound ratio"], rows));
    console.log(`"CPU-bound ratio": /tilgjengelighet's portal CPU per request ÷ the page's — the req/s ratio to expect when the portal has the cores to itself.`);
    console.log(
      `Events API: ${fmt(ingest.count)} events in ${fmt(ingest.seconds, 1)} s with ${INGEST_CONNECTIONS} connections = ${fmt(ingest.rate)} events/s (p50 ${fmt(ingest.p50)} ms, p99 ${fmt(ingest.p99)} ms, portal CPU ${fmt(ingest.cpuMs, 2)} ms/event, ${ingest.bad} not 201) → ${ingest.rate >= TARGET_INGEST ? "OK" : "BELOW"} (≥ ${TARGET_INGEST}/s)`,
    );
  }
  console.log(`\nbench took ${fmt((Date.now() - started) / 60_000, 1)} min`);
}

/**
 * POST …/events with distinct ids over many applications, INGEST_CONNECTIONS at a time. Warmed up
 * first, as the pages are: the pages' rounds never run the API's code, and its first seconds in a
 * process are slower (the JIT), which moved this figure by 20–30 % between runs.
 */
async function measureIngest(references) {
  const runId = randomBytes(3).toString("hex");
  await postEvents(references, `bench-warm-${runId}`, WARMUP_S);
  const cpuBefore = processCpuMs(portalPid);
  const result = await postEvents(references, `bench-ingest-${runId}`, INGEST_S);
  const created = result["2xx"];
  return {
    cpuMs: (processCpuMs(portalPid) - cpuBefore) / Math.max(1, created),
    count: created,
    seconds: INGEST_S,
    rate: created / INGEST_S,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

function postEvents(references, idPrefix, duration) {
  let n = 0;
  return autocannon({
    url: PORTAL,
    connections: INGEST_CONNECTIONS,
    duration,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const i = n++;
          const reference = references[i % references.length];
          return {
            ...req,
            path: `/api/v1/applications/${reference}/events`,
            headers: { authorization: "Bearer dev-fagsystem-key", "content-type": "application/json" },
            body: JSON.stringify({ id: `${idPrefix}-${i}`, type: "received", occurredAt: new Date().toISOString() }),
          };
        },
      },
    ],
  });
}

async function cleanup() {
  await Promise.all([...children].map((c) => stop(c)));
  if (admin && database) {
    if (options.keepDb) console.log(`Kept the database: ${database} (PID_ENCRYPTION_KEY=${keptSecrets.pidKey}; cookies portal-innbygger=${keptSecrets.resident}, portal-ansatt=${keptSecrets.employee})`);
    else await admin.unsafe(`drop database if exists "${database.pathname.slice(1)}" with (force)`).catch(() => {});
    await admin.end({ timeout: 2 });
  }
}

for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    cleanup().finally(() => process.exit(130));
  });

try {
  await main();
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
