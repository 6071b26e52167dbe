// `npm run bench`: load-tests the portal's main pages against a minimal Remix page (the
// yardstick in ../shared/bench/remix-baseline), in one run on the same machine, and measures the
// JavaScript each page ships. It is a report, not a test: it exits 0 even when a target is missed
// (non-zero only when something could not be built, started or measured at all).
//
// `--page-cache=on|off|both` (default both): measure the portal as deployed (page cache on), the
// renderer alone (PAGE_CACHE=off), or both, each against a freshly started portal. The logged-in
// page /min-side is measured with a session from a login through the local ID-porten stand-in, and
// the login round trip itself is timed (see login.mjs).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import autocannon from "autocannon";
import postgres from "postgres";
import { firstSyntheticPerson, login } from "./login.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const baselineSrc = path.resolve(root, "../shared/bench/remix-baseline");
const baselineDir = path.join(root, ".cache/remix-baseline");

const PORTAL_PORT = Number(process.env.BENCH_PORT) || 3301;
const BASELINE_PORT = Number(process.env.BENCH_BASELINE_PORT) || 3999;
const PORTAL = `http://127.0.0.1:${PORTAL_PORT}`;
// The public origin the portal believes it has; the login's redirects and cookies use it.
const PUBLIC_URL = `http://localhost:${PORTAL_PORT}`;
const BASELINE = `http://127.0.0.1:${BASELINE_PORT}`;
const WARMUP_S = 3;
const DURATION_S = 8;
const CONNECTIONS = 50;
const HEADERS = { "accept-language": "nb" };
const TARGET_RPS_SHARE = 0.6; // ≥ 60 % of the baseline's req/s
const TARGET_P99_FACTOR = 2; // p99 ≤ 2× the baseline's p99
const JS_BUDGET_GZIP_KB = 120;
const TARGET_MIN_SIDE_SHARE = 0.7; // /min-side ≥ 70 % of /tilgjengelighet's req/s
const LOGINS = 20; // timed sequential logins per portal start
const TARGET_LOGIN_MEDIAN_MS = 300;
const person = firstSyntheticPerson(path.join(root, "db/seed/persons.ts"));

const MODES = {
  on: { key: "on", title: "As deployed: page cache on", env: {} },
  off: { key: "off", title: "Renderer only: PAGE_CACHE=off", env: { PAGE_CACHE: "off" } },
};

// --db=postgres: each portal start gets a fresh database on the PostgreSQL server in
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; the role needs CREATEDB),
// seeded with the demo and dropped afterwards, instead of PGlite in a temporary DATA_DIR.
let database = "pglite";
const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const buildDir = process.env.BUILD_DIR || "build";

