import { expect, test, type Page } from "@playwright/test";
import { axe, pdfFile, pickResident } from "./support";

// Applying online: from a service page through every step to the receipt and the PDF copy, with
// JavaScript and without; a draft saved for later, resumed and deleted; axe on every step in nb,
// nn and en.
//
// Arne Strandvik applies with JavaScript and Bjørn Lyngmo without. Both are used by other specs,
// which find their applications by reference, so the applications made here never get in their way.

const arne = "Arne Strandvik";
const bjorn = "Bjørn Lyngmo";

const stepOf = (n: number) => `Steg ${n} av 7`;
const next = (page: Page) => page.getByRole("button", { name: "Neste", exact: true }).click();

test("Arne applies from a service page with an attachment, changes an answer on the review page, sends, and downloads the copy", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto("/tjenester/hjemmesykepleie");
  await page.getByRole("link", { name: "Søk om denne tjenesten" }).first().click();
  await pickResident(page, arne);
  await expect(page).toHaveURL(/\/min-side\/soknader\/ny\?tjeneste=hjemmesykepleie$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søk om helse- og omsorgstjenester");
  await expect(page.locator("main")).toContainText("Du har valgt hjemmesykepleie.");
  await axe(page, "start");
  await page.getByRole("button", { name: "Start søknaden" }).click();

  // 1: the service from the service page is already chosen.
  await expect(page.getByText(stepOf(1))).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Hjemmesykepleie" })).toBeChecked();
  await page.getByRole("checkbox", { name: "Praktisk bistand (hjemmehjelp)" }).check();
  await axe(page, "services");
  await next(page);

  // 2: an empty answer comes back with an error summary that gets focus and leads to the field.
  await expect(page.getByText(stepOf(2))).toBeVisible();
  await next(page);
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Skriv hva som er viktig for deg.");
  await expect(summary).toBeFocused();
  await axe(page, "what matters, with an error");
  await summary.getByRole("link", { name: "Skriv hva som er viktig for deg." }).click();
  await expect(page.getByLabel("Hva er viktig for deg?")).toBeFocused();
  await page.getByLabel("Hva er viktig for deg?").fill("Å bo hjemme og gå tur med hunden.");
  await next(page);

  // 3
  await expect(page.getByText(stepOf(3))).toBeVisible();
  await page.getByLabel("Hvordan bor du?").fill("Alene i et hus med mange trapper.");
  await page.getByLabel("Hvilken hjelp får du i dag, og fra hvem? (frivillig)").fill("Sønnen min handler for meg.");
  await page.getByLabel("Hva er vanskelig for deg nå?").fill("Å dusje og å huske medisinene.");
  await axe(page, "situation");
  await next(page);

  // 4
  await expect(page.getByText(stepOf(4))).toBeVisible();
  await page.getByLabel("En annen person, for eksempel noen i familien").check();
  await page.getByLabel("Navn").fill("Per Testsønn");
  await page.getByLabel("Telefonnummer").fill("912 34 567");
  await page.getByLabel("Hva er personen for deg?").fill("Sønn");
  await axe(page, "contact");
  await next(page);

  // 5: a file that is not what its name says is refused; a real PDF is kept.
  await expect(page.getByText(stepOf(5))).toBeVisible();
  await page.getByLabel("Velg filer").setInputFiles([{ name: "lege.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ not a pdf") }]);
  await page.getByRole("button", { name: "Last opp" }).click();
  await expect(page.getByRole("alert")).toContainText("«lege.pdf» er ikke en PDF, JPG eller PNG.");
  await page.getByLabel("Velg filer").setInputFiles([pdfFile("legeerklæring.pdf")]);
  await page.getByRole("button", { name: "Last opp" }).click();
  await expect(page.getByRole("status")).toHaveText("1 fil er lagt ved.");
  await expect(page.getByRole("link", { name: "legeerklæring.pdf" })).toBeVisible();
  await axe(page, "attachments");
  await next(page);

  // 6
  await expect(page.getByText(stepOf(6))).toBeVisible();
  await page.getByLabel("Ja, kommunen kan hente inn opplysningene").check();
  await axe(page, "consent");
  await next(page);

  // 7: everything, with a way back to each section.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se over søknaden");
  const main = page.locator("main");
  await expect(main).toContainText("Praktisk bistand (hjemmehjelp)");
  await expect(main).toContainText("Per Testsønn (Sønn), telefon 912 34 567");
  await expect(main).toContainText("legeerklæring.pdf");
  await axe(page, "review");
  await page.getByRole("link", { name: "Endre Hva er viktig for deg?" }).click();
  // Wait for the step itself: until it has loaded, the review page shows the same words.
  await expect(page.getByText(stepOf(2))).toBeVisible();
  await page.getByLabel("Hva er viktig for deg?").fill("Å bo hjemme og lage middag selv.");
  await page.getByRole("button", { name: "Lagre og gå til oppsummeringen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se over søknaden");
  await expect(main).toContainText("Å bo hjemme og lage middag selv.");
  await page.getByRole("button", { name: "Send søknaden" }).click();

  // The receipt, the copy, and the application page.
  await expect(page).toHaveURL(/\/min-side\/soknader\/[0-9a-f-]{36}\/kvittering$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søknaden er sendt");
  const reference = (await main.textContent())!.match(/SOK-\d{4}-\d{6}/)![0];
  await axe(page, "receipt");
  const copyHref = await page.getByRole("link", { name: "Last ned kopi av søknaden (PDF)" }).getAttribute("href");
  const copy = await page.request.get(copyHref!);
  expect(copy.status()).toBe(200);
  expect(copy.headers()["content-type"]).toBe("application/pdf");
  expect((await copy.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // Back in the browser, sending again does not make another application.
  await page.goBack();
  await expect(page).toHaveURL(/\/kvittering$/);

  await page.getByRole("link", { name: "Følg søknaden" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søknad om hjemmesykepleie og praktisk bistand (hjemmehjelp)");
  const sent = page.getByRole("region", { name: "Dette sendte du" });
  await expect(sent).toContainText("Å bo hjemme og lage middag selv.");
  await expect(sent.getByRole("link", { name: "legeerklæring.pdf" })).toBeVisible();
  await expect(sent.getByRole("link", { name: "Last ned kopi av søknaden (PDF)" })).toBeVisible();
  await axe(page, "application page");
  await page.goto("/min-side/soknader");
  await expect(page.getByRole("listitem").filter({ hasText: reference })).toHaveCount(1);
});

test("a draft is saved for later, resumed where it was left, and deleted", async ({ page }) => {
  await page.goto("/min-side/soknader");
  await pickResident(page, arne);
  await page.getByRole("link", { name: "Søk om tjenester" }).click();
  await page.getByRole("button", { name: "Start søknaden" }).click();
  await page.getByRole("checkbox", { name: "Trygghetsalarm" }).check();
  await next(page);
  await page.getByLabel("Hva er viktig for deg?").fill("Å føle meg trygg om natten.");
  await page.getByRole("button", { name: "Lagre og fortsett senere" }).click();

  await expect(page).toHaveURL(/\/min-side\/soknader\?utkast=lagret$/);
  await expect(page.getByRole("status")).toHaveText("Svarene er lagret.");
  const drafts = page.getByRole("region", { name: "Påbegynte søknader" });
  const card = drafts.getByRole("listitem").filter({ hasText: "Søknad om trygghetsalarm" });
  await expect(card).toHaveCount(1);
  await axe(page, "list with a draft");
  await card.getByRole("link", { name: "Fortsett" }).click();
  await expect(page.getByText(stepOf(2))).toBeVisible();
  await expect(page.getByLabel("Hva er viktig for deg?")).toHaveValue("Å føle meg trygg om natten.");

  // On a slow connection she types before the page's JavaScript has run: nothing she typed is lost.
  const step = page.url();
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/assets/**/*.js", async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(step, { waitUntil: "commit" });
  const field = page.getByLabel("Hva er viktig for deg?");
  await expect(field).toHaveValue("Å føle meg trygg om natten.");
  // Ctrl+End: the end of the text. (End is the end of the line, and before the stylesheet has
  // loaded the field is narrow and its text wraps.)
  await field.press("Control+End");
  await field.pressSequentially(" Og å slippe trappene.");
  release();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.unroute("**/assets/**/*.js");
  await expect(field).toHaveValue("Å føle meg trygg om natten. Og å slippe trappene.");
  await page.getByRole("button", { name: "Lagre og fortsett senere" }).click();
  await expect(page.getByRole("status")).toHaveText("Svarene er lagret.");
  await card.getByRole("link", { name: "Fortsett" }).click();
  await expect(page.getByLabel("Hva er viktig for deg?")).toHaveValue("Å føle meg trygg om natten. Og å slippe trappene.");

  await page.goto("/min-side/soknader");
  await drafts.getByRole("listitem").filter({ hasText: "Søknad om trygghetsalarm" }).getByRole("link", { name: "Slett utkast" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Slette utkastet?");
  await axe(page, "delete draft");
  await page.getByRole("button", { name: "Ja, slett utkastet" }).click();
  await expect(page.getByRole("status")).toHaveText("Utkastet er slettet.");
  await expect(page.getByRole("listitem").filter({ hasText: "Søknad om trygghetsalarm" })).toHaveCount(0);
});

for (const lng of ["nn", "en"] as const) {
  test(`axe finds nothing on any step in ${lng}`, async ({ page, context, baseURL }) => {
    test.setTimeout(60_000);
    await context.addCookies([{ name: "lng", value: lng, url: baseURL! }]);
    await page.goto("/min-side/soknader/ny?tjeneste=trygghetsalarm");
    await pickResident(page, arne);
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    await axe(page, `start (${lng})`);
    await page.getByRole("main").locator("form[method=post] button[type=submit]").click();
    await expect(page).toHaveURL(/\/utkast\/[0-9a-f-]{36}\/tjenester$/);
    const draftUrl = page.url().replace(/\/tjenester$/, "");
    for (const step of ["tjenester", "viktig", "situasjon", "kontakt", "vedlegg", "samtykke", "oppsummering"]) {
      await page.goto(`${new URL(draftUrl).pathname}/${step}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await axe(page, `${step} (${lng})`);
    }
    // A step with errors, too.
    await page.goto(`${new URL(draftUrl).pathname}/kontakt`);
    await page.locator("button[name=intent][value=next]").click();
    await expect(page.getByRole("alert")).toBeVisible();
    await axe(page, `contact with errors (${lng})`);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Bjørn applies with plain forms: errors keep what he wrote, a file is attached and removed, send, receipt, copy", async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto("/tjenester/trygghetsalarm");
    await page.getByRole("link", { name: "Søk om denne tjenesten" }).first().click();
    await pickResident(page, bjorn);
    await page.getByRole("button", { name: "Start søknaden" }).click();
    await expect(page.getByRole("checkbox", { name: "Trygghetsalarm" })).toBeChecked();
    await next(page);

    await page.getByLabel("Hva er viktig for deg?").fill("Å kunne bo hjemme.");
    await next(page);
    // Too long, and a required answer missing: both named, the text kept.
    const long = "x".repeat(4001);
    await page.getByLabel("Hvordan bor du?").fill(long);
    await next(page);
    const alert = page.getByRole("alert");
    await expect(alert).toContainText("Teksten er for lang. Du kan skrive opptil 4000 tegn.");
    await expect(alert).toContainText("Skriv hva som er vanskelig for deg nå.");
    await expect(page.getByLabel("Hvordan bor du?")).toHaveValue(long);
    await expect(page.getByLabel("Hvordan bor du?")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Hvordan bor du?").fill("Alene, i første etasje.");
    await page.getByLabel("Hva er vanskelig for deg nå?").fill("Jeg har falt to ganger.");
    await next(page);

    await page.getByLabel("Meg").check();
    await next(page);

    await page.getByLabel("Velg filer").setInputFiles([pdfFile("henvisning.pdf"), pdfFile("feil-fil.pdf")]);
    await page.getByRole("button", { name: "Last opp" }).click();
    await expect(page.getByRole("status")).toHaveText("2 filer er lagt ved.");
    await page.getByRole("button", { name: "Fjern feil-fil.pdf" }).click();
    await expect(page.getByRole("status")).toHaveText("Filen er fjernet.");
    await expect(page.getByRole("link", { name: "feil-fil.pdf" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "henvisning.pdf" })).toBeVisible();
    await next(page);

    await next(page);
    await expect(page.getByRole("alert")).toContainText("Svar på om kommunen kan hente inn opplysninger.");
    await page.getByLabel("Nei, jeg vil sende opplysningene selv").check();
    await next(page);

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se over søknaden");
    await expect(page.locator("main")).toContainText("Nei, søkeren sender opplysningene selv");
    await page.getByRole("button", { name: "Send søknaden" }).click();
    await expect(page).toHaveURL(/\/kvittering$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søknaden er sendt");
    const copyHref = await page.getByRole("link", { name: "Last ned kopi av søknaden (PDF)" }).getAttribute("href");
    const copy = await page.request.get(copyHref!);
    expect(copy.headers()["content-type"]).toBe("application/pdf");
    await page.getByRole("link", { name: "Følg søknaden" }).click();
    await expect(page.getByRole("region", { name: "Dette sendte du" })).toContainText("henvisning.pdf");
  });
});
