import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

// What the browser journeys share: axe, the local logins, and the case system's API.

/** The demo municipality's integration key (README), as an Authorization header. */
export const api = { Authorization: "Bearer dev-fagsystem-key" };

export const languages = ["nb", "nn", "en"] as const;

/** axe on the page as it is now: nothing at WCAG 2.1 A/AA may be found. */
export async function axe(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.map((v) => `${label} – ${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
}

const urlEndingIn = (path: string) => new RegExp(`${path.replace(/[/?.]/g, "\\$&")}$`);

/** On the local ID-porten (wherever the portal sent the browser), logs in as `name` with one click. */
export async function pickResident(page: Page, name: string) {
  await expect(page).toHaveURL(/\/dev-idporten\/interaction\//);
  await page.getByRole("button", { name: new RegExp(`^(Logg inn som|Log in as) ${name} \\(`) }).click();
}

/** Goes to `path`, is sent to the local ID-porten, logs in as `name` and lands on `path`. */
export async function loginAsResident(page: Page, name: string, path: string) {
  await page.goto(path);
  await pickResident(page, name);
  await expect(page).toHaveURL(urlEndingIn(path));
}

/** Goes to a staff page and logs in with the local employee login's button (e.g. "Kari Nordmann – saksbehandler"). */
export async function loginAsEmployee(page: Page, button: string | RegExp, path: string) {
  await page.goto(path);
  await page.getByRole("button", { name: button }).click();
  await expect(page).toHaveURL(urlEndingIn(path));
}

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/**
 * Noon (UTC) on the date in Norway `days` calendar days from today: that date in Norway at any
 * hour. Date.now() ± whole days of 24 hours is not: late in the evening, a day on the other side of
 * a change to or from summer time falls on the date next to it.
 */
export function norwegianDay(days: number): Date {
  const [y, m, d] = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Oslo" }).format(new Date()).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days, 12));
}

/** The date in Norway `days` from today, as a date field takes it: "2026-12-31". */
export const isoDate = (days: number) => norwegianDay(days).toISOString().slice(0, 10);

/** The date in Norway `days` from today, as the portal writes it in bokmål: "31. desember 2026". */
export const nbDate = (days: number) =>
  new Intl.DateTimeFormat("nb-NO", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Oslo" }).format(norwegianDay(days));

/** Registers an application made on paper or by phone through the case system's API; its reference. */
export async function registerApplication(
  request: APIRequestContext,
  input: { pid: string; services: string[]; channel?: "paper" | "phone"; receivedAt?: string; label?: string },
) {
  const res = await request.post("/api/v1/applications", {
    headers: api,
    data: {
      id: `e2e-${input.label ?? "soknad"}-${crypto.randomUUID()}`,
      pid: input.pid,
      services: input.services,
      channel: input.channel ?? "paper",
      receivedAt: input.receivedAt ?? minutesAgo(60),
    },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

/** Appends a case event through the API, as the case system does. */
export async function postCaseEvent(request: APIRequestContext, reference: string, event: Record<string, unknown>) {
  const res = await request.post(`/api/v1/applications/${reference}/events`, {
    headers: api,
    data: { id: `e2e-hendelse-${crypto.randomUUID()}`, occurredAt: new Date().toISOString(), ...event },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** The application as the case system reads it. */
export async function caseSystemView(request: APIRequestContext, reference: string) {
  const res = await request.get(`/api/v1/applications/${reference}`, { headers: api });
  expect(res.status()).toBe(200);
  return (await res.json()) as {
    events: { type: string; source: string; [k: string]: unknown }[];
    documents?: { kind: string; filename: string; downloadUrl: string }[];
    answers?: Record<string, unknown> | null;
    [k: string]: unknown;
  };
}

/** A minimal PDF file for an upload field. */
export const pdfFile = (name: string) => ({ name, mimeType: "application/pdf", buffer: Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`) });
