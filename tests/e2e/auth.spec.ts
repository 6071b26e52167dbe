import { expect, test, type Locator, type Page } from "@playwright/test";
import { syntheticPersons } from "../../db/seed/persons";
import { shortIdleURL } from "../playwright.config";
import { axe, languages } from "./support";

// Logging in and out through the local ID-porten and employee-login stand-ins, as a person does:
// the resident's journey, the caseworker's, idle expiry with its warning, keyboard only, and axe
// on every login-related page in nb, nn and en.
//
// The login rate limit (20 starts a minute per address, and every browser here is 127.0.0.1)
// is shared with the other spec files: this one starts seven logins on the main server, so each
// axe test logs in once and switches language with the `lng` cookie.

const person = (givenName: string) => {
  const found = syntheticPersons.find((p) => p.givenName === givenName);
  if (!found) throw new Error(`no synthetic person ${givenName}`);
  return found;
};
const masked = (pid: string) => `${pid.slice(0, 6)} *****`;

async function setLanguage(page: Page, lng: string, url: string) {
  await page.context().addCookies([{ name: "lng", value: lng, url }]);
}

/** At the stand-in: types the number in the field labelled "Fødselsnummer" and presses "Logg inn". */
async function loginAtStandIn(page: Page, pid: string) {
  await expect(page).toHaveURL(/\/dev-idporten\/interaction\//);
  await page.getByLabel("Fødselsnummer").fill(pid);
  await page.getByRole("button", { name: "Logg inn", exact: true }).click();
}

/** Presses Tab until `target` has focus (at most `max` times). */
async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("a resident logs in, updates contact details and logs out", async ({ page }) => {
  const bjorn = person("Bjørn");
  await page.goto("/min-side");
  await loginAtStandIn(page, bjorn.pid);

  // Back on the page asked for.
  await expect(page).toHaveURL(/\/min-side$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hei, ${bjorn.givenName}`);
  await expect(page.getByText(masked(bjorn.pid))).toBeVisible();
  await expect(page.locator("body")).not.toContainText(bjorn.pid);

  // An invalid e-mail: the error is shown and what was typed is kept.
  const email = page.getByLabel("E-post", { exact: true });
  await expect(email).toHaveValue(bjorn.email!);
  await email.fill("bjorn-at-example");
  await page.getByRole("button", { name: "Lagre kontaktinformasjonen" }).click();
  await expect(page.getByRole("alert")).toContainText("Skriv en gyldig e-postadresse");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveValue("bjorn-at-example");

  // A valid one is saved, and still there after a reload.
  await email.fill("bjorn.ny@example.no");
  await page.getByRole("button", { name: "Lagre kontaktinformasjonen" }).click();
  await expect(page.getByRole("status")).toContainText("Kontaktinformasjonen er lagret.");
  await page.reload();
  await expect(page.getByLabel("E-post", { exact: true })).toHaveValue("bjorn.ny@example.no");

  // Log out with the header's button; the stand-in asks for confirmation.
  await page.getByRole("banner").getByRole("button", { name: "Logg ut" }).click();
  await expect(page).toHaveURL(/\/dev-idporten\/session\/end/);
  await page.getByRole("button", { name: "Logg ut", exact: true }).click();
  await expect(page).toHaveURL(/\/logget-ut$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du er logget ut");

  // Min side now asks to log in again.
  await page.goto("/min-side");
  await expect(page).toHaveURL(/\/dev-idporten\/interaction\//);
  await expect(page.getByLabel("Fødselsnummer")).toBeVisible();
});

test("a caseworker logs in and sees the role", async ({ page }) => {
  await page.goto("/saksbehandler");
  await expect(page).toHaveURL(/\/dev-ansatt\/interaction\//);
  await page.getByRole("button", { name: "Kari Nordmann – saksbehandler" }).click();
  await expect(page).toHaveURL(/\/saksbehandler$/);
  await expect(page.getByText("Du er logget inn som Kari Nordmann (saksbehandler)")).toBeVisible();
  await expect(page.getByText("Roller: saksbehandler")).toBeVisible();
  // The employee login is not a resident login.
  await page.goto("/min-side");
  await expect(page).toHaveURL(/\/dev-idporten\/interaction\//);
});

test("logging in works with the keyboard alone", async ({ page }) => {
  const solveig = person("Solveig");
  await page.goto("/");
  const loginLink = page.getByRole("banner").getByRole("link", { name: "Logg inn" });
  await tabTo(page, loginLink);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dev-idporten\/interaction\//);
  const field = page.getByLabel("Fødselsnummer");
  await tabTo(page, field);
  await page.keyboard.type(solveig.pid);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/min-side$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hei, ${solveig.givenName}`);
});

test("a link inside the portal after logging out in another tab leads to ID-porten, not to a missing page", async ({ page, context }) => {
  const ingrid = person("Ingrid");
  await page.goto("/min-side");
  await loginAtStandIn(page, ingrid.pid);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hei, ${ingrid.givenName}`);
  await page.waitForLoadState("networkidle");

  // Logged out in a second tab: the session cookie is gone from the browser.
  const other = await context.newPage();
  await other.goto("/min-side");
  await other.getByRole("banner").getByRole("button", { name: "Logg ut" }).click();
  await other.getByRole("button", { name: "Logg ut", exact: true }).click();
  await expect(other).toHaveURL(/\/logget-ut$/);
  await other.close();

  // Back in the first tab, a client-side link to a page that needs login goes to ID-porten.
  await page.getByRole("link", { name: "Søk om tjenester" }).click();
  await loginAtStandIn(page, ingrid.pid);
  await expect(page).toHaveURL(/\/min-side\/soknader\/ny$/);
});

test.describe("idle sessions (server with 8 idle seconds)", () => {
  test("an idle session ends, and the resident is told why", async ({ page }) => {
    const ingrid = person("Ingrid");
    await page.goto(`${shortIdleURL}/min-side`);
    await loginAtStandIn(page, ingrid.pid);
    await expect(page).toHaveURL(`${shortIdleURL}/min-side`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hei, ${ingrid.givenName}`);

    // The page reloads itself when the time is up and lands on the explanation.
    await expect(page).toHaveURL(/\/logg-inn\?returnTo=%2Fmin-side&utlopt=1$/, { timeout: 15_000 });
    await page.goto(`${shortIdleURL}/min-side`);
    await expect(page).toHaveURL(/utlopt=1/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du er logget ut");
    await expect(page.getByText("Du ble logget ut fordi du ikke har gjort noe på en stund")).toBeVisible();
  });

  test("the idle warning appears, and 'Fortsett å være innlogget' keeps the session", async ({ page }) => {
    const randi = person("Randi");
    await page.goto(`${shortIdleURL}/min-side`);
    await loginAtStandIn(page, randi.pid);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hei, ${randi.givenName}`);
    const landed = Date.now();

    // It warns in the last two minutes: on this server, at once.
    const dialog = page.getByRole("dialog", { name: "Du blir snart logget ut" });
    await expect(dialog).toBeVisible();
    await page.waitForTimeout(Math.max(0, 4_000 - (Date.now() - landed)));
    // (Remix's fetcher posts to /sesjon.data with single fetch.)
    const kept = page.waitForResponse((r) => /^\/sesjon(\.data)?$/.test(new URL(r.url()).pathname) && r.request().method() === "POST");
    await dialog.getByRole("button", { name: "Fortsett å være innlogget" }).click();
    expect((await kept).status()).toBe(200);

    // Past the first 8 seconds, the session is still there.
    await page.waitForTimeout(Math.max(0, 9_500 - (Date.now() - landed)));
    await page.goto(`${shortIdleURL}/min-side`);
    await expect(page).toHaveURL(`${shortIdleURL}/min-side`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hei, ${randi.givenName}`);
  });
});

