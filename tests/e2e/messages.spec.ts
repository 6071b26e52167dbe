import { expect, test, type Browser, type Page } from "@playwright/test";
import { axe, languages, loginAsEmployee, loginAsResident, pdfFile } from "./support";

// Secure messages: a resident writes with an attachment; Kari finds it in Tildelingskontoret's
// inbox, takes it, writes an internal note and answers from a template; the resident is notified
// (the unread marker on Min side, and the captured notification on /dev/utboks where that page
// exists), reads the answer without the note, and sees that the municipality read their message.
// The same journey without JavaScript, and axe on every page in nb, nn and en.
//
// Håkon Vindenes (JavaScript) and Torbjørn Havnås (no JavaScript) are used by no other spec, and
// each test works only on the thread it creates.

const pdf = pdfFile("legeerklaering.pdf");

/** The value next to a label in a page's facts list. */
const fact = (page: Page, label: string) => page.locator(".facts div", { has: page.locator("dt", { hasText: label }) }).locator("dd");

type Journey = { resident: string; pid: string; email: string | null; subject: string; javaScript: boolean };

async function journey(browser: Browser, j: Journey) {
  const residentContext = await browser.newContext({ javaScriptEnabled: j.javaScript });
  const resident = await residentContext.newPage();

  // The resident writes. An empty message first: refused, the subject kept, the summary says why.
  await loginAsResident(resident, j.resident, "/min-side/meldinger/ny");
  await expect(resident).toHaveTitle(/^Ny melding – /);
  await resident.getByLabel("Emne").fill(j.subject);
  await resident.getByRole("button", { name: "Send" }).click();
  await expect(resident.getByRole("alert")).toContainText("Melding: Skriv en melding.");
  // Focus is on the summary, with or without JavaScript: the next Tab leads to the field.
  await expect(resident.getByRole("alert")).toBeFocused();
  await expect(resident.getByLabel("Emne")).toHaveValue(j.subject);
  await resident.getByLabel("Melding").fill("Hei. Jeg har fått ny legeerklæring.\nKan dere se på den?");
  await resident.getByLabel("Vedlegg (valgfritt)").setInputFiles(pdf);
  await resident.getByRole("button", { name: "Send" }).click();
  await expect(resident).toHaveURL(/\/min-side\/meldinger\/[0-9a-f-]{36}\?sendt=ny$/);
  await expect(resident.getByRole("status")).toContainText("Meldingen er sendt.");
  const reference = (await fact(resident, "Referanse").textContent())!.trim();
  expect(reference).toMatch(/^MLD-\d{4}-\d{6}$/);
  // The title names the reference, never the subject.
  await expect(resident).toHaveTitle(new RegExp(`^Melding ${reference} – `));
  expect(await resident.title()).not.toContain(j.subject);
  await expect(resident.getByText(/^Du kan vente svar innen \d+\. \w+ \d{4}\.$/)).toBeVisible();
  await expect(resident.getByText("Ikke lest av kommunen ennå")).toBeVisible();
  await expect(resident.getByRole("link", { name: pdf.name })).toBeVisible();
  const threadUrl = resident.url().replace(/\?.*$/, "");

  // Kari finds it in the unit's inbox, without a caseworker.
  const employeeContext = await browser.newContext({ javaScriptEnabled: j.javaScript });
  const kari = await employeeContext.newPage();
  await loginAsEmployee(kari, "Kari Nordmann – saksbehandler", "/saksbehandler");
  await kari.getByRole("link", { name: "Innboks", exact: true }).first().click();
  await expect(kari).toHaveURL(/\/saksbehandler\/innboks$/);
  await expect(kari.getByLabel("Enhet")).toHaveValue(/.+/);
  await expect(kari.getByLabel("Enhet").locator("option:checked")).toHaveText("Tildelingskontoret");
  await kari.getByLabel("Søk på referanse, navn eller emne").fill(reference);
  await kari.getByRole("button", { name: "Vis meldinger" }).click();
  const row = kari.getByRole("row").filter({ hasText: reference });
  await expect(row).toContainText(j.subject);
  await expect(row).toContainText(j.resident);
  await expect(row).toContainText("Ulest");
  await row.getByRole("link", { name: reference }).click();
  await expect(kari).toHaveTitle(new RegExp(`^Melding ${reference} – `));
  expect(await kari.title()).not.toContain(j.resident.split(" ")[0]);
  await expect(fact(kari, "Innbygger")).toHaveText(j.resident);
  await expect(fact(kari, "Fødselsnummer")).toHaveText(`${j.pid.slice(0, 6)} *****`);
  await expect(kari.locator("body")).not.toContainText(j.pid);
  await expect(kari.getByRole("link", { name: pdf.name })).toBeVisible();

  await kari.getByRole("button", { name: "Ta meldingen selv" }).click();
  await expect(kari.getByRole("status")).toContainText("Saksbehandleren er endret.");
  await expect(fact(kari, "Saksbehandler")).toHaveText("Kari Nordmann");

  const note = kari.getByRole("region", { name: "Internt notat" });
  await note.getByLabel("Notat").fill("Ring fastlegen før vi svarer.");
  await note.getByRole("button", { name: "Lagre notatet" }).click();
  await expect(kari.getByRole("status")).toContainText("Notatet er lagret.");
  await expect(kari.getByRole("region", { name: "Samtalen" })).toContainText("Internt notat – innbyggeren ser ikke dette");

  const reply = kari.getByRole("region", { name: "Svar innbyggeren" });
  await reply.getByLabel("Start fra en svarmal").selectOption({ label: "Takk, vi ser på saken" });
  await reply.getByRole("button", { name: "Bruk malen" }).click();
  await expect(reply.getByLabel("Svar", { exact: true })).toHaveValue(/^Takk for meldingen\. Vi ser på saken din/);
  // Let the navigation settle: React sets a textarea's text again when its default value arrives.
  await kari.waitForLoadState("networkidle");
  await reply.getByLabel("Svar", { exact: true }).fill("Takk, vi har fått legeerklæringen. Vi ringer deg i morgen.");
  await reply.getByRole("button", { name: "Send svar", exact: true }).click();
  await expect(kari.getByRole("status")).toContainText("Svaret er sendt.");
  await expect(fact(kari, "Status")).toHaveText("Venter på innbygger");
  await expect(kari.getByText("Ikke lest av innbyggeren ennå")).toBeVisible();

  // The resident is notified: the unread marker on Min side …
  await resident.goto("/min-side");
  await expect(resident.getByRole("link", { name: /^Meldinger \(1 nytt svar\)$/ })).toBeVisible();
  // … and, where the demo's captured outbox exists, a content-free notice to their address.
  if (j.email) {
    const outbox = await resident.request.get("/dev/utboks");
    if (outbox.status() === 200) {
      await expect(async () => {
        await resident.goto("/dev/utboks");
        await expect(resident.getByRole("row").filter({ hasText: j.email! }).first()).toBeVisible();
      }).toPass({ timeout: 20_000 });
      await expect(resident.locator("body")).not.toContainText(j.subject);
      await expect(resident.locator("body")).not.toContainText("legeerklæringen");
    }
  }

  // … reads the answer, never the internal note, and sees that the municipality read their message.
  await resident.goto("/min-side/meldinger");
  const card = resident.getByRole("listitem").filter({ hasText: reference });
  await expect(card).toContainText("Nytt svar");
  await expect(card).toContainText("Kommunen har svart");
  await card.getByRole("link", { name: j.subject }).click();
  await expect(resident).toHaveURL(threadUrl);
  const conversation = resident.getByRole("region", { name: "Samtalen" });
  await expect(conversation).toContainText("Takk, vi har fått legeerklæringen. Vi ringer deg i morgen.");
  await expect(conversation).toContainText("Kari Nordmann, Tildelingskontoret");
  await expect(resident.locator("body")).not.toContainText("Ring fastlegen");
  await expect(conversation.getByText(/^Lest av kommunen \d+\. \w+ \d{4} kl\. \d{2}:\d{2}$/)).toBeVisible();
  await expect(resident.getByText("Kommunen har svart deg.")).toBeVisible();

  // Opened in the inbox: in the resident's innsynslogg.
  await resident.goto("/min-side/innsynslogg");
  await expect(resident.locator("tbody tr").filter({ hasText: "Leste en melding fra deg" }).first()).toContainText("Kari Nordmann, Tildelingskontoret");

  // The resident answers back: the thread waits for the municipality again; Kari sees it was read.
  await resident.goto(threadUrl);
  await resident.getByLabel("Melding").fill("Takk! Jeg er hjemme hele dagen.");
  await resident.getByRole("button", { name: "Send" }).click();
  await expect(resident.getByRole("status")).toContainText("Meldingen er sendt.");
  await expect(fact(resident, "Status")).toHaveText("Venter på svar fra kommunen");
  await kari.reload();
  await expect(kari.getByText(/^Lest av innbyggeren /)).toBeVisible();
  await expect(fact(kari, "Status")).toHaveText("Venter på oss");

  await residentContext.close();
  await employeeContext.close();
}

