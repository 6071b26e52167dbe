import { expect, test } from "@playwright/test";
import { axe, languages } from "./support";

// axe (WCAG 2.1 A and AA) on every page, in every language, with zero violations.
const pages = [
  "/",
  "/tjenester",
  "/tjenester?q=hjemmehjelp",
  "/tjenester?q=xqzvxqzv",
  "/tjenester?q=" + "x".repeat(300),
  "/tjenester/hjemmesykepleie",
  "/tjenester/omsorgsstonad",
  "/tilgjengelighet",
  "/personvern",
  "/finnes-ikke",
];

for (const lng of languages) {
  test.describe(`axe in ${lng}`, () => {
    test.beforeEach(async ({ context, baseURL }) => {
      await context.addCookies([{ name: "lng", value: lng, url: baseURL! }]);
    });
    for (const path of pages) {
      test(`${path.slice(0, 40)}`, async ({ page }) => {
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", lng);
        await axe(page, `${path} (${lng})`);
      });
    }
  });
}
