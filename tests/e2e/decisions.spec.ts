import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { PDFDocument } from "pdf-lib";
import { baseURL } from "../playwright.config";
import { flat, readPdf } from "../support/pdf-text";
import { axe, isoDate, loginAsEmployee, loginAsResident, nbDate, norwegianDay, pickResident, postCaseEvent, registerApplication } from "./support";

// Decision letters and documentation answered with uploads:
// - Kari records a decision on a case and lets the portal write the letter; the resident opens
//   "Vedtaksbrev (PDF)" on the decision and reads what was decided and how to appeal, with three
//   weeks for the care flat (forvaltningsloven) and four for practical help;
// - the resident answers a documentation request with a file, with and without JavaScript; the
//   caseworker sees the file on the case page;
// - axe in nb, nn and en on the changed pages.
//
// Every test works on an application it registers itself through the case-system API, for Arne
// Strandvik (whom no other spec uses), so the demo applications stay as they are.

const arne = { name: "Arne Strandvik", pid: "02893408722" };
const kari = "Kari Nordmann – saksbehandler";

/** A new application of Arne's received five days ago; returns its reference. */
function register(request: APIRequestContext, services: string[]) {
  return registerApplication(request, { pid: arne.pid, services, receivedAt: norwegianDay(-5).toISOString(), label: "vedtak" });
}

/** The case page of the application with this reference, from the caseworker's search. */
async function openCase(page: Page, reference: string) {
  await page.goto(`/saksbehandler/saker?sok=${reference}`);
  await page.getByRole("link", { name: reference }).click();
  await expect(page).toHaveURL(/\/saksbehandler\/saker\/[0-9a-f-]{36}$/);
  await page.waitForLoadState("networkidle");
  return page.url().split("/").at(-1)!;
}

const actionForm = (page: Page, title: string) => page.locator("details", { has: page.locator("summary", { hasText: title }) });

