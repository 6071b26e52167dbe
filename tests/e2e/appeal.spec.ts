import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { syntheticPersons } from "../../db/seed/persons";
import { axe, caseSystemView, loginAsResident, minutesAgo, pdfFile, postCaseEvent, registerApplication } from "./support";

// The resident's online appeal (klage): from the decision page to the form, its errors, the review
// step, sending and the receipt, then the appeal on the decision page; the same without
// JavaScript (axe needs it, so the pages are checked in the first test); the page after the
// deadline; another resident's application (404); axe in nb, nn and en.
//
// Every appeal is made against a fresh application with a partly granted decision, registered
// through the case-system API for Bjørn Lyngmo (who has no demo applications), so the demo
// applications that tests/e2e/applications.spec.ts reads stay as they are, in any order.

const bjorn = syntheticPersons.find((p) => p.givenName === "Bjørn")!;

/** A new application of Bjørn's for practical help and a safety alarm, partly granted and refused a few minutes ago. */
async function registerDecidedApplication(request: APIRequestContext) {
  const reference = await registerApplication(request, { pid: bjorn.pid, services: ["praktisk-bistand", "trygghetsalarm"], label: "klage" });
  await postCaseEvent(request, reference, {
    type: "decided",
    occurredAt: minutesAgo(30),
    outcomes: [
      { service: "praktisk-bistand", outcome: "partly_granted", description: "Du får hjelp til rengjøring annenhver uke." },
      { service: "trygghetsalarm", outcome: "refused" },
    ],
    reasoning: "Du klarer det meste selv.",
  });
  return reference;
}

/** The portal's page for the application with this reference, from the resident's list. */
async function openApplication(page: Page, reference: string) {
  await page.goto("/min-side/soknader");
  const card = page.getByRole("listitem").filter({ hasText: reference });
  await card.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/min-side\/soknader\/[0-9a-f-]{36}$/);
  return page.url();
}

async function appealEvents(request: APIRequestContext, reference: string) {
  return (await caseSystemView(request, reference)).events.filter((e) => e.type === "appeal_received");
}