test("a resident writes with an attachment; Kari takes it, notes and answers; the resident reads it", async ({ browser }) => {
  test.setTimeout(120_000);
  await journey(browser, {
    resident: "Håkon Vindenes",
    pid: "21888646172",
    email: "hakon.vindenes@example.no",
    subject: `Ny legeerklæring ${Date.now()}`,
    javaScript: true,
  });
});

test.describe("without JavaScript", () => {
  test("the same journey with plain forms", async ({ browser }) => {
    test.setTimeout(120_000);
    await journey(browser, {
      resident: "Torbjørn Havnås",
      pid: "17924427523",
      email: null,
      subject: `Legeerklæring uten JavaScript ${Date.now()}`,
      javaScript: false,
    });
  });
});

test("someone who sends before the page's JavaScript has run keeps their place when it arrives", async ({ page }) => {
  await loginAsResident(page, "Håkon Vindenes", "/min-side/meldinger");
  // A slow connection: the page's JavaScript is held back until released.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/assets/**/*.js", async (route) => {
    await released;
    await route.continue();
  });
  await page.goto("/min-side/meldinger/ny", { waitUntil: "commit" });
  const subject = `Før siden var ferdig ${Date.now()}`;
  await page.getByLabel("Emne").fill(subject);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("alert")).toContainText("Melding: Skriv en melding.");
  // He goes on into the text field and writes; then the JavaScript arrives.
  const body = page.getByLabel("Melding");
  await body.fill("Hei. Kan noen ringe meg?");
  release();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.unroute("**/assets/**/*.js");
  // Focus stays in his field (it is not pulled up to the error summary), and the text is kept.
  await expect(body).toBeFocused();
  await expect(body).toHaveValue("Hei. Kan noen ringe meg?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/min-side\/meldinger\/[0-9a-f-]{36}\?sendt=ny$/);
  await expect(page.getByRole("region", { name: "Samtalen" })).toContainText("Hei. Kan noen ringe meg?");
});

