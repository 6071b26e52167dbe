import { expect, test, type Page } from "@playwright/test";
import { axe, isoDate, loginAsEmployee, loginAsResident, norwegianDay, registerApplication } from "./support";

// Caseworkers (/saksbehandler/saker): Kari finds an overdue case, sends a preliminary reply and
// records a partly granted decision; the resident reads the decision and sees in the innsynslogg
// that Kari opened the case. The demo cases of Solveig, Ingrid and Randi are read by
// applications.spec.ts, so this file works on an application it registers itself through the
// case-system API, for Liv Skogheim (whom no other spec uses).

const livPid = "05847112850";

/** The action form in the case page whose summary says `title`. */
const actionForm = (page: Page, title: string) => page.locator("details", { has: page.locator("summary", { hasText: title }) });

test("Kari sends a preliminary reply and a partly granted decision on an overdue case; the resident reads it and sees who opened it", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  // A phone application received six weeks ago, registered by the case system: its preliminary reply is overdue.
  const reference = await registerApplication(page.request, {
    pid: livPid,
    services: ["praktisk-bistand"],
    channel: "phone",
    receivedAt: norwegianDay(-42).toISOString(),
    label: "casework",
  });

  await loginAsEmployee(page, "Kari Nordmann – saksbehandler", "/saksbehandler");
  await page.getByRole("link", { name: "Saker", exact: true }).click();
  await expect(page).toHaveURL(/\/saksbehandler\/saker$/);
  await expect(page).toHaveTitle(/^Saker – /);
  await axe(page, "case list");

  await page.getByLabel("Bare saker der en frist har gått ut").check();
  await page.getByRole("button", { name: "Vis saker" }).click();
  await expect(page).toHaveURL(/forsinket=1/);
  const row = page.getByRole("row").filter({ hasText: reference });
  await expect(row).toContainText("Liv Skogheim");
  await expect(row).toContainText("For sent");
  await expect(page.getByRole("row").filter({ hasText: "SOK-2026-000101" })).toHaveCount(0);
  await axe(page, "case list, overdue");

  // The row's link (HTML made by the loader, ADR 0021) opens the case inside the app: the page
  // is not loaded again, so what this page set on window is still there.
  await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
  await row.getByRole("link", { name: reference }).click();
  await expect(page).toHaveURL(/\/saksbehandler\/saker\/[0-9a-f-]{36}$/);
  expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  // Let the page's data and scripts settle before using its forms (CI machines are busy).
  await page.waitForLoadState("networkidle");
  // The title names the reference, never the applicant.
  await expect(page).toHaveTitle(new RegExp(`^Sak ${reference} – `));
  expect(await page.title()).not.toContain("Liv");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Sak ${reference}`);
  await expect(page.getByText("058471 *****")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(livPid);
  await expect(page.getByRole("region", { name: "Status og frister" })).toContainText("Fristen har gått ut");

  // A preliminary reply without a date: refused, the error read out, the text kept.
  const reply = actionForm(page, "Send foreløpig svar");
  await reply.locator("summary").click();
  await reply.getByLabel("Hvorfor tar det tid? (valgfritt)").fill("Vi venter på en uttalelse fra fastlegen.");
  await reply.locator("button[type=submit]").click();
  await expect(reply.getByRole("alert")).toContainText("Når får søkeren vedtak?: Fyll ut feltet.", { timeout: 15_000 });
  await expect(reply.getByLabel("Hvorfor tar det tid? (valgfritt)")).toHaveValue("Vi venter på en uttalelse fra fastlegen.");
  await axe(page, "case page with a validation error");

  await reply.getByLabel("Når får søkeren vedtak?").fill(isoDate(14));
  await reply.locator("button[type=submit]").click();
  await expect(page.getByRole("status").filter({ hasText: "Det foreløpige svaret er sendt." })).toBeVisible();
  await expect(page.getByRole("region", { name: "Dette har skjedd i saken" })).toContainText("Vi venter på en uttalelse fra fastlegen.");

  const decision = actionForm(page, "Gjør vedtak");
  await decision.locator("summary").click();
  await decision.getByLabel(/^Utfall for /).selectOption({ label: "Delvis innvilget" });
  await decision.getByLabel(/^Hva søkeren får av /).fill("Du får hjelp med tungt renhold annenhver uke.");
  await decision.getByLabel("Begrunnelse").fill("Du klarer lett husarbeid selv, men ikke å vaske gulv etter hofteoperasjonen.");
  await decision.getByLabel("Dette la kommunen vekt på (valgfritt)").fill("Hva du klarer selv\nUttalelsen fra fastlegen");
  await decision.locator("button[type=submit]").click();
  await expect(page.getByRole("status").filter({ hasText: "Vedtaket er lagret." })).toBeVisible();
  await expect(page.getByRole("region", { name: "Vedtaket" })).toContainText("Delvis innvilget");
  // After a decision: no second decision, but an appeal can be registered.
  await expect(page.locator("summary", { hasText: "Gjør vedtak" })).toHaveCount(0);
  await expect(page.locator("summary", { hasText: "Registrer klage" })).toHaveCount(1);
  await axe(page, "case page");

  // The resident.
  const context = await browser.newContext();
  const resident = await context.newPage();
  await loginAsResident(resident, "Liv Skogheim", "/min-side/soknader");
  const card = resident.getByRole("listitem").filter({ hasText: reference });
  await expect(card).toContainText("Vedtak er gjort");
  await card.getByRole("link", { name: /^Søknad om praktisk bistand/ }).click();
  const decided = resident.getByRole("region", { name: "Vedtaket" });
  await expect(decided).toContainText("Delvis innvilget");
  await expect(decided).toContainText("Du får hjelp med tungt renhold annenhver uke.");
  await expect(decided).toContainText("Du klarer lett husarbeid selv");
  await expect(decided.getByRole("listitem").filter({ hasText: "Uttalelsen fra fastlegen" })).toBeVisible();

  await resident.goto("/min-side/innsynslogg");
  const opened = resident.locator("tbody tr").filter({ hasText: "Åpnet søknaden din" });
  await expect(opened.first()).toContainText("Kari Nordmann, Tildelingskontoret");
  await context.close();
});

test("the list loaded as a page sends its rows once, and the browser keeps them", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  page.on("pageerror", (error) => errors.push(error.message));
  await loginAsEmployee(page, "Kari Nordmann – saksbehandler", "/saksbehandler");
  const response = await page.goto("/saksbehandler/saker?status=decided&sok=Fjellstad");
  // The rows are in the page once: in the table, not again in the data for the browser (ADR 0022).
  const body = (await response?.text()) ?? "";
  expect(body.split("SOK-2026-000101").length - 1).toBe(1);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const row = page.getByRole("row").filter({ hasText: "SOK-2026-000101" });
  await expect(row).toContainText("Solveig Fjellstad");
  await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
  const samePage = () => page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage);

  // A filter changed in the browser: the rows come with the navigation's data.
  await page.getByLabel("Søk på referanse eller navn").fill("");
  await page.getByLabel("Status").selectOption({ label: "Alle statuser" });
  await page.getByRole("button", { name: "Vis saker" }).click();
  await expect(page).toHaveURL(/sok=&status=&/);
  await expect(page.locator("tbody tr").nth(1)).toBeVisible();
  // Back to the first list, and from its row into the case: all inside the page.
  await page.goBack();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await row.getByRole("link", { name: "SOK-2026-000101" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sak SOK-2026-000101");
  expect(await samePage()).toBe(true);
  expect(errors).toEqual([]);
});

test("an employee without the caseworker role gets 403", async ({ page }) => {
  await loginAsEmployee(page, "Ola Nordmann – redaktør", "/saksbehandler");
  await expect(page.getByRole("link", { name: "Saker", exact: true })).toHaveCount(0);
  for (const path of ["/saksbehandler/saker", "/saksbehandler/saker/00000000-0000-4000-8000-000000000000"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vi kan ikke vise siden");
  }
  const response = await page.request.post("/saksbehandler/saker/00000000-0000-4000-8000-000000000000", {
    form: { intent: "received" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(response.status()).toBe(403);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the list filters by status and search with a plain form", async ({ page }) => {
    await loginAsEmployee(page, "Kari Nordmann – saksbehandler", "/saksbehandler/saker");
    await page.getByLabel("Status").selectOption({ label: "Vedtak er gjort" });
    await page.getByLabel("Søk på referanse eller navn").fill("Fjellstad");
    await page.getByRole("button", { name: "Vis saker" }).click();
    await expect(page).toHaveURL(/status=decided/);
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("SOK-2026-000101");
    await expect(rows.first()).toContainText("Solveig Fjellstad");
  });
});
