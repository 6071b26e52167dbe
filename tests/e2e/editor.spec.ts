import { expect, test } from "@playwright/test";
import { axe, loginAsEmployee } from "./support";

// Editors change a service description in three languages, preview it, publish it as a new
// version and read the old one in the history. "middagslevering" is this file's alone: no other
// test changes or depends on its text.

test("an editor edits, previews and publishes a service description, and reads the old version", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // Hydration problems (e.g. a preview in another language than the page's) show up here.
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) consoleErrors.push(m.text());
  });
  const newSummary = "Varm middag fra kjøkkenet i Fjordvik, levert hjem på døra tre dager i uka.";

  await loginAsEmployee(page, "Ola Nordmann – redaktør", "/saksbehandler/tjenester");
  await expect(page).toHaveTitle(/^Tjenestebeskrivelser – Fjordvik kommune$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tjenestebeskrivelser");
  const row = page.getByRole("row", { name: /Middagslevering/ });
  await expect(row).toContainText("Bokmål: versjon 1");
  await axe(page, "editor, check 1");

  await row.getByRole("link", { name: "Middagslevering" }).click();
  await expect(page).toHaveURL(/\/saksbehandler\/tjenester\/middagslevering$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Endre «Middagslevering»");
  const nb = page.getByRole("group", { name: "Bokmål" });
  await expect(nb).toHaveAttribute("lang", "nb");
  await expect(page.getByRole("group", { name: "Nynorsk" })).toHaveAttribute("lang", "nn");
  await expect(nb.getByLabel("Hva er tjenesten?")).not.toBeEmpty();
  await axe(page, "editor, check 2");

  // A mistake: the form comes back with an error summary, and with what was typed.
  await nb.getByLabel("Kort beskrivelse").fill(newSummary);
  await nb.getByLabel("Tittel").fill("  ");
  await page.getByRole("button", { name: "Forhåndsvis" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "Du må rette dette" });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("link", { name: "Bokmål, Tittel: Feltet kan ikke være tomt." })).toHaveAttribute("href", "#nb-title");
  await expect(nb.getByLabel("Tittel")).toHaveAttribute("aria-invalid", "true");
  await expect(nb.getByLabel("Tittel")).toHaveAccessibleDescription("Feltet kan ikke være tomt.");
  await expect(nb.getByLabel("Kort beskrivelse")).toHaveValue(newSummary);
  await axe(page, "editor, check 3");

  // Preview: the page as residents will see it, above the still filled-in form.
  await nb.getByLabel("Tittel").fill("Middagslevering");
  await page.getByRole("button", { name: "Forhåndsvis" }).click();
  const preview = page.getByRole("region", { name: "Forhåndsvisning" });
  await expect(preview.getByText("Bokmål – endret, blir versjon 2")).toBeVisible();
  await expect(preview.getByRole("heading", { level: 2, name: "Middagslevering" })).toBeVisible();
  await expect(preview.getByText(newSummary)).toBeVisible();
  await expect(preview.getByRole("heading", { name: "Hva koster det?" }).first()).toBeVisible();
  await expect(nb.getByLabel("Kort beskrivelse")).toHaveValue(newSummary);
  await axe(page, "editor, check 4");
  // The languages that did not change can be opened too, in their own language.
  await preview.getByText("Nynorsk – ikke endret").click();
  await expect(preview.locator('[lang="nn"]').getByRole("heading", { name: "Kva er tenesta?" })).toBeVisible();

  await page.getByRole("button", { name: "Publiser" }).click();
  await expect(page).toHaveURL(/\/saksbehandler\/tjenester\/middagslevering\?publisert=nb-2$/);
  await expect(page.getByRole("status")).toContainText("Publisert som versjon 2");
  await expect(nb.getByLabel("Kort beskrivelse")).toHaveValue(newSummary);
  await expect(nb).toContainText("Gjeldende versjon: 2");

  // Residents see the new text at once, also without any login.
  const resident = await browser.newContext();
  const residentPage = await resident.newPage();
  await residentPage.goto("/tjenester/middagslevering");
  await expect(residentPage.locator(".lead")).toHaveText(newSummary);
  await resident.close();

  // The history lists both versions; version 1 is still readable as it was.
  await page.getByRole("link", { name: "Se alle versjoner (historikk)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Historikk for «Middagslevering»");
  const nbHistory = page.getByRole("region", { name: "Bokmål" });
  const rows = nbHistory.getByRole("row");
  await expect(rows.nth(1)).toContainText("Versjon 2");
  await expect(rows.nth(1)).toContainText("Ola Nordmann");
  await expect(rows.nth(2)).toContainText("Versjon 1");
  await expect(rows.nth(2)).toContainText("Startdata");
  await expect(page.getByRole("region", { name: "Nynorsk" }).getByRole("row")).toHaveCount(2);
  await axe(page, "editor, check 5");

  await nbHistory.getByRole("link", { name: "Versjon 1 (bokmål)" }).click();
  await expect(page).toHaveURL(/\/saksbehandler\/tjenester\/middagslevering\/historikk\/nb\/1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("«Middagslevering», versjon 1 på bokmål");
  await expect(page.getByText("Dette er en eldre versjon. Innbyggerne ser nå versjon 2.")).toBeVisible();
  await expect(page.locator(".lead")).toHaveText("Ferdiglaget middag levert hjem til deg når du ikke klarer å lage middag selv.");
  await axe(page, "editor, check 6");

  // A version in another language than the page's is shown with that language's headings.
  await page.goto("/saksbehandler/tjenester/middagslevering/historikk/en/1");
  await expect(page.locator('[lang="en"]').getByRole("heading", { name: "What is the service?" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("«Meal delivery», versjon 1 på engelsk");
  expect(consoleErrors).toEqual([]);

  // Two editors (here: two tabs) have the form open; the second to publish is stopped and keeps
  // the text. The language they had not touched now shows the other's newer text.
  const other = await page.context().newPage();
  await page.goto("/saksbehandler/tjenester/middagslevering");
  await other.goto("/saksbehandler/tjenester/middagslevering");
  // React's hydration puts a textarea back to its first value: type only once the page is live.
  await other.waitForLoadState("networkidle");
  const nynorskByOther = "Ferdig middag levert heim til deg når du ikkje klarer å lage middag sjølv.";
  await other.getByRole("group", { name: "Nynorsk" }).getByLabel("Kort beskrivelse").fill(nynorskByOther);
  await other.getByRole("button", { name: "Publiser" }).click();
  await expect(other.getByRole("status")).toContainText("Publisert som versjon 2 på nynorsk.");
  await other.close();

  const myCost = "Middagen koster 125 kroner i Fjordvik kommune i 2026.";
  await nb.getByLabel("Hva koster det?").fill(myCost);
  await page.getByRole("button", { name: "Publiser" }).click();
  const conflict = page.getByRole("alert").filter({ hasText: "Det er publisert en nyere versjon mens du skrev" });
  await expect(conflict).toContainText("Ola Nordmann publiserte versjon 2 på nynorsk");
  await expect(conflict).toContainText("Teksten din er ikke publisert");
  await expect(nb.getByLabel("Hva koster det?")).toHaveValue(myCost);
  await expect(page.getByRole("group", { name: "Nynorsk" }).getByLabel("Kort beskrivelse")).toHaveValue(nynorskByOther);
  await axe(page, "editor, check 7");
  await page.getByRole("button", { name: "Publiser" }).click();
  await expect(page.getByRole("status")).toContainText("Publisert som versjon 3 på bokmål.");
  await expect(page.getByRole("status")).not.toContainText("nynorsk");
});

test("the form keeps its text and shows the preview without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await loginAsEmployee(page, "Ola Nordmann – redaktør", "/saksbehandler/tjenester/middagslevering");
  const en = page.getByRole("group", { name: "Engelsk" });
  await en.getByLabel("Søkeord").fill(Array.from({ length: 21 }, (_, i) => `word${i}`).join(", "));
  await page.getByRole("button", { name: "Forhåndsvis" }).click();
  await expect(page.getByRole("link", { name: "Engelsk, Søkeord: Skriv mellom 1 og 20 søkeord, skilt med komma." })).toBeVisible();
  await expect(en.getByLabel("Søkeord")).toHaveValue(/word20$/);
  await en.getByLabel("Søkeord").fill("meals, dinner");
  await page.getByRole("button", { name: "Forhåndsvis" }).click();
  await expect(page.getByRole("region", { name: "Forhåndsvisning" })).toContainText("Engelsk – endret");
  await context.close();
});

test("a caseworker without the editor role gets 403", async ({ page }) => {
  await loginAsEmployee(page, "Kari Nordmann – saksbehandler", "/saksbehandler");
  await expect(page.getByRole("link", { name: "Tjenestebeskrivelser" })).toHaveCount(0);
  for (const path of ["/saksbehandler/tjenester", "/saksbehandler/tjenester/middagslevering", "/saksbehandler/tjenester/middagslevering/historikk"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vi kan ikke vise siden");
  }
  // Nor can a caseworker publish by posting the form.
  const response = await page.request.post("/saksbehandler/tjenester/middagslevering", {
    form: { intent: "publish" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(response.status()).toBe(403);
});