test("a message about an application is reachable from the application, and the application from the message", async ({ page }) => {
  await loginAsResident(page, "Solveig Fjellstad", "/min-side/soknader");
  await page.getByRole("listitem").filter({ hasText: "SOK-2026-000101" }).getByRole("link").first().click();
  const section = page.getByRole("region", { name: "Meldinger om søknaden" });
  await expect(section.getByRole("link", { name: "Besøk om morgenen" })).toBeVisible();
  await section.getByRole("link", { name: "Send melding om denne søknaden" }).click();
  await expect(page.getByLabel("Gjelder det en søknad?").locator("option:checked")).toContainText("SOK-2026-000101");
  await page.goBack();
  await section.getByRole("link", { name: "Besøk om morgenen" }).click();
  await page.getByRole("link", { name: "Se søknaden SOK-2026-000101" }).click();
  await expect(page).toHaveURL(/\/min-side\/soknader\/[0-9a-f-]{36}$/);
});

test("an editor writes, changes and archives a reply template", async ({ page }) => {
  await loginAsEmployee(page, /^Sigrid Bergsland – /, "/saksbehandler");
  await page.getByRole("link", { name: "Svarmaler" }).click();
  await expect(page).toHaveURL(/\/saksbehandler\/maler$/);
  await page.getByRole("link", { name: "Ny svarmal" }).click();
  await page.getByRole("button", { name: "Lagre malen" }).click();
  await expect(page.getByRole("alert")).toContainText("Skriv et navn på malen.");
  // The form is rendered again with the answer: type only once that has settled.
  await page.waitForLoadState("networkidle");
  const name = `Vi har fått vedlegget ${Date.now()}`;
  await page.getByLabel("Navn på malen").fill(name);
  await page.getByLabel("Tekst").fill("Takk. Vi har fått vedlegget ditt.");
  await page.getByRole("button", { name: "Lagre malen" }).click();
  await expect(page.getByRole("status")).toContainText("Malen er lagret.");
  await page.getByLabel("Tekst").fill("Takk. Vi har fått vedlegget ditt og ser på det.");
  await page.getByRole("button", { name: "Lagre malen" }).click();
  await expect(page.getByRole("status")).toContainText("Malen er lagret.");
  await page.getByRole("button", { name: "Arkiver malen" }).click();
  await expect(page.getByRole("status")).toContainText("Malen er arkivert.");
  await page.getByRole("link", { name: "Tilbake til svarmalene" }).first().click();
  await expect(page.getByRole("region", { name: "Arkivert" }).getByRole("link", { name })).toBeVisible();
});

