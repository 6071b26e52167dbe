import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The production server as an operator runs it: start-up, logs, readiness and shutdown.
// Needs the production build (npm test builds it first).

const port = 3400 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess;
let dataDir: string;
let output = "";

async function waitFor(url: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Server did not answer ${url}. Output:\n${output}`);
}

beforeAll(async () => {
  if (!fs.existsSync(`${process.env.BUILD_DIR ?? "build"}/server/index.js`)) throw new Error("Run `npx remix vite:build` first (npm test does).");
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-server-test-"));
  server = spawn(process.execPath, ["server.mjs"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "info" },
  });
  server.stdout!.on("data", (d) => (output += d));
  server.stderr!.on("data", (d) => (output += d));
  await waitFor(`${base}/readyz`);
}, 60_000);

afterAll(() => {
  if (server.exitCode === null) server.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the production server", () => {
  it("logs one JSON line per request with a request id, and no query string", async () => {
    const synthetic = "12880012345";
    const response = await fetch(`${base}/tjenester?q=${synthetic}`, { headers: { "X-Request-Id": "test-request-0001" } });
    expect(response.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const lines = output.split("\n").filter((l) => l.startsWith("{"));
    const entries = lines.map((l) => JSON.parse(l));
    const request = entries.find((e) => e.event === "request" && e.requestId === "test-request-0001");
    expect(request).toMatchObject({ level: "info", method: "GET", path: "/tjenester", status: 200 });
    expect(output).not.toContain(synthetic);
  });

  it("finishes a request in flight on SIGTERM, then exits within 5 seconds", async () => {
    const inFlight = fetch(`${base}/tjenester/hjemmesykepleie`);
    await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
    server.kill("SIGTERM");
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Hjemmesykepleie");
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(output).toContain('"event":"server.stopped"');
  });
});

describe("start-up problems", () => {
  function start(env: Record<string, string>) {
    return new Promise<{ code: number | null; text: string }>((resolve) => {
      let text = "";
      const child = spawn(process.execPath, ["server.mjs"], {
        env: { ...process.env, NODE_ENV: "production", PORT: "0", LOG_LEVEL: "info", ...env },
      });
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, text });
      });
    });
  }

  it("stops with a list of problems when the configuration is invalid", async () => {
    const { code, text } = await start({ PORT: "not-a-port", DATABASE_URL: "mysql://nope" });
    expect(code).toBe(1);
    expect(text).toContain("Invalid environment");
    expect(text).toContain("PORT");
    expect(text).toContain("DATABASE_URL");
  });

  it("stops with a clear message when the database cannot be reached, without leaking the URL", async () => {
    const { code, text } = await start({ DATABASE_URL: "postgres://someone:secret@127.0.0.1:1/nothing" });
    expect(code).toBe(1);
    expect(text).toContain("server.start_failed");
    expect(text).not.toContain("secret");
  });
});
