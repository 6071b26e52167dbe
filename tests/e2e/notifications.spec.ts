import { expect, test } from "@playwright/test";
import { syntheticPersons } from "../../db/seed/persons";
import { axe, languages, loginAsEmployee, postCaseEvent, registerApplication } from "./support";

// Notifications in the demo: a decision the case system posts through the API makes a
// content-free notice that the demo captures at /dev/utboks instead of sending it; and a
// caseworker turns the daily inbox summary on at /saksbehandler/varsler. Both checked with axe
// in bokmål, nynorsk and English.

const randi = syntheticPersons.find((p) => p.givenName === "Randi")!;

test("a decision posted by the case system shows up in the demo's outbox, without a word about the case", async ({ page, request, context, baseURL }) => {
  const reasoning = `Begrunnelse som bare står i vedtaket ${crypto.randomUUID()}`;
  const reference = await registerApplication(request, { pid: randi.pid, services: ["trygghetsalarm"], channel: "phone", label: "varsel" });
  await postCaseEvent(request, reference, { type: "decided", outcomes: [{ service: "trygghetsalarm", outcome: "granted" }], reasoning });

  // The worker delivers within a few seconds; the page shows what it captured.
  const rows = page.getByRole("row").filter({ hasText: randi.email! });
  await expect(async () => {
    await page.goto("/dev/utboks");
    await expect(rows.first()).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(page).toHaveTitle(/^Utboks for testing/);
  await expect(page.getByRole("heading", { level: 1, name: "Utboks for testing" })).toBeVisible();
  const emailRow = rows.filter({ hasText: "Nytt i saken din hos Fjordvik kommune" }).first();
  await expect(emailRow).toContainText("E-post");
  await expect(emailRow).toContainText(`Logg inn på ${baseURL}/min-side for å lese.`);
  await expect(page.getByRole("row").filter({ hasText: randi.mobile! }).first()).toContainText("SMS");
  const table = await page.getByRole("table").innerText();
  expect(table).not.toContain(reasoning);
  expect(table).not.toContain("Trygghetsalarm");
  expect(table).not.toContain(reference);
  expect(table).not.toContain(randi.givenName);

  for (const lng of languages) {
    await context.addCookies([{ name: "lng", value: lng, url: baseURL! }]);
    await page.goto("/dev/utboks");
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    await axe(page, `/dev/utboks ${lng}`);
  }
});

test("a caseworker turns the daily summary on, with the address checked", async ({ page, context, baseURL }) => {
  await loginAsEmployee(page, "Kari Nordmann – saksbehandler", "/saksbehandler");
  await page.getByRole("link", { name: "Varsler på e-post" }).click();
  await expect(page).toHaveURL(/\/saksbehandler\/varsler$/);
  await expect(page).toHaveTitle(/^Varsler på e-post/);
  await axe(page, "settings");

  // On without an address: the summary says so, gets focus, and links to the field.
  await page.getByLabel("E-postadressen din på jobb").fill("");
  await page.getByLabel("Send meg en oppsummering hver morgen").check();
  await page.getByRole("button", { name: "Lagre" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Skriv e-postadressen din for å få oppsummeringen.");
  await expect(summary).toBeFocused();
  await expect(page.getByLabel("Send meg en oppsummering hver morgen")).toBeChecked();
  await axe(page, "settings with errors");

  await page.getByLabel("E-postadressen din på jobb").fill("kari.nordmann@");
  await page.getByRole("button", { name: "Lagre" }).click();
  await expect(summary).toContainText("Skriv en gyldig e-postadresse");
  await expect(page.getByLabel("E-postadressen din på jobb")).toHaveValue("kari.nordmann@");
  await summary.getByRole("link").click();
  await expect(page.getByLabel("E-postadressen din på jobb")).toBeFocused();

  await page.getByLabel("E-postadressen din på jobb").fill("kari.nordmann@fjordvik.example");
  await page.getByRole("button", { name: "Lagre" }).click();
  await expect(page).toHaveURL(/\/saksbehandler\/varsler\?lagret=1$/);
  await expect(page.getByRole("status")).toContainText("Endringene er lagret.");
  await expect(page.getByLabel("Send meg en oppsummering hver morgen")).toBeChecked();
  await expect(page.getByLabel("E-postadressen din på jobb")).toHaveValue("kari.nordmann@fjordvik.example");

  for (const lng of languages) {
    await context.addCookies([{ name: "lng", value: lng, url: baseURL! }]);
    await page.goto("/saksbehandler/varsler");
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    await axe(page, `settings ${lng}`);
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the summary can be turned off and on", async ({ page }) => {
    await page.goto("/saksbehandler");
    await page.getByRole("button", { name: "Kari Nordmann – saksbehandler" }).click();
    await page.goto("/saksbehandler/varsler");
    await page.getByLabel("Send meg en oppsummering hver morgen").check();
    await page.getByLabel("E-postadressen din på jobb").fill("ikke-en-adresse");
    await page.getByRole("button", { name: "Lagre" }).click();
    await expect(page.getByRole("alert")).toContainText("Skriv en gyldig e-postadresse");
    await expect(page.getByLabel("E-postadressen din på jobb")).toHaveValue("ikke-en-adresse");
    await page.getByLabel("E-postadressen din på jobb").fill("kari@fjordvik.example");
    await page.getByRole("button", { name: "Lagre" }).click();
    await expect(page.getByRole("status")).toContainText("Endringene er lagret.");
    await page.getByLabel("Send meg en oppsummering hver morgen").uncheck();
    await page.getByRole("button", { name: "Lagre" }).click();
    await expect(page.getByRole("status")).toContainText("Endringene er lagret.");
    await expect(page.getByLabel("Send meg en oppsummering hver morgen")).not.toBeChecked();
  });
});