test("Bjørn appeals a decision online: errors, review, change, send, receipt, and the appeal on the decision page", async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const reference = await registerDecidedApplication(request);
  await loginAsResident(page, "Bjørn Lyngmo", "/min-side/soknader");
  const detail = await openApplication(page, reference);

  const disagree = page.getByRole("region", { name: "Hva gjør jeg hvis jeg er uenig?" });
  await expect(disagree).toContainText("Du kan også klage på papir");
  await disagree.getByRole("link", { name: "Klag på vedtaket" }).click();
  await expect(page).toHaveURL(`${detail}/klage`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Klag på vedtaket");
  await expect(page).toHaveTitle(/^Klag på vedtaket – /);
  // Documents are attached on the review step.
  await expect(page.getByText("Det kan du gjøre på neste side, før du sender klagen.")).toBeVisible();
  await axe(page, "form (nb)");

  // The form in nynorsk and English.
  for (const [lng, heading] of [
    ["nn", "Klag på vedtaket"],
    ["en", "Appeal against the decision"],
  ] as const) {
    await page.context().addCookies([{ name: "lng", value: lng, url: baseURL! }]);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await axe(page, `form (${lng})`);
  }
  await page.context().addCookies([{ name: "lng", value: "nb", url: baseURL! }]);
  await page.reload();

  // Two services: none is chosen for them. An empty form comes back with every error.
  const services = page.getByRole("group", { name: "Hvilken tjeneste er du uenig i?" });
  await expect(services.getByRole("checkbox")).toHaveCount(2);
  await expect(services.getByRole("checkbox", { checked: true })).toHaveCount(0);
  await page.getByLabel("Hva ønsker du? (valgfritt)").fill("Hjelp hver uke.");
  await page.getByRole("button", { name: "Se over klagen" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Du må rette dette før du går videre:");
  await expect(summary.getByRole("link")).toHaveCount(4);
  await expect(summary).toContainText("Skriv hva du er uenig i.");
  await expect(summary).toBeFocused();
  const disagreement = page.getByLabel("Hva er du uenig i?");
  await expect(disagreement).toHaveAttribute("aria-invalid", "true");
  await expect(disagreement).toHaveAccessibleDescription(/Skriv hva du er uenig i\./);
  await expect(page.getByLabel("Hva ønsker du? (valgfritt)")).toHaveValue("Hjelp hver uke.");
  await axe(page, "form with errors");
  await summary.getByRole("link", { name: "Skriv hva du er uenig i." }).click();
  await expect(disagreement).toBeFocused();
  await expect(summary).toBeVisible();

  await services.getByRole("checkbox", { name: /^Praktisk bistand/ }).check();
  await disagreement.fill("Jeg får for lite hjelp.");
  await page.getByLabel("Hvorfor mener du vedtaket bør endres?").fill("Jeg har vondt i ryggen og klarer ikke å vaske gulvet.");
  await page.getByLabel("Jeg bekrefter at det jeg har skrevet, er riktig.").check();
  await page.getByRole("button", { name: "Se over klagen" }).click();

  // The review, then back to change something.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se over klagen");
  await expect(page.getByText("Klagen er ikke sendt ennå.")).toBeVisible();
  await expect(page.locator("dl")).toContainText("Praktisk bistand (hjemmehjelp) (Delvis innvilget)");
  await expect(page.locator("dl")).not.toContainText("Trygghetsalarm");
  await expect(page.locator("dl")).toContainText("Jeg får for lite hjelp.");
  await axe(page, "review");
  await page.getByRole("button", { name: "Endre" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Klag på vedtaket");
  await expect(page.getByLabel("Hva er du uenig i?")).toHaveValue("Jeg får for lite hjelp.");
  await expect(page.getByLabel("Jeg bekrefter at det jeg har skrevet, er riktig.")).toBeChecked();
  await page.getByLabel("Hva ønsker du? (valgfritt)").fill("Hjelp med rengjøring hver uke.");
  await page.getByRole("button", { name: "Se over klagen" }).click();
  await expect(page.locator("dl")).toContainText("Hjelp med rengjøring hver uke.");

  // A statement from the doctor goes with it, chosen on the review step.
  await page.getByLabel("Vedlegg (valgfritt)").setInputFiles(pdfFile("legeerklaering.pdf"));
  // Sent with a double click: stored once.
  await page.getByRole("button", { name: "Send klagen" }).dblclick();
  await expect(page).toHaveURL(`${detail}/klage/kvittering`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Klagen er sendt");
  await expect(page.locator("main")).toContainText(reference);
  await expect(page.locator("main")).toContainText(/kl\. \d{2}:\d{2}/);
  await expect(page.getByRole("region", { name: "Hva skjer nå?" })).toContainText("Statsforvalteren");
  await expect(page.getByRole("region", { name: "Dette sendte du" })).toContainText("Jeg har vondt i ryggen");
  await expect(page.getByRole("region", { name: "Dette sendte du" }).getByRole("link", { name: /^legeerklaering\.pdf \(\d+ kB\)$/ })).toBeVisible();
  await axe(page, "receipt");
  const events = await appealEvents(request, reference);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({
    source: "portal",
    services: ["praktisk-bistand"],
    disagreement: "Jeg får for lite hjelp.",
    wish: "Hjelp med rengjøring hver uke.",
    attachments: [{ filename: "legeerklaering.pdf" }],
  });

  // The decision page shows the appeal, its status and the event in the timeline.
  await page.getByRole("link", { name: "Gå til søknaden" }).click();
  await expect(page).toHaveURL(detail);
  await expect(page.getByRole("region", { name: "Hvor står saken?" })).toContainText("Klagen din behandles");
  await expect(page.getByRole("region", { name: "Klagen din" })).toContainText("Kommunen fikk klagen din");
  await expect(page.getByRole("region", { name: "Hva gjør jeg hvis jeg er uenig?" })).toHaveCount(0);
  const timeline = page.getByRole("region", { name: "Dette har skjedd i saken" }).locator("ol > li");
  await expect(timeline.last()).toContainText("Kommunen fikk klagen din.");
  await expect(timeline.last()).toContainText("Registrert her i portalen");
  await axe(page, "decision page with the appeal");

  // The appeal page now explains instead of showing a form.
  await page.goto(`${detail}/klage`);
  await expect(page.getByText("Du har allerede klaget på dette vedtaket.")).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await page.getByRole("link", { name: "Se klagen du sendte" }).click();
  await expect(page).toHaveURL(`${detail}/klage/kvittering`);
});

test("after the deadline the appeal page explains the options, and another resident's application is not found", async ({
  page,
  browser,
  request,
}) => {
  await loginAsResident(page, "Randi Kvernes", "/min-side/soknader");
  const detail = await openApplication(page, "SOK-2026-000103");
  await expect(page.getByRole("link", { name: "Klag på vedtaket" })).toHaveCount(0);
  const response = await page.goto(`${detail}/klage`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Klage på vedtaket");
  await expect(page.locator("main")).toContainText("Fristen for å klage gikk ut");
  await expect(page.locator("main")).toContainText("forvaltningsloven § 31");
  await expect(page.locator("main")).toContainText("Tildelingskontoret");
  await expect(page.locator("form[method=post]").filter({ has: page.getByRole("textbox") })).toHaveCount(0);
  await axe(page, "appeal page after the deadline");

  // Bjørn's application, by its id, while logged in as Randi: 404, to read and to the receipt.
  const reference = await registerDecidedApplication(request);
  const bjornContext = await browser.newContext();
  const bjornPage = await bjornContext.newPage();
  await loginAsResident(bjornPage, "Bjørn Lyngmo", "/min-side/soknader");
  const bjornsDetail = new URL(await openApplication(bjornPage, reference)).pathname;
  await bjornContext.close();
  for (const path of [`${bjornsDetail}/klage`, `${bjornsDetail}/klage/kvittering`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.locator("body")).not.toContainText(reference);
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Bjørn appeals with plain forms: errors keep the input, review, change, send, receipt", async ({ page, request }) => {
    test.setTimeout(60_000);
    const reference = await registerDecidedApplication(request);
    await loginAsResident(page, "Bjørn Lyngmo", "/min-side/soknader");
    const detail = await openApplication(page, reference);
    await page.getByRole("link", { name: "Klag på vedtaket" }).click();
    await expect(page).toHaveURL(`${detail}/klage`);

    await page.getByLabel("Hvorfor mener du vedtaket bør endres?").fill("Jeg trenger en alarm fordi jeg har falt.");
    await page.getByRole("button", { name: "Se over klagen" }).click();
    await expect(page.getByRole("alert")).toContainText("Velg hvilken tjeneste du er uenig i.");
    await expect(page.getByRole("alert")).toContainText("Kryss av for at det du har skrevet, er riktig.");
    await expect(page.getByRole("alert")).not.toContainText("Skriv hvorfor");
    await expect(page.getByLabel("Hvorfor mener du vedtaket bør endres?")).toHaveValue("Jeg trenger en alarm fordi jeg har falt.");
    await expect(page.getByLabel("Hva er du uenig i?")).toHaveAttribute("aria-invalid", "true");

    await page.getByRole("checkbox", { name: /^Trygghetsalarm/ }).check();
    await page.getByLabel("Hva er du uenig i?").fill("At jeg ikke får trygghetsalarm.");
    await page.getByLabel("Jeg bekrefter at det jeg har skrevet, er riktig.").check();
    await page.getByRole("button", { name: "Se over klagen" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se over klagen");
    await page.getByRole("button", { name: "Endre" }).click();
    await expect(page.getByLabel("Hva er du uenig i?")).toHaveValue("At jeg ikke får trygghetsalarm.");
    await expect(page.getByRole("checkbox", { name: /^Trygghetsalarm/ })).toBeChecked();
    await page.getByRole("button", { name: "Se over klagen" }).click();
    await expect(page.locator("dl")).toContainText("Trygghetsalarm (Avslått)");
    await expect(page.locator("dl")).toContainText("Ikke fylt ut");
    await page.getByRole("button", { name: "Send klagen" }).click();

    await expect(page).toHaveURL(`${detail}/klage/kvittering`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Klagen er sendt");
    await expect(page.locator("main")).toContainText(reference);
    expect(await appealEvents(request, reference)).toHaveLength(1);

    await page.goto(detail);
    await expect(page.getByRole("region", { name: "Dette har skjedd i saken" })).toContainText("Kommunen fikk klagen din.");
  });
});