function parseArgs(argv) {
  const usage = "usage: node bench/run.mjs [--page-cache=on|off|both] [--db=pglite|postgres]   (npm run bench -- --page-cache=off --db=postgres)";
  let pageCache = "both";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      console.log(usage);
      process.exit(0);
    }
    const db = /^--db(?:=(.*))?$/.exec(arg);
    if (db) {
      database = db[1] ?? argv[++i];
      if (!["pglite", "postgres"].includes(database)) throw new Error(`--db must be pglite or postgres, not ${database}\n${usage}`);
      continue;
    }
    const m = /^--page-cache(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg}\n${usage}`);
    pageCache = m[1] ?? argv[++i];
    if (!["on", "off", "both"].includes(pageCache)) throw new Error(`--page-cache must be on, off or both, not ${pageCache}\n${usage}`);
  }
  return { modes: pageCache === "both" ? [MODES.on, MODES.off] : [MODES[pageCache]] };
}

const targets = [
  { name: "baseline /bench/static", url: `${BASELINE}/bench/static`, baseline: true },
  { name: "/tjenester", url: `${PORTAL}/tjenester` },
  { name: "/tjenester/hjemmesykepleie", url: `${PORTAL}/tjenester/hjemmesykepleie` },
  { name: "/tjenester?q=hjemmehjelp", url: `${PORTAL}/tjenester?q=hjemmehjelp` },
  { name: "/tilgjengelighet", url: `${PORTAL}/tilgjengelighet` },
  // Logged in: the session cookie is added after each portal start (loginForTargets).
  { name: "/min-side (logged in)", url: `${PORTAL}/min-side`, loggedIn: true },
];
const tilgjengelighet = targets.find((t) => t.url.endsWith("/tilgjengelighet"));
const minSide = targets.find((t) => t.loggedIn);
for (const t of targets) t.headers = HEADERS;

// ---------------------------------------------------------------------------------------------
// Cleanup: the servers and the temporary DATA_DIRs go away on success, error, Ctrl-C or SIGTERM.

const children = new Set();
const dataDirs = new Set();
let cleaningUp;

function stopChild(child) {
  child.stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function cleanup() {
  cleaningUp ??= (async () => {
    await Promise.all([...children].map(stopChild));
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
    for (const url of benchDatabases) await dropBenchDatabase(url).catch(() => {});
  })();
  return cleaningUp;
}

// Last resort if the process exits without running cleanup() (sync only).
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the servers …`);
    cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function newestMtime(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Runs a command to completion; its output is kept and shown only if it fails. */
function run(cmd, args, { cwd, env = process.env, label }) {
  const started = Date.now();
  process.stdout.write(`${label} … `);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      children.delete(child);
      if (code === 0) {
        console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        resolve();
      } else {
        console.log("FAILED");
        console.error(output.split("\n").slice(-40).join("\n"));
        reject(new Error(`${cmd} ${args.join(" ")} in ${cwd} exited with ${code ?? signal}`));
      }
    });
  });
}

function withoutEnv(...names) {
  const env = { ...process.env };
  for (const n of names) delete env[n];
  return env;
}

async function portInUse(port) {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch (e) {
    return e?.cause?.code !== "ECONNREFUSED";
  }
}

/** Starts a long-running server; keeps the tail of its output for error reports. */
function startServer(name, args, { cwd, env }) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.logTail = [];
  child.name = name;
  const keep = (d) => {
    for (const line of String(d).split("\n")) if (line.trim()) child.logTail.push(line);
    if (child.logTail.length > 200) child.logTail.splice(0, child.logTail.length - 200);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", (d) => {
    keep(d);
    child.stderrLines = (child.stderrLines ?? 0) + String(d).split("\n").filter((l) => l.trim()).length;
  });
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (!cleaningUp && !child.stopping) console.error(`\n${name} exited unexpectedly (${code ?? signal}):\n${child.logTail.slice(-30).join("\n")}`);
  });
  return child;
}

async function waitFor(child, url, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${child.name} exited before it was ready`);
    try {
      const res = await fetch(url, { headers: HEADERS, signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${child.name} did not answer ${url} with 2xx within ${timeoutMs / 1000} s:\n${child.logTail.slice(-30).join("\n")}`);
}

function cannon(t, duration) {
  return autocannon({ url: t.url, connections: CONNECTIONS, duration, headers: t.headers });
}

// How busy the rest of the machine was during a run: CPU time used by processes other than this
// script and the servers, as a share of all cores (Linux /proc; "–" elsewhere). The box is
// shared, so a high value marks a run whose numbers are less trustworthy.
function cpuSnapshot() {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const b = times.user + times.nice + times.sys + times.irq;
    busy += b;
    total += b + times.idle;
  }
  let ours = process.cpuUsage();
  ours = (ours.user + ours.system) / 1000;
  for (const child of children) {
    try {
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
      ours += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, 100 Hz ticks
    } catch {
      ours = NaN;
    }
  }
  return { busy, total, ours };
}

function otherCpuShare(before, after) {
  const total = after.total - before.total;
  if (!(total > 0)) return NaN;
  return Math.max(0, (after.busy - before.busy - (after.ours - before.ours)) / total);
}

async function measured(t, duration) {
  const before = cpuSnapshot();
  const result = summarize(await cannon(t, duration));
  result.otherCpu = otherCpuShare(before, cpuSnapshot());
  return result;
}

const ms = (n) => fmt(n, Number.isInteger(n) ? 0 : 1);
const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "–";

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------
// 1. Build the portal when build/server/index.js is missing or older than app/.

