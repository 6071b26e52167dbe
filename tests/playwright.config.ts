import { defineConfig } from "@playwright/test";

// End-to-end tests drive Debian's Chromium (/usr/bin/chromium) against the production build.
// Never download a browser: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD is set in .ci/run.
const port = Number(process.env.E2E_PORT ?? 3210);
// localhost, not 127.0.0.1: the local ID-porten's issuer and the redirect URIs use PUBLIC_URL.
export const baseURL = `http://localhost:${port}`;

/** The portal as `npm start` runs it, on a database of its own (see scripts/test.mjs). */
function serverEnv(serverPort: number, dataDirSuffix: string, extra: Record<string, string> = {}, embedded = false) {
  const env: Record<string, string> = {
    NODE_ENV: "production",
    PORT: String(serverPort),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://localhost:${serverPort}`,
    LOG_LEVEL: "warn",
    // Every browser test logs in from 127.0.0.1; the login rate limit has its own tests.
    LOGIN_RATE_LIMIT: "1000",
    ...extra,
  };
  env.DATA_DIR = `${process.env.E2E_DATA_DIR ?? ".data/e2e"}${dataDirSuffix}`;
  if (process.env.E2E_DATABASE_URL && !embedded) {
    env.DATABASE_URL = process.env.E2E_DATABASE_URL;
    env.SEED_DEMO_DATA = "true";
  } else {
    env.DATABASE_URL = "";
  }
  return env;
}

/** A second server whose sessions end after 8 idle seconds, for the idle-timeout journey. */
export const shortIdlePort = port + 1;
export const shortIdleURL = `http://localhost:${shortIdlePort}`;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: 2,
  // One retry on CI, where the machine is shared; a test that needed it is reported as flaky.
  retries: process.env.CI ? 1 : 0,
  // Chromium on a shared 2-core machine: a journey with axe in three languages can take a minute.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "nb-NO",
    timezoneId: "Europe/Oslo",
    // Designsystemet opens <details> with a 0.4 s height transition, its content clipped until
    // done. A click in that time can land on the clipped button and do nothing (journey.spec's
    // "Registrer mottatt" did, about 1 run in 12 on PostgreSQL: no request left the browser). With
    // reduced motion the content is there at once, as for anyone who asks their system for it.
    reducedMotion: "reduce",
    trace: "off",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: "node server.mjs",
      cwd: "..",
      url: `${baseURL}/readyz`,
      env: serverEnv(port, ""),
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "node server.mjs",
      cwd: "..",
      url: `${shortIdleURL}/readyz`,
      // Always on its own embedded database, so two servers never migrate one database at once.
      env: serverEnv(shortIdlePort, "-idle", { SESSION_IDLE_SECONDS: "8" }, true),
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