test("Kari records a decision with a letter the portal writes; the resident opens the letter from the decision", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const reference = await register(page.request, ["praktisk-bistand", "omsorgsbolig"]);
  await loginAsEmployee(page, kari, "/saksbehandler");
  const id = await openCase(page, reference);

  const decide = actionForm(page, "Gjør vedtak");
  await decide.locator("summary").click();
  await decide.getByLabel("Utfall for Praktisk bistand (hjemmehjelp)").selectOption("partly_granted");
  await decide.getByLabel("Utfall for Omsorgsbolig").selectOption("refused");
  await decide.getByRole("textbox", { name: "Begrunnelse", exact: true }).fill("Du klarer det meste selv, men trenger hjelp med tungt renhold.");
  await expect(decide.getByLabel("Lag vedtaksbrevet her (PDF)")).toBeChecked();
  await axe(page, "case page, decision form");
  await decide.getByRole("button", { name: "Lagre vedtaket" }).click();
  await expect(page.getByRole("status")).toContainText("Vedtaket er lagret");
  const staffLetter = page.getByRole("link", { name: /^Vedtaksbrev \(PDF, \d+ kB\)$/ }).first();
  await expect(staffLetter).toHaveAttribute("href", /^\/saksbehandler\/dokumenter\/[0-9a-f-]{36}$/);
  await axe(page, "case page, decided");

  // The resident, in a browser of their own.
  const context = await browser.newContext({ locale: "nb-NO", timezoneId: "Europe/Oslo" });
  const resident = await context.newPage();
  await loginAsResident(resident, arne.name, `/min-side/soknader/${id}`);
  const decision = resident.getByRole("region", { name: "Vedtaket" });
  const letter = decision.getByRole("link", { name: /^Vedtaksbrev \(PDF, \d+ kB\)$/ });
  await expect(letter).toBeVisible();
  const href = (await letter.getAttribute("href"))!;
  expect(href).toMatch(/^\/min-side\/dokumenter\/[0-9a-f-]{36}$/);
  const response = await resident.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  const text = flat((await readPdf(await response.body())).text);
  expect(text).toContain(reference);
  expect(text).toContain("Delvis innvilget");
  expect(text).toContain("Du klarer det meste selv, men trenger hjelp med tungt renhold.");
  expect(text).toContain(`tre uker (forvaltningsloven § 29). Send klagen senest ${nbDate(21)}`);
  expect(text).toContain(`fire uker (pasient- og brukerrettighetsloven § 7-5). Send klagen senest ${nbDate(28)}`);
  expect(text).toContain("028934 *****");
  expect(text).not.toContain(arne.pid);

  // The page explains the two deadlines.
  const deadlines = resident.getByRole("region", { name: "Frister" });
  await expect(deadlines).toContainText("ulike frister for å klage");
  await expect(deadlines).toContainText(`Omsorgsbolig: du kan klage til og med ${nbDate(21)} (tre uker).`);
  await axe(resident, "application page with letter (nb)");
  for (const lng of ["nn", "en"]) {
    await context.addCookies([{ name: "lng", value: lng, url: baseURL }]);
    await resident.reload();
    await expect(resident.locator("html")).toHaveAttribute("lang", lng);
    await expect(resident.getByRole("link", { name: /(Vedtaksbrev|Decision letter) \(PDF, \d+ kB\)/ }).first()).toBeVisible();
    await axe(resident, `application page with letter (${lng})`);
  }
  await context.close();

  // Another resident cannot open the letter: 404.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto("/min-side");
  await pickResident(otherPage, "Liv Skogheim");
  expect((await otherPage.request.get(href)).status()).toBe(404);
  await other.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`the resident answers a documentation request with a file (${javaScriptEnabled ? "with" : "without"} JavaScript); the caseworker sees it`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(90_000);
    const reference = await register(request, ["praktisk-bistand"]);
    for (const event of [
      { type: "received", occurredAt: norwegianDay(-5).toISOString() },
      { type: "documentation_requested", occurredAt: new Date(Date.now() - 60_000).toISOString(), description: "Send en uttalelse fra fastlegen.", dueDate: isoDate(14) },
    ])
      await postCaseEvent(request, reference, event);

    const context = await browser.newContext({ locale: "nb-NO", timezoneId: "Europe/Oslo", javaScriptEnabled });
    const page = await context.newPage();
    await loginAsResident(page, arne.name, "/min-side/soknader");
    await page.getByRole("listitem").filter({ hasText: reference }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/min-side\/soknader\/[0-9a-f-]{36}$/);
    const id = page.url().split("/").at(-1)!;
    const request_ = page.getByRole("region", { name: "Kommunen trenger mer fra deg" });
    await expect(request_).toContainText("Send en uttalelse fra fastlegen.");
    await expect(request_).toContainText(`Send det senest ${nbDate(14)}.`);
    if (javaScriptEnabled) {
      for (const lng of ["nn", "en", "nb"]) {
        await context.addCookies([{ name: "lng", value: lng, url: baseURL }]);
        await page.reload();
        await axe(page, `documentation form (${lng})`);
      }
    }

    // Sent without a file: the form comes back with the comment and an error summary.
    await request_.getByLabel("Kommentar (valgfritt)").fill("Her er uttalelsen fra legen.");
    await request_.getByRole("button", { name: "Send dokumentasjon" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Du må rette dette før du sender" });
    await expect(summary).toContainText("Velg minst én fil.");
    if (javaScriptEnabled) await expect(summary).toBeFocused();
    await expect(page.getByLabel("Kommentar (valgfritt)")).toHaveValue("Her er uttalelsen fra legen.");
    if (javaScriptEnabled) await axe(page, "documentation form with errors");

    const pdf = await PDFDocument.create();
    pdf.addPage().drawText("Uttalelse fra fastlegen");
    await page.getByLabel("Filer", { exact: true }).setInputFiles({ name: "uttalelse.pdf", mimeType: "application/pdf", buffer: Buffer.from(await pdf.save()) });
    await page.getByRole("button", { name: "Send dokumentasjon" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Kommunen har fått dokumentasjonen din" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Kommunen trenger mer fra deg" })).toHaveCount(0);
    const timeline = page.getByRole("region", { name: "Dette har skjedd i saken" });
    await expect(timeline).toContainText("Du sendte dokumentasjon her i portalen.");
    await expect(timeline.getByRole("link", { name: /^uttalelse\.pdf \(\d+ kB\)$/ })).toBeVisible();
    await context.close();

    // The caseworker sees the file on the case page, and the timeline speaks of the applicant.
    const staff = await browser.newContext({ locale: "nb-NO", timezoneId: "Europe/Oslo" });
    const staffPage = await staff.newPage();
    await loginAsEmployee(staffPage, kari, "/saksbehandler");
    await staffPage.goto(`/saksbehandler/saker/${id}`);
    const documents = staffPage.getByRole("region", { name: "Dokumentasjon fra søkeren" });
    await expect(documents.getByRole("link", { name: /^uttalelse\.pdf \(\d+ kB\)$/ })).toBeVisible();
    const staffTimeline = staffPage.getByRole("region", { name: "Dette har skjedd i saken" });
    await expect(staffTimeline).toContainText("Søkeren sendte dokumentasjon i portalen.");
    await expect(staffTimeline).toContainText("Kommunen ba søkeren om mer informasjon:");
    await expect(staffTimeline).not.toContainText("ba deg");
    if (javaScriptEnabled) await axe(staffPage, "case page with documentation");
    await staff.close();
  });
}
