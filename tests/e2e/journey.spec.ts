import { expect, test } from "@playwright/test";
import { syntheticPersons } from "../../db/seed/persons";
import { api, axe, caseSystemView, loginAsEmployee, pdfFile, pickResident, postCaseEvent } from "./support";

// The whole journey of an application, across everyone involved: Margit Hovland applies online
// with an attachment; Kari at Tildelingskontoret registers that it is received; the case system
// imports it (answers and attachment) and posts a partly granted decision through the API; Margit
// gets a notice that says only that there is news; she reads the decision and its reasoning and
// appeals; the case system sees the appeal. Margit is used by no other spec.

const margit = syntheticPersons.find((p) => p.givenName === "Margit")!;
const next = (page: import("@playwright/test").Page) => page.getByRole("button", { name: "Neste", exact: true }).click();

test("apply → receipt registered → decision from the case system → notice → read the reasoning → appeal", async ({ page, browser, request }) => {
  test.setTimeout(120_000);

  // 1. Margit applies for home nursing from the service page.
  await page.goto("/tjenester/hjemmesykepleie");
  await page.getByRole("link", { name: "Søk om denne tjenesten" }).first().click();
  await pickResident(page, "Margit Hovland");
  await page.getByRole("button", { name: "Start søknaden" }).click();
  await expect(page.getByRole("checkbox", { name: "Hjemmesykepleie" })).toBeChecked();
  await next(page);
  await page.getByLabel("Hva er viktig for deg?").fill("Å klare meg hjemme selv om jeg har falt.");
  await next(page);
  await page.getByLabel("Hvordan bor du?").fill("Alene i en leilighet i andre etasje.");
  await page.getByLabel("Hva er vanskelig for deg nå?").fill("Å skifte bandasjen på beinet.");
  await next(page);
  await page.getByLabel("Meg", { exact: true }).check();
  await next(page);
  await page.getByLabel("Velg filer").setInputFiles([pdfFile("epikrise.pdf")]);
  await page.getByRole("button", { name: "Last opp" }).click();
  await expect(page.getByRole("link", { name: "epikrise.pdf" })).toBeVisible();
  await next(page);
  await page.getByLabel("Ja, kommunen kan hente inn opplysningene").check();
  await next(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se over søknaden");
  // Uploaded with "Last opp", then "Neste": the file is stored once, not again with the step.
  await expect(page.locator("main").getByRole("link", { name: "epikrise.pdf" })).toHaveCount(1);
  await page.getByRole("button", { name: "Send søknaden" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søknaden er sendt");
  const reference = (await page.locator("main").textContent())!.match(/SOK-\d{4}-\d{6}/)![0];

  // 2. Kari finds it and registers that it is received.
  const staff = await browser.newContext();
  const kari = await staff.newPage();
  await loginAsEmployee(kari, "Kari Nordmann – saksbehandler", "/saksbehandler");
  await kari.goto(`/saksbehandler/saker?sok=${reference}`);
  await kari.getByRole("row").filter({ hasText: reference }).getByRole("link", { name: reference }).click();
  await kari.waitForLoadState("networkidle");
  await expect(kari.locator("main")).toContainText("Å skifte bandasjen på beinet.");
  await expect(kari.getByRole("link", { name: /epikrise\.pdf/ }).first()).toBeVisible();
  const receipt = kari.locator("details", { has: kari.locator("summary", { hasText: "Registrer at søknaden er mottatt" }) });
  await receipt.locator("summary").click();
  await receipt.getByRole("button", { name: "Registrer mottatt" }).click();
  await expect(kari.getByRole("status").filter({ hasText: "Søknaden er registrert som mottatt." })).toBeVisible();
  await staff.close();

  // 3. The case system imports the application with its answers and attachment, and decides.
  const imported = await caseSystemView(request, reference);
  expect(imported.answers).toMatchObject({ difficulties: "Å skifte bandasjen på beinet." });
  const attachment = imported.documents!.find((d) => d.filename === "epikrise.pdf")!;
  const bytes = await request.get(attachment.downloadUrl, { headers: api });
  expect((await bytes.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const reasoning = "Du trenger hjelp med sårstell, men ikke hver dag.";
  await postCaseEvent(request, reference, {
    type: "decided",
    outcomes: [{ service: "hjemmesykepleie", outcome: "partly_granted", description: "Du får sårstell tre dager i uka." }],
    reasoning,
    criteria: ["Behovet for sårstell", "Hva du klarer selv"],
  });

  // 4. The notice says only that there is news, and where to log in.
  const outbox = page.getByRole("row").filter({ hasText: margit.email! });
  await expect(async () => {
    await page.goto("/dev/utboks");
    await expect(outbox.first()).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  const notices = await outbox.allInnerTexts();
  expect(notices.join("\n")).toContain("Nytt i saken din hos Fjordvik kommune");
  expect(notices.join("\n")).not.toContain("sårstell");
  expect(notices.join("\n")).not.toContain(reference);

  // 5. Margit reads the decision and its reasoning …
  await page.goto("/min-side/soknader");
  await page.getByRole("listitem").filter({ hasText: reference }).getByRole("link").first().click();
  const decision = page.getByRole("region", { name: "Vedtaket" });
  await expect(decision).toContainText("Delvis innvilget");
  await expect(decision).toContainText("Du får sårstell tre dager i uka.");
  await expect(decision).toContainText(reasoning);
  await axe(page, "decision");

  // 6. … and appeals.
  await page.getByRole("region", { name: "Hva gjør jeg hvis jeg er uenig?" }).getByRole("link", { name: "Klag på vedtaket" }).click();
  await page.getByLabel("Hva er du uenig i?").fill("Jeg trenger sårstell hver dag.");
  await page.getByLabel("Hvorfor mener du vedtaket bør endres?").fill("Såret blir verre når bandasjen står i to dager.");
  await page.getByLabel("Jeg bekrefter at det jeg har skrevet, er riktig.").check();
  await page.getByRole("button", { name: "Se over klagen" }).click();
  await page.getByRole("button", { name: "Send klagen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Klagen er sendt");

  // The case system sees the appeal, sent from the portal.
  const after = await caseSystemView(request, reference);
  expect(after.events.map((e) => e.type)).toEqual(["received", "decided", "appeal_received"]);
  expect(after.events.at(-1)).toMatchObject({ source: "portal", disagreement: "Jeg trenger sårstell hver dag." });
});
