// `npm test`: every check, in the order that fails fastest. Type check, production build, vitest
// (unit + integration, on PGlite or on the PostgreSQL in DATABASE_URL), then Playwright against
// the production build. With DATABASE_URL set, each suite gets its own fresh database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${label} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${label} (${seconds} s)`);
}

const database = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "PGlite (embedded)";
console.log(`Database for this run: ${database}`);
run("Type check", "npx", ["tsc"]);
run("Production build", "npx", ["remix", "vite:build", "--logLevel", "warn"]);
run("Unit and integration tests (vitest)", "npx", ["vitest", "run"]);

// The end-to-end server gets an empty database of its own: a new PGlite directory, or a new
// database on the PostgreSQL server, dropped afterwards.
const e2eEnv = {};
let dropE2eDatabase = async () => {};
if (process.env.DATABASE_URL) {
  const name = `portal_e2e_${Date.now()}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  e2eEnv.E2E_DATABASE_URL = url.toString();
  e2eEnv.E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
  dropE2eDatabase = async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
} else {
  e2eEnv.E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
}
try {
  run("End-to-end tests (Playwright, Chromium)", "npx", ["playwright", "test", "-c", "tests/playwright.config.ts"], e2eEnv);
} finally {
  await dropE2eDatabase();
  for (const dir of [e2eEnv.E2E_DATA_DIR, `${e2eEnv.E2E_DATA_DIR}-idle`]) fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`\nAll tests passed on ${database}.`);
