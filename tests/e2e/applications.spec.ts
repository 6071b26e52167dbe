import { expect, test, type Browser, type Page } from "@playwright/test";
import { axe, languages, loginAsResident, nbDate } from "./support";

// A resident follows their applications: the list, a partly granted decision with its reasons and
// appeal deadline, an overdue preliminary reply and an open request for documentation, another
// resident's application (404), the innsynslogg, axe in nb, nn and en, and all of it without
// JavaScript. Uses the demo applications seeded by db/seed/applications.ts.
//
// Logins share the stand-in's rate limit (20 a minute from 127.0.0.1) with the other spec files,
// so this file logs in six times.

/** Hydration problems and failed requests show up as console errors. */
function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  return errors;
}

async function solveigsApplicationId(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAsResident(page, "Solveig Fjellstad", "/min-side/soknader");
  const href = await page.getByRole("link", { name: "Søknad om hjemmesykepleie" }).getAttribute("href");
  await context.close();
  const id = href?.split("/").at(-1);
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id!;
}

test("Solveig reads her partly granted decision, its reasons and the appeal deadline", async ({ page }) => {
  await loginAsResident(page, "Solveig Fjellstad", "/min-side");
  // From here on (the stand-in's own page has no favicon, which the browser reports as a 404).
  const errors = watchConsole(page);
  await page.getByRole("link", { name: "Søknadene mine" }).click();
  await expect(page).toHaveURL(/\/min-side\/soknader$/);
  await expect(page).toHaveTitle(/^Søknadene mine – /);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søknadene mine");

  const card = page.getByRole("listitem").filter({ hasText: "SOK-2026-000101" });
  await expect(card).toContainText("Vedtak er gjort");
  await expect(card).toContainText(`Du kan klage til og med ${nbDate(18)}`);
  // Only her own.
  await expect(page.getByText("SOK-2026-000102")).toHaveCount(0);

  await card.getByRole("link", { name: "Søknad om hjemmesykepleie" }).click();
  await expect(page).toHaveURL(/\/min-side\/soknader\/[0-9a-f-]{36}$/);
  await expect(page).toHaveTitle(/^Søknad om hjemmesykepleie – /);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søknad om hjemmesykepleie");
  await expect(page.getByText("Et vedtak er kommunens skriftlige svar")).toBeVisible();

  const decision = page.getByRole("region", { name: "Vedtaket" });
  await expect(decision).toContainText("Delvis innvilget");
  await expect(decision).toContainText("Du får noe av det du søkte om, men ikke alt.");
  await expect(decision.getByRole("heading", { name: /^Begrunnelse/ })).toBeVisible();
  await expect(decision).toContainText("Ved kartleggingsbesøket så vi at du klarer å stå opp");
  await expect(decision.getByRole("heading", { name: "Dette la kommunen vekt på" })).toBeVisible();
  await expect(decision.getByRole("listitem").filter({ hasText: "Helseopplysninger fra fastlegen" })).toBeVisible();

  const disagree = page.getByRole("region", { name: "Hva gjør jeg hvis jeg er uenig?" });
  await expect(disagree).toContainText(`Klagen må være sendt senest ${nbDate(18)}.`);
  await expect(disagree).toContainText("Tildelingskontoret");
  await expect(disagree.getByRole("link", { name: "Klag på vedtaket" })).toHaveAttribute("href", /\/klage$/);
  await expect(disagree).toContainText("Du kan også klage på papir");
  await expect(disagree.getByRole("button")).toHaveCount(0);

  const deadlines = page.getByRole("region", { name: "Frister" });
  await expect(deadlines).toContainText("pasient- og brukerrettighetsloven");
  await expect(deadlines).toContainText(`Du kan klage til og med ${nbDate(18)}.`);

  const timeline = page.getByRole("region", { name: "Dette har skjedd i saken" }).getByRole("list").first();
  await expect(timeline.locator(":scope > li")).toHaveCount(3);
  await expect(timeline.locator(":scope > li").first()).toContainText("Kommunen fikk søknaden.");
  await expect(timeline.locator(":scope > li").last()).toContainText("Kommunen gjorde vedtak.");

  // Her innsynslogg: the caseworker who opened the case and the case system.
  await page.goto("/min-side/innsynslogg");
  await expect(page).toHaveTitle(/^Innsynslogg – /);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(page.getByRole("cell", { name: "Kari Nordmann, Tildelingskontoret" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Fagsystemet (Gerica)" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Gjorde vedtak i saken din" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("Ingrid sees the overdue preliminary reply explained, the documentation request, and a 404 for Solveig's application", async ({
  page,
  browser,
}) => {
  const solveigsId = await solveigsApplicationId(browser);
  await loginAsResident(page, "Ingrid Åsheim", "/min-side/soknader");
  const card = page.getByRole("listitem").filter({ hasText: "SOK-2026-000102" });
  await expect(card).toContainText("Venter på svar fra deg");
  await expect(card).toContainText(`Send det kommunen ba om innen ${nbDate(16)}`);
  await card.getByRole("link", { name: "Søknad om praktisk bistand (hjemmehjelp)" }).click();

  const request = page.getByRole("region", { name: "Kommunen trenger mer fra deg" });
  await expect(request).toBeVisible();
  await expect(request).toContainText("En kort uttalelse fra fastlegen");
  await expect(request).toContainText(`Send det senest ${nbDate(16)}.`);
  await expect(request).toContainText("Send det i posten til Tildelingskontoret");
  await expect(request).toContainText("SOK-2026-000102");
  // It comes first, before the status.
  const first = await page.locator("main section").first().getAttribute("aria-labelledby");
  expect(first).toBe("dokumentasjon");

  const deadlines = page.getByRole("region", { name: "Frister" });
  await expect(deadlines).toContainText("forvaltningsloven § 11 a");
  await expect(deadlines).toContainText("Du skulle fått vedtak eller et foreløpig svar innen");
  await expect(deadlines).toContainText("Det har du ikke fått ennå.");
  await expect(page.getByRole("region", { name: "Vedtaket" })).toHaveCount(0);

  // Solveig's application, by its id, while logged in as Ingrid: not found, and nothing of it shown.
  const response = await page.goto(`/min-side/soknader/${solveigsId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vi fant ikke siden");
  await expect(page.locator("body")).not.toContainText("hjemmesykepleie");
  await expect(page.locator("body")).not.toContainText("SOK-2026-000101");
  // A malformed id is the same 404.
  expect((await page.goto("/min-side/soknader/ikke-en-id"))?.status()).toBe(404);
  await axe(page, "404 for another resident's application");

  // Her innsynslogg has only her own entry.
  await page.goto("/min-side/innsynslogg");
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("cell", { name: "Sigrid Bergsland, Tildelingskontoret" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Kari Nordmann, Tildelingskontoret");
});

for (const lng of languages) {
  test(`axe finds nothing on the list, the detail pages and the innsynslogg in ${lng}`, async ({ page, browser, baseURL }) => {
    await loginAsResident(page, "Solveig Fjellstad", "/min-side/soknader");
    const detail = await page.getByRole("link", { name: "Søknad om hjemmesykepleie" }).getAttribute("href");

    const ingridContext = await browser.newContext();
    const ingrid = await ingridContext.newPage();
    await loginAsResident(ingrid, "Ingrid Åsheim", "/min-side/soknader");
    const ingridDetail = await ingrid.getByRole("link", { name: /^Søknad om praktisk bistand/ }).getAttribute("href");
    for (const p of [page, ingrid]) await p.context().addCookies([{ name: "lng", value: lng, url: baseURL! }]);

    for (const [p, path] of [
      [page, "/min-side/soknader"],
      [page, detail!],
      [page, "/min-side/innsynslogg"],
      [page, "/min-side"],
      [ingrid, ingridDetail!],
      [ingrid, "/min-side/innsynslogg"],
    ] as const) {
      await p.goto(path);
      await expect(p.locator("html")).toHaveAttribute("lang", lng);
      await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
      await axe(p, `${path} (${lng})`);
    }
    await ingridContext.close();
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Randi finds her granted application, its closed appeal deadline and the service that started", async ({ page }) => {
    await loginAsResident(page, "Randi Kvernes", "/min-side");
    await page.getByRole("link", { name: "Søknadene mine" }).click();
    const card = page.getByRole("listitem").filter({ hasText: "SOK-2026-000103" });
    await expect(card).toContainText("Du får tjenesten");
    await card.getByRole("link", { name: "Søknad om avlastning" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søknad om avlastning");
    await expect(page.getByRole("region", { name: "Vedtaket" })).toContainText("Innvilget");
    const disagree = page.getByRole("region", { name: "Hva gjør jeg hvis jeg er uenig?" });
    await expect(disagree).toContainText(`Fristen for å klage gikk ut ${nbDate(-14)}.`);
    await expect(disagree).toContainText("Du kan søke på nytt");
    await expect(page.getByRole("region", { name: "Tjenestene dine" })).toContainText(`Avlastning: du får tjenesten fra ${nbDate(-35)}.`);
    await expect(page.getByRole("region", { name: "Dette har skjedd i saken" }).locator("ol > li")).toHaveCount(4);

    await page.getByRole("link", { name: "Tilbake til søknadene mine" }).click();
    await page.getByRole("link", { name: "Tilbake til Min side" }).click();
    await page.getByRole("link", { name: /^Innsynslogg/ }).click();
    await expect(page).toHaveURL(/\/min-side\/innsynslogg$/);
    await expect(page.getByText("Ingen ansatte eller datasystemer har sett på opplysningene dine ennå.")).toBeVisible();
  });
});