async function buildPortal() {
  const marker = path.join(root, buildDir, "server/index.js");
  const builtAt = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  if (builtAt >= newestMtime(path.join(root, "app"))) {
    console.log("Portal build: up to date");
    return;
  }
  await run("npx", ["remix", "vite:build"], { cwd: root, label: "Portal build: npx remix vite:build" });
}

// 2. The baseline: copied into .cache/remix-baseline when missing or its package-lock.json differs.

async function prepareBaseline() {
  const srcLock = fs.readFileSync(path.join(baselineSrc, "package-lock.json"));
  const destLock = path.join(baselineDir, "package-lock.json");
  const fresh = !fs.existsSync(destLock) || !fs.readFileSync(destLock).equals(srcLock);
  if (fresh) {
    console.log(`Baseline: copying ${path.relative(root, baselineSrc)} to ${path.relative(root, baselineDir)}`);
    fs.rmSync(baselineDir, { recursive: true, force: true });
    fs.cpSync(baselineSrc, baselineDir, { recursive: true });
    // The shared copy is read-only; the working copy must be writable for npm ci and the build.
    const makeWritable = (p) => {
      const stat = fs.statSync(p);
      fs.chmodSync(p, stat.mode | 0o200);
      if (stat.isDirectory()) for (const e of fs.readdirSync(p)) makeWritable(path.join(p, e));
    };
    makeWritable(baselineDir);
  }
  const env = { ...withoutEnv("NODE_ENV"), PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };
  if (fresh || !fs.existsSync(path.join(baselineDir, "node_modules/.package-lock.json"))) {
    await run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: baselineDir, env, label: "Baseline: npm ci" });
  }
  if (fresh || !fs.existsSync(path.join(baselineDir, "build/server/index.js"))) {
    await run("npx", ["remix", "vite:build"], { cwd: baselineDir, env, label: "Baseline: npx remix vite:build" });
  }
  if (!fresh) console.log("Baseline: up to date");
}

// 3. Start the servers: the baseline once, the portal afresh for each mode (new DATA_DIR).

async function assertPortFree(port) {
  if (await portInUse(port)) throw new Error(`port ${port} is already in use; stop whatever listens there first`);
}

async function startBaseline() {
  await assertPortFree(BASELINE_PORT);
  const baseline = startServer("baseline", ["server.mjs"], {
    cwd: baselineDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SPIKE_I18N: "shared",
      SPIKE_CLEAR_TIMER: "1",
      PORT: String(BASELINE_PORT),
    },
  });
  const started = Date.now();
  await waitFor(baseline, `${BASELINE}/bench/static`);
  console.log(`Baseline ready in ${((Date.now() - started) / 1000).toFixed(1)} s (:${BASELINE_PORT})`);
  return baseline;
}

async function startPortal(mode) {
  await assertPortFree(PORTAL_PORT);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "helseportal-bench-"));
  dataDirs.add(dataDir);
  const dbEnv = database === "postgres" ? { DATABASE_URL: await createBenchDatabase(), SEED_DEMO_DATA: "true" } : {};
  const portal = startServer("portal", ["server.mjs"], {
    cwd: root,
    env: {
      ...withoutEnv("DATABASE_URL", "SEED_DEMO_DATA", "PAGE_CACHE", "PUBLIC_URL", "TRUST_PROXY"),
      NODE_ENV: "production",
      PORT: String(PORTAL_PORT),
      HOST: "127.0.0.1",
      PUBLIC_URL,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      ...dbEnv,
      ...mode.env,
    },
  });
  portal.dataDir = dataDir;
  portal.databaseUrl = dbEnv.DATABASE_URL;
  const started = Date.now();
  await waitFor(portal, `${PORTAL}/readyz`);
  console.log(`Portal ready in ${((Date.now() - started) / 1000).toFixed(1)} s (:${PORTAL_PORT}, PUBLIC_URL ${PUBLIC_URL}, ${mode.env.PAGE_CACHE ? `PAGE_CACHE=${mode.env.PAGE_CACHE}` : "page cache on"}, ${dbEnv.DATABASE_URL ? `PostgreSQL database ${new URL(dbEnv.DATABASE_URL).pathname.slice(1)}` : `PGlite in DATA_DIR ${dataDir}`})`);
  return portal;
}

