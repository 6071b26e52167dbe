import { expect, test } from "@playwright/test";

test.describe("a resident finds a service", () => {
  test("from the front page to a service and its related services", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveTitle(/Helse og omsorg – Fjordvik kommune/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Helse og omsorg i Fjordvik kommune");
    const popular = page.getByRole("region", { name: "Mest brukte tjenester" });
    await popular.getByRole("link", { name: "Hjemmesykepleie" }).click();
    await expect(page).toHaveURL(/\/tjenester\/hjemmesykepleie$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hjemmesykepleie");
    for (const heading of ["Hva er tjenesten?", "Hvem kan få tjenesten?", "Slik søker du", "Hva koster det?", "Lovgrunnlag"]) {
      await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
    }
    await expect(page.getByRole("complementary")).toContainText("Tildelingskontoret");
    const related = page.getByRole("region", { name: "Andre tjenester som kan passe" });
    await related.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/tjenester\/[a-z-]+$/);
    await expect(page).not.toHaveURL(/hjemmesykepleie$/);
  });

  test("browses the catalogue grouped by area and filters by area and level", async ({ page }) => {
    await page.goto("/tjenester");
    await expect(page.getByRole("heading", { level: 2, name: /\d+ tjenester/ })).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: "Hjelp hjemme" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: "For pårørende" })).toBeVisible();

    await page.getByLabel("Område").selectOption({ label: "For pårørende" });
    await page.getByRole("button", { name: "Søk" }).click();
    await expect(page).toHaveURL(/kategori=parorende/);
    await expect(page.getByRole("link", { name: "Avlastning" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Hjemmesykepleie" })).toHaveCount(0);

    await page.getByLabel("Område").selectOption("");
    await page.getByLabel("Trinn").selectOption({ label: "Trinn 5: Institusjon" });
    await page.getByRole("button", { name: "Søk" }).click();
    await expect(page).toHaveURL(/niva=5/);
    await expect(page.getByRole("link", { name: "Korttidsopphold" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Middagslevering" })).toHaveCount(0);
  });

  const searches: [string, RegExp][] = [
    ["hjemmesykepleie", /^Hjemmesykepleie$/],
    ["hjemmesykeplei", /^Hjemmesykepleie$/],
    ["sjukeheim", /sykehjem/i],
  ];
  for (const [query, firstResult] of searches) {
    test(`searches for «${query}»`, async ({ page }) => {
      await page.goto("/");
      await page.getByLabel("Hva trenger du hjelp til?").fill(query);
      await page.getByLabel("Hva trenger du hjelp til?").press("Enter");
      await expect(page).toHaveURL(new RegExp(`/tjenester\\?q=${query}`));
      await expect(page.getByRole("heading", { level: 2, name: new RegExp(`\\d+ treff for «${query}»`) })).toBeVisible();
      const results = page.getByRole("region", { name: /treff/ }).getByRole("listitem");
      await expect(results.first().getByRole("heading")).toHaveText(firstResult);
    });
  }

  test("gets help when nothing matches", async ({ page }) => {
    await page.goto("/tjenester?q=xqzvxqzv");
    await expect(page.getByRole("heading", { name: "0 treff for «xqzvxqzv»" })).toBeVisible();
    await expect(page.getByText("Vi fant ingen tjenester som passer til «xqzvxqzv».")).toBeVisible();
    await expect(page.getByRole("link", { name: "Se alle tjenestene sortert etter område" })).toBeVisible();
  });
});

test.describe("languages", () => {
  test("switches to nynorsk and English and remembers the choice", async ({ page }) => {
    await page.goto("/tjenester/hjemmesykepleie");
    await page.getByRole("link", { name: "Nynorsk" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "nn");
    await expect(page).toHaveURL(/\/tjenester\/hjemmesykepleie$/);
    await expect(page.getByRole("heading", { level: 2, name: "Kva er tenesta?" })).toBeVisible();
    await page.getByRole("link", { name: "Tenester", exact: true }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tenester");

    await page.getByRole("link", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Services");
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Health and care in Fjordvik kommune");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("searches, filters and switches language", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Hva trenger du hjelp til?").fill("hjemmehjelp");
    await page.getByRole("button", { name: "Søk" }).click();
    await expect(page).toHaveURL(/\/tjenester\?q=hjemmehjelp/);
    await expect(page.getByRole("link", { name: /Praktisk bistand/ })).toBeVisible();
    await page.getByLabel("Område").selectOption({ label: "Hjelp hjemme" });
    await page.getByRole("button", { name: "Søk" }).click();
    await expect(page).toHaveURL(/kategori=hjemme/);
    await page.getByRole("link", { name: "Nynorsk" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "nn");
    await expect(page).toHaveURL(/q=hjemmehjelp/);
  });
});

test.describe("keyboard", () => {
  test("the skip link moves focus to the main content, and focus is visible", async ({ page }) => {
    await page.goto("/tjenester");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Hopp til hovedinnholdet" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#hovedinnhold$/);
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    await expect(focused).toHaveAttribute("id", "tjenester-sok");
    const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle + getComputedStyle(el).boxShadow);
    expect(outline).not.toBe("nonenone");
  });

  test("works at 320 px wide without horizontal scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 800 });
    for (const path of ["/", "/tjenester", "/tjenester/hjemmesykepleie"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});