test.describe("accessibility (axe, WCAG 2.1 A and AA) in nb, nn and en", () => {
  test("the stand-in's login page, Min side (also with errors), logging out", async ({ page, baseURL }) => {
    test.setTimeout(60_000);
    const liv = person("Liv");
    await page.goto("/min-side");
    await expect(page).toHaveURL(/\/dev-idporten\/interaction\//);
    const interaction = page.url().split("?")[0];
    for (const lng of languages) {
      await page.goto(`${interaction}?lang=${lng}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await axe(page, `stand-in login (${lng})`);
    }
    // Errors on the stand-in's form.
    await page.goto(`${interaction}?lang=nb`);
    await page.getByLabel("Fødselsnummer").fill("123");
    await page.getByRole("button", { name: "Logg inn", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("11 siffer");
    await axe(page, "stand-in login with an error");
    await loginAtStandIn(page, liv.pid);
    await expect(page).toHaveURL(/\/min-side$/);

    for (const lng of languages) {
      await setLanguage(page, lng, baseURL!);
      await page.goto("/min-side");
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(liv.givenName);
      await axe(page, `/min-side (${lng})`);
      const email = page.locator("#email");
      await email.fill("not-an-address");
      await email.press("Enter");
      await expect(email).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByRole("alert")).toBeVisible();
      await axe(page, `/min-side with errors (${lng})`);
    }

    // The stand-in's logout confirmation, then the logged-out page.
    await setLanguage(page, "nb", baseURL!);
    await page.goto("/min-side");
    await page.getByRole("banner").getByRole("button", { name: "Logg ut" }).click();
    await expect(page).toHaveURL(/\/dev-idporten\/session\/end/);
    await axe(page, "stand-in logout confirmation");
    await page.getByRole("button", { name: "Logg ut", exact: true }).click();
    await expect(page).toHaveURL(/\/logget-ut$/);
  });

  test("/logget-ut, /logg-inn?utlopt=1 and a login problem page", async ({ page, baseURL }) => {
    for (const lng of languages) {
      await setLanguage(page, lng, baseURL!);
      for (const path of ["/logget-ut", "/logg-inn?utlopt=1"]) {
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", lng);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await axe(page, `${path} (${lng})`);
      }
      // The redirect URI without the login's cookie: a problem page.
      const response = await page.goto("/logg-inn/tilbake");
      expect(response?.status()).toBe(400);
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await expect(page.getByRole("alert")).toBeVisible();
      await axe(page, `/logg-inn/tilbake (${lng})`);
    }
  });

  test("the employee stand-in and /saksbehandler", async ({ page, baseURL }) => {
    test.setTimeout(60_000);
    await page.goto("/saksbehandler");
    await expect(page).toHaveURL(/\/dev-ansatt\/interaction\//);
    const interaction = page.url().split("?")[0];
    for (const lng of languages) {
      await page.goto(`${interaction}?lang=${lng}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await axe(page, `employee stand-in (${lng})`);
    }
    await page.getByRole("button", { name: /^Sigrid Bergsland/ }).click();
    await expect(page).toHaveURL(/\/saksbehandler$/);
    for (const lng of languages) {
      await setLanguage(page, lng, baseURL!);
      await page.goto("/saksbehandler");
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await expect(page.getByText("Sigrid Bergsland").first()).toBeVisible();
      await axe(page, `/saksbehandler (${lng})`);
    }
  });
});