for (const lng of languages) {
  test(`axe finds nothing on the message pages in ${lng}`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const residentContext = await browser.newContext();
    await residentContext.addCookies([{ name: "lng", value: lng, url: baseURL! }]);
    const resident = await residentContext.newPage();
    // Bjørn, whose innsynslogg no test reads: the caseworker below opens the thread he starts here.
    await loginAsResident(resident, "Bjørn Lyngmo", "/min-side/meldinger");
    await expect(resident.locator("html")).toHaveAttribute("lang", lng);
    await axe(resident, `resident list (${lng})`);
    await resident.goto("/min-side/meldinger/ny");
    await axe(resident, `new message (${lng})`);
    await resident.locator("form.message-form button[type=submit]").click();
    await expect(resident.locator(".ds-error-summary")).toBeVisible();
    await axe(resident, `new message with errors (${lng})`);
    const subject = `Axe ${lng} ${Date.now()}`;
    await resident.locator("#subject").fill(subject);
    await resident.locator("#body").fill("Hei.");
    await resident.locator("form.message-form button[type=submit]").click();
    await expect(resident).toHaveURL(/\/min-side\/meldinger\/[0-9a-f-]{36}\?sendt=ny$/);
    await axe(resident, `thread (${lng})`);
    await residentContext.close();

    const employeeContext = await browser.newContext();
    await employeeContext.addCookies([{ name: "lng", value: lng, url: baseURL! }]);
    const employee = await employeeContext.newPage();
    await employee.goto("/saksbehandler");
    await employee.getByRole("button", { name: /^Sigrid Bergsland/ }).click();
    await employee.goto(`/saksbehandler/innboks?visning=all&status=any&sok=${encodeURIComponent(subject)}`);
    await axe(employee, `inbox (${lng})`);
    await employee.locator("tbody tr a").first().click();
    await expect(employee).toHaveURL(/\/saksbehandler\/innboks\/[0-9a-f-]{36}$/);
    await axe(employee, `inbox thread (${lng})`);
    await employee.goto("/saksbehandler/maler");
    await axe(employee, `templates (${lng})`);
    await employee.goto("/saksbehandler/maler/ny");
    await axe(employee, `new template (${lng})`);
    await employee.goto("/saksbehandler/maler");
    await employee.locator("tbody tr a").first().click();
    await axe(employee, `edit template (${lng})`);
    await employeeContext.close();
  });
}