const benchDatabases = new Set();

async function createBenchDatabase() {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const name = `bench_portal_${Date.now().toString(36)}`;
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    benchDatabases.add(url.toString());
    return url.toString();
  } finally {
    await admin.end();
  }
}

async function dropBenchDatabase(url) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
    benchDatabases.delete(url);
  } finally {
    await admin.end();
  }
}

async function stopPortal(portal) {
  await stopChild(portal);
  fs.rmSync(portal.dataDir, { recursive: true, force: true });
  dataDirs.delete(portal.dataDir);
  if (portal.databaseUrl) await dropBenchDatabase(portal.databaseUrl);
}

// Logins come from their own loopback addresses (127.0.0.2 …): the portal allows 20 login
// requests per minute per client address, and each login makes two (see login.mjs).
let nextLoopback = 2;
const loginOnce = () =>
  login({ socket: { host: "127.0.0.1", port: PORTAL_PORT }, publicUrl: PUBLIC_URL, person, localAddress: `127.0.0.${nextLoopback++}` });

/** Logs in once and gives /min-side the session cookie (cold: the portal's first login also discovers the stand-in). */
async function loginForTargets() {
  nextLoopback = 2;
  const { cookie, ms: took } = await loginOnce();
  minSide.headers = { ...HEADERS, cookie };
  console.log(`Logged in as ${person.givenName} (synthetic pid from db/seed/persons.ts) through ${PUBLIC_URL}/dev-idporten in ${ms(Math.round(took))} ms (first login after start, not counted below)`);
}

/** LOGINS sequential full logins, each a fresh cookie jar; wall time from GET /logg-inn to /min-side 200. */
async function timeLogins() {
  process.stdout.write(`Login round trip: ${LOGINS} sequential logins … `);
  const before = cpuSnapshot();
  const times = [];
  for (let i = 0; i < LOGINS; i++) times.push((await loginOnce()).ms);
  const otherCpu = otherCpuShare(before, cpuSnapshot());
  times.sort((a, b) => a - b);
  const median = (times[(LOGINS - 1) >> 1] + times[LOGINS >> 1]) / 2;
  const p90 = times[Math.ceil(0.9 * LOGINS) - 1];
  const result = { median, p90, min: times[0], max: times.at(-1), otherCpu, ok: median < TARGET_LOGIN_MEDIAN_MS };
  console.log(`median ${fmt(median)} ms, p90 ${fmt(p90)} ms, other CPU ${fmt(otherCpu * 100)} %`);
  return result;
}

// 4./5. Load: warm-up, then two rounds in ABBA order.

async function sanityCheck() {
  for (const t of targets) {
    const res = await fetch(t.url, { headers: t.headers, redirect: "manual" });
    const body = await res.text();
    if (!res.ok) throw new Error(`${t.url} answered ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""}; fix that before benchmarking`);
    t.htmlBytes = Buffer.byteLength(body);
  }
}

