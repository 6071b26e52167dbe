// `node bench/ab.mjs`: two or more builds of the portal side by side on the same database, the
// same pages requested from each in turn every few seconds, and the portal's own CPU time per
// request compared (medians). On a shared machine a single benchmark run moves 10–20 points from
// one run to the next; interleaving cancels that drift, so this is how to tell whether a change
// made a page cheaper (ADR 0017). A report, not a test.
//
//   npm run bench:applications -- --fill-only      # prints the database, the key and two cookies
//   git worktree add /tmp/old <commit> && (cd /tmp/old && ln -s "$PWD/node_modules" . && BUILD_DIR=build-old npx remix vite:build)
//   mv /tmp/old/build-old . && npx remix vite:build
//   node bench/ab.mjs --db-url=postgres://…/bench_applications_… --pid-key=… \
//     --resident-cookie=portal-innbygger=… --employee-cookie=portal-ansatt=… \
//     --builds=build-old,build --paths=/tilgjengelighet,/saksbehandler/saker,/min-side/soknader
//
// A build can be given extra environment variables, to compare settings of one build:
//   --builds=build,build?DB_PREPARED_STATEMENTS=false
//
// Pages under /min-side get the resident's cookie, under /saksbehandler the employee's. The first
// path is the reference: each round also gives every page's ratio to it, from the same build and
// the same few seconds. Options: --rounds=8, --seconds=2, --warm-up=10 (seconds per page and
// build), --connections=20, --port=3430 (the first build; the next get the next ports).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const options = { rounds: 8, seconds: 2, warmUp: 10, connections: 20, port: 3430 };
for (const arg of process.argv.slice(2)) {
  const m = /^--([a-z-]+)=(.*)$/.exec(arg);
  if (!m) throw new Error(`unknown argument ${arg}`);
  const key = m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  options[key] = ["rounds", "seconds", "warmUp", "connections", "port"].includes(key) ? Number(m[2]) : m[2];
}
for (const required of ["dbUrl", "pidKey", "builds", "paths"]) {
  if (!options[required]) throw new Error(`--${required.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}= is required (see the top of bench/ab.mjs)`);
}
const builds = options.builds.split(",");
const paths = options.paths.split(",");

const cpuMs = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const cookieFor = (p) => (p.startsWith("/saksbehandler") ? options.employeeCookie : p.startsWith("/min-side") ? options.residentCookie : undefined);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const servers = builds.map((spec, i) => {
  // "build?NAME=value&…" starts that build with extra environment variables (a setting's A/B).
  const [build, extra] = spec.split("?");
  const port = options.port + i;
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: root,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      BUILD_DIR: build,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: options.dbUrl,
      PID_ENCRYPTION_KEY: options.pidKey,
      SESSION_SECRET: randomBytes(32).toString("base64url"),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "bench-ab-")),
      SEED_DEMO_DATA: "false",
      LOG_LEVEL: "warn",
      PAGE_CACHE: "off",
      ...Object.fromEntries(new URLSearchParams(extra ?? "")),
    },
  });
  return { build: spec, port, child };
});

async function sample(server, p, seconds) {
  const cookie = cookieFor(p);
  const before = cpuMs(server.child.pid);
  const r = await autocannon({
    url: `http://127.0.0.1:${server.port}${p}`,
    connections: options.connections,
    duration: seconds,
    headers: { "accept-language": "nb", ...(cookie ? { cookie } : {}) },
  });
  if (r.non2xx > 0) throw new Error(`${server.build} ${p}: ${r.non2xx} answers were not 2xx (a cookie missing or expired?)`);
  return { ms: (cpuMs(server.child.pid) - before) / Math.max(1, r.requests.total), rps: r.requests.total / seconds };
}

const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};

try {
  for (const server of servers) {
    const deadline = Date.now() + 120_000;
    while (!(await fetch(`http://127.0.0.1:${server.port}/readyz`).then((r) => r.ok, () => false))) {
      if (server.child.exitCode !== null || Date.now() > deadline) throw new Error(`${server.build} did not start`);
      await sleep(250);
    }
  }
  process.stdout.write(`Warm-up (${options.warmUp} s per page and build) …`);
  for (const server of servers) for (const p of paths) await sample(server, p, options.warmUp);
  const results = new Map(servers.map((s) => [s, new Map(paths.map((p) => [p, []]))]));
  process.stdout.write(` rounds:`);
  for (let round = 0; round < options.rounds; round++) {
    for (const server of round % 2 ? [...servers].reverse() : servers) {
      const row = [];
      for (const p of paths) row.push(await sample(server, p, options.seconds));
      row.forEach((s, i) => results.get(server).get(paths[i]).push({ ...s, cpuRatio: row[0].ms / s.ms, rpsRatio: s.rps / row[0].rps }));
    }
    process.stdout.write(` ${round + 1}`);
  }
  console.log(`\n\nMedians of ${options.rounds} rounds, ${options.connections} connections, ${options.seconds} s per sample; ratios to ${paths[0]}:`);
  console.log(`${"build".padEnd(14)} ${"page".padEnd(48)} ${"CPU ms/req".padStart(10)} ${"CPU ratio".padStart(10)} ${"req/s ratio".padStart(12)}`);
  for (const server of servers) {
    for (const p of paths) {
      const xs = results.get(server).get(p);
      const pct = (key) => `${(median(xs.map((x) => x[key])) * 100).toFixed(0)} %`;
      console.log(`${server.build.padEnd(14)} ${p.slice(0, 48).padEnd(48)} ${median(xs.map((x) => x.ms)).toFixed(2).padStart(10)} ${pct("cpuRatio").padStart(10)} ${pct("rpsRatio").padStart(12)}`);
    }
  }
} finally {
  for (const { child } of servers) child.kill("SIGTERM");
}
