import { expect, test } from "@playwright/test";
import { syntheticPersons } from "../../db/seed/persons";
import { axe, languages, loginAsEmployee, registerApplication } from "./support";

// Who has a case (/saksbehandler/saker/:id, "Hvem har saken"): Kari takes a case nobody has, finds
// it under "Tildelt meg" in the list with her name in the caseworker column, and lets it go again.
// Plain form posts, so the whole journey runs without JavaScript; axe checks the pages with it.

// Each test takes a case of its own, registered for Bjørn through the case-system API: opening a
// case is in its resident's innsynslogg, which applications.spec reads for the demo cases.
const bjorn = syntheticPersons.find((p) => p.givenName === "Bjørn")!;

test("the filter, the caseworker column and the assignment section pass axe in nb, nn and en", async ({ page, request }) => {
  test.setTimeout(90_000);
  const reference = await registerApplication(request, { pid: bjorn.pid, services: ["trygghetsalarm"], label: "tildeling" });
  await loginAsEmployee(page, "Kari Nordmann – saksbehandler", "/saksbehandler");
  await page.goto(`/saksbehandler/saker?tildelt=ingen&sorter=frist&sok=${reference}`);
  const first = page.getByRole("table").getByRole("rowheader").first().getByRole("link", { name: reference });
  const href = (await first.getAttribute("href"))!;
  await first.click();
  const section = page.getByRole("region", { name: "Hvem har saken" });
  await section.getByRole("button", { name: "Tildel meg" }).click();
  await expect(section.getByRole("status")).toContainText("Saken er nå tildelt Kari Nordmann.");
  for (const lng of languages) {
    await page.goto(`/sprak?lng=${lng}&til=${encodeURIComponent(href)}`);
    await axe(page, `case page assigned to me (${lng})`);
    await page.goto(`/sprak?lng=${lng}&til=${encodeURIComponent("/saksbehandler/saker?tildelt=meg")}`);
    await axe(page, `list of my cases (${lng})`);
  }
  await page.goto(`/sprak?lng=nb&til=${encodeURIComponent(href)}`);
  await page.getByRole("region", { name: "Hvem har saken" }).getByRole("button", { name: "Fjern tildeling" }).click();
  await expect(page.getByRole("region", { name: "Hvem har saken" })).toContainText("Ingen har tatt denne saken ennå.");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Kari takes a case, finds it under 'Tildelt meg', and lets it go", async ({ page, request }) => {
    const reference = await registerApplication(request, { pid: bjorn.pid, services: ["trygghetsalarm"], label: "tildeling" });
    await loginAsEmployee(page, "Kari Nordmann – saksbehandler", "/saksbehandler");
    await page.goto("/saksbehandler/saker");
    await page.getByRole("combobox", { name: "Saksbehandler" }).selectOption({ label: "Uten saksbehandler" });
    await page.getByLabel("Søk på referanse eller navn").fill(reference);
    await page.getByRole("button", { name: "Vis saker" }).click();
    await expect(page).toHaveURL(/tildelt=ingen/);
    await page.getByRole("table").getByRole("rowheader").first().getByRole("link", { name: reference }).click();

    const section = page.getByRole("region", { name: "Hvem har saken" });
    await expect(section).toContainText("Ingen har tatt denne saken ennå.");
    await section.getByRole("button", { name: "Tildel meg" }).click();
    await expect(section.getByRole("status")).toContainText("Saken er nå tildelt Kari Nordmann.");
    await expect(section).toContainText("Du har denne saken.");

    await page.goto("/saksbehandler/saker?tildelt=meg");
    const row = page.getByRole("row", { name: new RegExp(reference) });
    await expect(row).toContainText("Kari Nordmann");

    await row.getByRole("link", { name: reference }).click();
    await page.getByRole("region", { name: "Hvem har saken" }).getByRole("button", { name: "Fjern tildeling" }).click();
    await expect(page.getByRole("region", { name: "Hvem har saken" }).getByRole("status")).toContainText("Ingen har saken nå.");
    await page.goto("/saksbehandler/saker?tildelt=meg");
    await expect(page.getByRole("row", { name: new RegExp(reference) })).toHaveCount(0);
  });
});