function summarize(r) {
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

const problems = [];

function noteProblems(label, t, s) {
  if (s.non2xx || s.errors || s.timeouts)
    problems.push(`${label} ${t.name}: ${s.non2xx} non-2xx, ${s.errors} errors, ${s.timeouts} timeouts of ${s.total + s.errors} requests`);
}

async function load(mode) {
  process.stdout.write(`Warm-up (${WARMUP_S} s each):`);
  for (const t of targets) {
    const s = await measured(t, WARMUP_S);
    noteProblems(`[${mode.title}] warm-up`, t, s);
    process.stdout.write(` ${t.name} ${fmt(s.rps)} req/s;`);
  }
  console.log("");
  const rounds = [];
  for (const [i, order] of [targets, [...targets].reverse()].entries()) {
    const results = new Map();
    for (const t of order) {
      process.stdout.write(`Round ${i + 1}: ${t.name} (${DURATION_S} s) … `);
      const s = await measured(t, DURATION_S);
      noteProblems(`[${mode.title}] round ${i + 1}`, t, s);
      console.log(`${fmt(s.rps)} req/s, p99 ${fmt(s.p99)} ms, other CPU ${fmt(s.otherCpu * 100)} %`);
      results.set(t, s);
    }
    rounds.push(results);
  }
  return rounds;
}

function verdicts(s, base) {
  const share = s.rps / base.rps;
  const factor = s.p99 / base.p99;
  return {
    share,
    factor,
    rpsOk: share >= TARGET_RPS_SHARE,
    p99Ok: factor <= TARGET_P99_FACTOR,
  };
}

function printRound(title, results) {
  const base = results.get(targets[0]);
  const rows = targets.map((t) => {
    const s = results.get(t);
    const bad = (s.non2xx ?? 0) + (s.errors ?? 0) + (s.timeouts ?? 0);
    const other = `${fmt(s.otherCpu * 100)} %`;
    if (t.baseline) return [t.name, fmt(s.rps), ms(s.p50), ms(s.p99), fmt(bad), other, "100 %", "1.00×", "(yardstick)"];
    const v = verdicts(s, base);
    return [
      t.name,
      fmt(s.rps),
      ms(s.p50),
      ms(s.p99),
      fmt(bad),
      other,
      `${fmt(v.share * 100)} %`,
      `${fmt(v.factor, 2)}×`,
      `req/s ${v.rpsOk ? "OK" : "BELOW"}, p99 ${v.p99Ok ? "OK" : "BELOW"}`,
    ];
  });
  console.log(`\n${title}`);
  console.log(table(["target", "req/s", "p50 ms", "p99 ms", "non-2xx+err", "other CPU", "req/s vs base", "p99 vs base", "verdict"], rows));
  const m = minSideShare(results);
  console.log(
    `${minSide.name}: ${fmt(m.share * 100)} % of /tilgjengelighet req/s (${fmt(results.get(minSide).rps)} vs ${fmt(results.get(tilgjengelighet).rps)}) → ${m.ok ? "OK" : "BELOW"} (target ≥ ${TARGET_MIN_SIDE_SHARE * 100} % of /tilgjengelighet)`,
  );
}

function minSideShare(results) {
  const share = results.get(minSide).rps / results.get(tilgjengelighet).rps;
  return { share, ok: share >= TARGET_MIN_SIDE_SHARE };
}

// 6. JavaScript shipped per page (measured once, right after the first portal start; the page cache does not change it).

function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
  return m ? (m[1] ?? m[2] ?? m[3]).replace(/&amp;/g, "&") : undefined;
}

