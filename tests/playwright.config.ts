import { defineConfig } from "@playwright/test";

// End-to-end tests drive Debian's Chromium (/usr/bin/chromium) against the production build.
// Never download a browser: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD is set in .ci/run.
const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;

const serverEnv: Record<string, string> = {
  NODE_ENV: "production",
  PORT: String(port),
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
};
if (process.env.E2E_DATABASE_URL) {
  serverEnv.DATABASE_URL = process.env.E2E_DATABASE_URL;
  serverEnv.SEED_DEMO_DATA = "true";
} else {
  serverEnv.DATA_DIR = process.env.E2E_DATA_DIR ?? ".data/e2e";
  serverEnv.DATABASE_URL = "";
}

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "nb-NO",
    timezoneId: "Europe/Oslo",
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
  webServer: {
    command: "node server.mjs",
    cwd: "..",
    url: `${baseURL}/readyz`,
    env: serverEnv,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