function scriptUrls(html, pageUrl) {
  const urls = new Set();
  const add = (u) => {
    if (u) urls.add(new URL(u, pageUrl).href);
  };
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) add(attr(tag, "src"));
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    if ((attr(tag, "rel") ?? "").toLowerCase().split(/\s+/).includes("modulepreload")) add(attr(tag, "href"));
  }
  for (const [, open, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (attr(open, "src")) continue;
    // import("…") anywhere in an inline script
    for (const m of body.matchAll(/\bimport\s*\(\s*(["'`])([^"'`]+)\1\s*\)/g)) add(m[2]);
    // static imports in an inline module script: import "…" / import x from "…" / export … from "…"
    if (/type\s*=\s*["']?module/i.test(open)) {
      for (const m of body.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?(["'])([^"']+)\1/g)) add(m[2]);
    }
  }
  return [...urls];
}

/** Relative static imports inside a fetched chunk (used only to warn about ones the page never lists). */
function staticImportsOf(code, fileUrl) {
  const out = new Set();
  for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]*?\s*from\s*)?(["'])(\.{1,2}\/[^"']+|\/[^"']+)\1/g))
    out.add(new URL(m[2], fileUrl).href);
  return out;
}

async function measureJs() {
  const cache = new Map(); // url -> { raw, gzip }
  const fetchOnce = async (url) => {
    if (!cache.has(url)) {
      cache.set(
        url,
        (async () => {
          const res = await fetch(url);
          const buf = Buffer.from(await res.arrayBuffer());
          if (!res.ok) throw new Error(`${url} answered ${res.status}${res.status === 404 ? " (was build/ rebuilt while the portal was running?)" : ""}`);
          return { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length, code: buf.toString("utf8") };
        })(),
      );
    }
    return cache.get(url);
  };
  const rows = [];
  const notes = [];
  for (const t of targets.filter((t) => !t.baseline)) {
    const html = await (await fetch(t.url, { headers: t.headers, redirect: "manual" })).text();
    const urls = scriptUrls(html, t.url);
    const files = await Promise.all(urls.map(fetchOnce));
    const raw = files.reduce((a, f) => a + f.raw, 0);
    const gz = files.reduce((a, f) => a + f.gzip, 0);
    const listed = new Set(urls);
    const missing = new Set();
    for (const [i, f] of files.entries()) for (const u of staticImportsOf(f.code, urls[i])) if (!listed.has(u)) missing.add(u);
    if (missing.size) notes.push(`${t.name}: ${missing.size} statically imported file(s) not listed in the HTML (not counted): ${[...missing].map((u) => new URL(u).pathname).join(", ")}`);
    rows.push([t.name, fmt(files.length), fmt(raw / 1024, 1), fmt(gz / 1024, 1), gz / 1024 < JS_BUDGET_GZIP_KB ? "yes" : "NO", fmt(t.htmlBytes / 1024, 1)]);
  }
  return { rows, notes };
}

function printJs({ rows, notes }) {
  console.log(`\nJavaScript shipped per page (script src, modulepreload, inline imports; gzip -9; the same in both modes)`);
  console.log(table(["page", "files", "raw KB", "gzip KB", `< ${JS_BUDGET_GZIP_KB} KB gz`, "HTML KB"], rows));
  for (const n of notes) console.log(`  note: ${n}`);
}

// ---------------------------------------------------------------------------------------------

function averageOf(rounds) {
  return new Map(
    targets.map((t) => {
      const [a, b] = rounds.map((r) => r.get(t));
      return [
        t,
        {
          rps: (a.rps + b.rps) / 2,
          p50: (a.p50 + b.p50) / 2,
          p99: (a.p99 + b.p99) / 2,
          non2xx: a.non2xx + b.non2xx,
          errors: a.errors + b.errors,
          timeouts: a.timeouts + b.timeouts,
          otherCpu: (a.otherCpu + b.otherCpu) / 2,
        },
      ];
    }),
  );
}

/** One mode: a fresh portal, a login, the load in ABBA order, the timed logins. */
async function runMode(mode, { measureJsHere }) {
  console.log(`\n=== ${mode.title} ===`);
  const portal = await startPortal(mode);
  try {
    await loginForTargets();
    await sanityCheck();
    // Right after the start: build/client must still match the server build this portal loaded.
    const js = measureJsHere ? await measureJs() : undefined;
    const rounds = await load(mode);
    const logins = await timeLogins();
    return { mode, rounds, avg: averageOf(rounds), logins, js, stderrLines: portal.stderrLines, lastLog: portal.logTail.at(-1) };
  } finally {
    await stopPortal(portal);
  }
}

function printMode({ mode, rounds, avg, logins, stderrLines, lastLog }) {
  const bar = "=".repeat(mode.title.length + 8);
  console.log(`\n${bar}\n=== ${mode.title} ===\n${bar}`);
  printRound(`${mode.title} — round 1 (list order)`, rounds[0]);
  printRound(`${mode.title} — round 2 (reversed)`, rounds[1]);
  printRound(`${mode.title} — average of both rounds`, avg);
  console.log(
    `\nLogin round trip (GET /logg-inn?returnTo=/min-side → stand-in form → POST pid + acr → /logg-inn/tilbake → /min-side 200), ${LOGINS} sequential logins, each a new cookie jar:`,
  );
  console.log(
    `  median ${fmt(logins.median)} ms, p90 ${fmt(logins.p90)} ms (min ${fmt(logins.min)}, max ${fmt(logins.max)}), other CPU ${fmt(logins.otherCpu * 100)} % → ${logins.ok ? "OK" : "ABOVE"} (target median < ${TARGET_LOGIN_MEDIAN_MS} ms)`,
  );
  const noisy = rounds.flatMap((r) => [...r.values()]).filter((s) => s.otherCpu > 0.1).length;
  if (noisy) console.log(`Warning: ${noisy} run(s) had more than 10 % of the machine busy with other work; rerun on a quiet machine before trusting them.`);
  if (stderrLines) console.log(`Portal wrote ${stderrLines} line(s) to stderr during this mode; last: ${lastLog}`);
}

function printComparison(results) {
  const [on, off] = results;
  const rows = targets.map((t) => {
    const cell = (r) => {
      const s = r.avg.get(t);
      return [fmt(s.rps), ms(s.p99), t.baseline ? "100 %" : `${fmt((s.rps / r.avg.get(targets[0]).rps) * 100)} %`];
    };
    return [t.name, ...cell(on), ...cell(off)];
  });
  console.log(`\nBoth modes side by side (average of both rounds; "base" is the baseline in the same mode's rounds)`);
  console.log(table(["target", "cache on req/s", "p99 ms", "vs base", "PAGE_CACHE=off req/s", "p99 ms", "vs base"], rows));
  for (const r of results) {
    const m = minSideShare(r.avg);
    console.log(`  ${r.mode.title}: /min-side ${fmt(m.share * 100)} % of /tilgjengelighet (${m.ok ? "OK" : "BELOW"}); login median ${fmt(r.logins.median)} ms, p90 ${fmt(r.logins.p90)} ms (${r.logins.ok ? "OK" : "ABOVE"})`);
  }
}

async function main() {
  const startedAt = Date.now();
  const { modes } = parseArgs(process.argv.slice(2));
  const cpus = os.cpus();
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`Mode${modes.length > 1 ? "s" : ""}: ${modes.map((m) => m.title).join("; then ")}${modes.length > 1 ? " (a fresh portal for each)" : ""}`);
  console.log(`Database: ${database === "postgres" ? `PostgreSQL (a fresh database per portal start on ${new URL(adminUrl).host})` : "PGlite (embedded)"}; build ${buildDir}`);
  console.log(`Load: autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per target per round, accept-language: nb, ABBA order, ${WARMUP_S} s warm-up each\n`);

  await buildPortal();
  await prepareBaseline();
  await assertPortFree(PORTAL_PORT);
  await startBaseline();

  const results = [];
  const builtAt = () => fs.statSync(path.join(root, buildDir, "server/index.js")).mtimeMs;
  const buildBefore = builtAt();
  for (const [i, mode] of modes.entries()) results.push(await runMode(mode, { measureJsHere: i === 0 }));
  const rebuilt = builtAt() !== buildBefore;

  for (const r of results) printMode(r);
  if (results.length === 2) printComparison(results);

  console.log(`\nTargets: req/s ≥ ${TARGET_RPS_SHARE * 100} % of baseline, p99 ≤ ${TARGET_P99_FACTOR}× baseline p99 (same round); /min-side ≥ ${TARGET_MIN_SIDE_SHARE * 100} % of /tilgjengelighet req/s (same round); login median < ${TARGET_LOGIN_MEDIAN_MS} ms.`);
  console.log(`"other CPU": share of all ${os.cpus().length} cores used by processes other than this script and the servers during the run.`);
  const totalReqs = results.reduce((a, r) => a + r.rounds.reduce((b, round) => b + [...round.values()].reduce((c, s) => c + s.total, 0), 0), 0);
  if (problems.length) {
    console.log(`\nNot every response was 2xx:`);
    for (const p of problems) console.log(`  ${p}`);
  } else {
    console.log(`\nAll ${fmt(totalReqs)} measured responses (and the warm-ups) were 2xx; no errors or timeouts.`);
  }

  printJs(results[0].js);
  if (rebuilt)
    console.log(`\nWarning: build/ was rebuilt by another process during the run; if that happened between the modes, they measured different builds.`);
  console.log(`\nbench took ${fmt((Date.now() - startedAt) / 60_000, 1)} min`);
}

try {
  await main();
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
