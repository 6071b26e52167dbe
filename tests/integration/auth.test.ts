// Login, sessions and logout against the production build, driven over HTTP the way a browser
// would (tests/support/http-client.ts), trying to break each security rule of the login:
// state, replay, level of assurance, open redirects, session fixation, CSRF, other residents'
// data, idle expiry, front-channel logout, no fødselsnummer in logs or cookies, separate
// employee login, no stand-in in production, and the login rate limit.
//
// Needs the production build (`npx remix vite:build`; npm test builds it first).
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devProviderEnabled } from "~/.server/auth/dev-provider";
import { getPersonRegister, syntheticRegister } from "~/.server/auth/people";
import { parseEnv } from "~/.server/env";
import { maskFodselsnummer } from "~/utils/fodselsnummer";
import { syntheticPersons } from "../../db/seed/persons";
import {
  type Browser,
  employeeCookie,
  hiddenInputs,
  inputValue,
  loginEmployee,
  loginResident,
  type PortalServer,
  reachResidentCallback,
  residentCookie,
  runPortalUntilExit,
  seenSetCookies,
  startPortal,
  textOf,
} from "../support/http-client";

const person = (givenName: string) => {
  const found = syntheticPersons.find((p) => p.givenName === givenName);
  if (!found) throw new Error(`no synthetic person ${givenName}`);
  return found;
};
const solveig = person("Solveig");
const arne = person("Arne");
const ingrid = person("Ingrid");
const bjorn = person("Bjørn");
const randi = person("Randi");
const torbjorn = person("Torbjørn");
const liv = person("Liv");
const hakon = person("Håkon");

let main: PortalServer;
let idle: PortalServer;
let down: PortalServer;
const idleSeconds = 5;

beforeAll(async () => {
  const started = await Promise.allSettled([
    startPortal(),
    startPortal({ SESSION_IDLE_SECONDS: String(idleSeconds) }),
    // https, so the portal really tries to reach it (an http issuer is refused before any request).
    startPortal({ IDPORTEN_ISSUER: "https://127.0.0.1:1/nothing", IDPORTEN_CLIENT_ID: "x", IDPORTEN_CLIENT_SECRET: "y" }),
  ]);
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    // Never leave the others running.
    await Promise.all(started.map((s) => (s.status === "fulfilled" ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  [main, idle, down] = started.map((s) => (s as PromiseFulfilledResult<PortalServer>).value);
  // Three servers migrate their databases at once: on a busy machine that takes a while.
}, 120_000);

afterAll(async () => {
  await Promise.all([main, idle, down].map((s) => s?.stop()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const url = (server: PortalServer, p: string) => new URL(p, server.base);

/** The session cookie's value in a Set-Cookie list, if one with a value was set. */
function setsSession(setCookies: string[], name = residentCookie) {
  return setCookies.find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
}

function csrfOf(html: string) {
  const token = hiddenInputs(html).csrf;
  if (!token) throw new Error("no csrf field on the page");
  return token;
}

async function loggedIn(server: PortalServer, pid: string, acr = "idporten-loa-high") {
  const browser = server.browser();
  const login = await loginResident(browser, server.base, { pid, acr });
  expect(login.final.status, login.final.html.slice(0, 500)).toBe(200);
  expect(login.final.url.pathname).toBe("/min-side");
  return { browser, html: login.final.html, login };
}

async function minSide(browser: Browser, server: PortalServer, cookie?: string) {
  return browser.request(url(server, "/min-side"), cookie === undefined ? {} : { cookie });
}

describe("resident login (ID-porten stand-in)", () => {
  it("1. /min-side → /logg-inn → stand-in → /logg-inn/tilbake → /min-side, with only the masked number", async () => {
    const browser = main.browser();
    const first = await browser.request(url(main, "/min-side"));
    expect(first.status).toBe(302);
    expect(first.location).toBe("/logg-inn?returnTo=%2Fmin-side");

    const login = await loginResident(browser, main.base, { pid: solveig.pid, acr: "idporten-loa-high" });
    expect(login.loginPage?.url.pathname).toMatch(/^\/dev-idporten\/interaction\//);
    expect(login.callbackUrl.pathname).toBe("/logg-inn/tilbake");
    expect(login.callbackUrl.searchParams.get("code")).toBeTruthy();
    expect(login.callback.status).toBe(302);
    expect(login.callback.location).toBe("/min-side");
    expect(login.callback.header("cache-control")).toMatch(/no-store/);

    const session = setsSession(login.callback.setCookies);
    expect(session).toBeDefined();
    expect(session).toMatch(/; Path=\//);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    // The one-time login attempt cookie is cleared.
    expect(login.callback.setCookies.some((c) => /^portal-innlogging=;.*Max-Age=0/.test(c))).toBe(true);

    expect(login.final.status).toBe(200);
    expect(login.final.url.pathname).toBe("/min-side");
    const text = textOf(login.final.html);
    expect(text).toContain(`Hei, ${solveig.givenName}`);
    expect(maskFodselsnummer(solveig.pid)).toBe(`${solveig.pid.slice(0, 6)} *****`);
    expect(text).toContain(maskFodselsnummer(solveig.pid));
    expect(login.final.html).not.toContain(solveig.pid);
    expect(login.final.html).not.toContain(solveig.pid.slice(6));
    // Personal data: never kept in the browser's cache (Back after logging out) or a shared one.
    expect(login.final.header("cache-control")).toMatch(/no-store/);
    expect(login.final.header("cache-control")).toMatch(/private/);
  });

  it("2. a tampered state is refused with a Norwegian explanation and a retry link, and no session", async () => {
    const browser = main.browser();
    const { callbackUrl } = await reachResidentCallback(browser, main.base, { pid: ingrid.pid });
    const state = callbackUrl.searchParams.get("state")!;
    expect(state).toBeTruthy();
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set("state", `${state.slice(0, -2)}xy`);

    const reply = await browser.request(tampered);
    expect(reply.status).toBe(400);
    const text = textOf(reply.html);
    expect(text).toContain("Innloggingen ble ikke fullført");
    expect(text).toContain("Vi kunne ikke bekrefte at innloggingen kom fra deg");
    expect(reply.html).toMatch(/<a[^>]*href="\/logg-inn\?returnTo=%2Fmin-side"[^>]*>Prøv igjen<\/a>/);
    expect(setsSession(reply.setCookies)).toBeUndefined();
    expect(browser.jar.get(residentCookie)).toBeUndefined();

    // The attempt is spent: the genuine callback cannot be used afterwards either.
    const genuine = await browser.request(callbackUrl);
    expect(genuine.status).toBe(400);
    expect(setsSession(genuine.setCookies)).toBeUndefined();
    expect((await minSide(browser, main)).status).toBe(302);
  });

  it("3. a replayed callback is refused with a clear page and starts no session", async () => {
    const browser = main.browser();
    const { callbackUrl } = await reachResidentCallback(browser, main.base, { pid: bjorn.pid });
    const attemptCookie = browser.jar.get("portal-innlogging")!;
    expect(attemptCookie).toBeTruthy();
    const first = await browser.request(callbackUrl);
    expect(first.status).toBe(302);
    const sessionToken = browser.jar.get(residentCookie);
    expect(sessionToken).toBeTruthy();

    // The same browser reloads the callback.
    const again = await browser.request(callbackUrl);
    expect(again.status).toBe(400);
    expect(textOf(again.html)).toContain("Innloggingen tok for lang tid, eller siden ble lastet inn på nytt. Prøv igjen.");
    expect(again.html).toContain(">Prøv igjen</a>");
    expect(setsSession(again.setCookies)).toBeUndefined();
    expect(browser.jar.get(residentCookie)).toBe(sessionToken);

    // Someone else replays the whole request, attempt cookie included.
    const thief = main.browser();
    const stolen = await thief.request(callbackUrl, { cookie: `portal-innlogging=${attemptCookie}` });
    expect(stolen.status).toBe(400);
    expect(setsSession(stolen.setCookies)).toBeUndefined();
    expect(stolen.html).not.toContain(bjorn.givenName);
  });

  it("4. a login at a lower level than asked for (acr) is refused with 403", async () => {
    const browser = main.browser();
    const start = "/logg-inn?niva=hoy&returnTo=/min-side";
    const { loginPage, callbackUrl } = await reachResidentCallback(browser, main.base, {
      start,
      pid: randi.pid,
      acr: "idporten-loa-substantial",
    });
    // The stand-in was asked for high and offers it first.
    expect(loginPage?.html).toMatch(/value="idporten-loa-high" checked/);
    const reply = await browser.request(callbackUrl);
    expect(reply.status).toBe(403);
    expect(textOf(reply.html)).toContain("Denne siden krever høyere sikkerhetsnivå");
    expect(reply.html).toContain(">Prøv igjen</a>");
    expect(setsSession(reply.setCookies)).toBeUndefined();
    expect((await minSide(browser, main)).status).toBe(302);
  });

  it("5. pressing Avbryt at the stand-in gives 'Du avbrøt innloggingen'", async () => {
    const browser = main.browser();
    const login = await loginResident(browser, main.base, { action: "cancel" });
    expect(login.callbackUrl.searchParams.get("error")).toBe("access_denied");
    expect(login.callback.status).toBe(400);
    expect(textOf(login.callback.html)).toContain("Du avbrøt innloggingen");
    expect(setsSession(login.callback.setCookies)).toBeUndefined();
  });

  it("6. an identity provider that does not answer gives 503 and login.discovery_failed in the log", async () => {
    const browser = down.browser();
    const reply = await browser.request(url(down, "/logg-inn?returnTo=%2Fmin-side"));
    expect(reply.status).toBe(503);
    expect(textOf(reply.html)).toContain("Innloggingen svarer ikke akkurat nå");
    expect(reply.html).toContain('href="/logg-inn?returnTo=%2Fmin-side"');
    await sleep(100);
    const failed = down.logs().filter((l) => l.event === "login.discovery_failed" && l.kind === "resident");
    expect(failed.length).toBeGreaterThan(0);
    // A network failure, not a refused configuration.
    expect(failed[0].errorCode).not.toBe("OAUTH_HTTP_REQUEST_FORBIDDEN");
    // Never a fallback to the local stand-in for a configured resident issuer.
    expect((await browser.request(url(down, "/dev-idporten/.well-known/openid-configuration"))).status).toBe(404);
  });

  it("7. returnTo can never send the resident off-site", async () => {
    const browser = main.browser();
    const targets = [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "http:/evil.example",
      "javascript:alert(1)",
    ];
    let first = true;
    for (const target of targets) {
      const start = `/logg-inn?returnTo=${encodeURIComponent(target)}`;
      const login = await loginResident(browser, main.base, { start, pid: first ? torbjorn.pid : undefined });
      first = false;
      expect(login.callback.status, target).toBe(302);
      expect(login.callback.location, target).toBe("/min-side");
      for (const hop of login.final.hops) expect(hop.host, target).toBe(new URL(main.base).host);
      expect(login.final.url.pathname).toBe("/min-side");
      expect(login.final.status).toBe(200);
    }
    // A path on this site is kept.
    const kept = await loginResident(browser, main.base, { start: `/logg-inn?returnTo=${encodeURIComponent("/tjenester?q=hjelp")}` });
    expect(kept.callback.location).toBe("/tjenester?q=hjelp");
  });

  it("8. a cookie planted before login is replaced, and a planted session of A stops working", async () => {
    // (a) Any value.
    const victim = main.browser();
    victim.jar.set(residentCookie, "planted-by-someone-else");
    await loginResident(victim, main.base, { start: "/logg-inn?returnTo=%2Fmin-side", pid: ingrid.pid });
    const token = victim.jar.get(residentCookie);
    expect(token).toBeTruthy();
    expect(token).not.toBe("planted-by-someone-else");
    expect((await minSide(victim, main)).status).toBe(200);

    // (b) A valid session of resident A, planted in B's browser.
    const a = await loggedIn(main, arne.pid);
    const tokenA = a.browser.jar.get(residentCookie)!;
    const b = main.browser();
    b.jar.set(residentCookie, tokenA);
    const loginB = await loginResident(b, main.base, { start: "/logg-inn?returnTo=%2Fmin-side", pid: randi.pid });
    expect(textOf(loginB.final.html)).toContain(`Hei, ${randi.givenName}`);
    const tokenB = b.jar.get(residentCookie);
    expect(tokenB).toBeTruthy();
    expect(tokenB).not.toBe(tokenA);

    // A's token opens nothing any more, least of all B's page.
    const withA = await minSide(a.browser, main);
    expect(withA.status).toBe(302);
    expect(withA.location).toBe("/logg-inn?returnTo=%2Fmin-side&utlopt=1");
    const fetched = await a.browser.browse(url(main, "/min-side"));
    expect(fetched.html).not.toContain(randi.familyName);
    expect(fetched.html).not.toContain(arne.familyName);
  });

  it("9. contact details change only with this session's CSRF token from this site", async () => {
    const { browser, html } = await loggedIn(main, liv.pid);
    const token = csrfOf(html);
    const other = await loggedIn(main, hakon.pid);
    const otherToken = csrfOf(other.html);
    expect(otherToken).not.toBe(token);
    const post = (form: Record<string, string>, origin?: string | null) =>
      browser.request(url(main, "/min-side"), { method: "POST", form, origin });
    const change = { email: "endret@example.no", mobile: "412 34 567" };

    const attempts: [string, Awaited<ReturnType<typeof post>>][] = [
      ["no token", await post(change)],
      ["empty token", await post({ ...change, csrf: "" })],
      ["wrong token", await post({ ...change, csrf: token.replace(/.$/, (c) => (c === "A" ? "B" : "A")) })],
      ["another session's token", await post({ ...change, csrf: otherToken })],
      ["cross-site origin", await post({ ...change, csrf: token }, "https://evil.example")],
      ["opaque origin", await post({ ...change, csrf: token }, "null")],
    ];
    for (const [label, reply] of attempts) expect(reply.status, label).toBe(403);
    expect(attempts[0][1].html).toContain("Skjemaet var utløpt eller ugyldig");
    expect(attempts[4][1].html).toContain("kom fra et annet nettsted");

    const unchanged = await minSide(browser, main);
    expect(inputValue(unchanged.html, "email")).toBe(liv.email);

    // Invalid input with the right token: 400, the error, and the typed value kept.
    const invalid = await post({ email: "ikke-en-epost", mobile: "", csrf: token });
    expect(invalid.status).toBe(400);
    expect(textOf(invalid.html)).toContain("Skriv en gyldig e-postadresse");
    expect(inputValue(invalid.html, "email")).toBe("ikke-en-epost");
    expect(inputValue((await minSide(browser, main)).html, "email")).toBe(liv.email);

    const saved = await post({ ...change, csrf: token });
    expect(saved.status).toBe(200);
    expect(textOf(saved.html)).toContain("Kontaktinformasjonen er lagret.");
    const after = await minSide(browser, main);
    expect(inputValue(after.html, "email")).toBe("endret@example.no");
    expect(inputValue(after.html, "mobile")).toBe("412 34 567");
    // The other resident's details are untouched.
    expect(inputValue((await minSide(other.browser, main)).html, "email")).toBe(hakon.email);
  });

  it("10. a resident never sees another resident's data, and logging out one leaves the other logged in", async () => {
    const a = await loggedIn(main, torbjorn.pid);
    const b = await loggedIn(main, arne.pid);
    const probes = [
      `/min-side?pid=${arne.pid}`,
      `/min-side?fnr=${arne.pid}`,
      `/min-side?id=${arne.pid}`,
      `/min-side?personId=${arne.pid}`,
      `/min-side?person=${arne.pid}&sub=${arne.pid}`,
      `/min-side/${arne.pid}`,
      `/min-side.data`,
      `/min-side.data?pid=${arne.pid}`,
      `/min-side?_data=routes%2Fmin-side&pid=${arne.pid}`,
    ];
    for (const probe of probes) {
      const reply = await a.browser.request(url(main, probe));
      expect(reply.html, probe).not.toContain(arne.givenName);
      expect(reply.html, probe).not.toContain(arne.familyName);
      expect(reply.html, probe).not.toContain(maskFodselsnummer(arne.pid));
    }
    // With no session at all, the data request reveals nothing either.
    const anonymous = await main.browser().request(url(main, "/min-side.data"));
    expect(anonymous.html).not.toContain(arne.familyName);
    expect(anonymous.html).not.toContain(torbjorn.familyName);

    const logout = await a.browser.request(url(main, "/logg-ut"), { method: "POST", form: { csrf: csrfOf(a.html) } });
    expect(logout.status).toBe(302);
    expect(logout.location).toMatch(/\/dev-idporten\/session\/end\?/);
    // The ID token (it holds the fødselsnummer) never goes into a URL.
    expect(logout.location).not.toContain("id_token_hint");
    expect(logout.setCookies.some((c) => c.startsWith(`${residentCookie}=;`) && /Max-Age=0/.test(c))).toBe(true);
    const afterLogout = await minSide(a.browser, main);
    expect(afterLogout.status).toBe(302);
    expect(afterLogout.location).toBe("/logg-inn?returnTo=%2Fmin-side");

    const stillB = await minSide(b.browser, main);
    expect(stillB.status).toBe(200);
    expect(textOf(stillB.html)).toContain(`Hei, ${arne.givenName}`);
  });
});

describe("idle sessions (SESSION_IDLE_SECONDS=5)", () => {
  it(
    "11. a session ends after the idle time and /min-side explains it; only a valid keep-alive extends it",
    async () => {
      const expiring = async () => {
        const { browser } = await loggedIn(idle, solveig.pid);
        await sleep(idleSeconds * 1000 + 1_500);
        const reply = await minSide(browser, idle);
        expect(reply.status).toBe(302);
        expect(reply.location).toBe("/logg-inn?returnTo=%2Fmin-side&utlopt=1");
        const page = await browser.browse(url(idle, reply.location!));
        expect(page.status).toBe(200);
        const text = textOf(page.html);
        expect(text).toContain("Du er logget ut");
        expect(text).toContain("Du ble logget ut fordi du ikke har gjort noe på en stund");
        expect(page.html).toContain('href="/logg-inn?returnTo=%2Fmin-side"');
        // The keep-alive cannot revive it.
        const revive = await browser.request(url(idle, "/sesjon"), { method: "POST", form: { kind: "resident", csrf: "x" } });
        expect(revive.status).toBe(401);
      };
      const keptAlive = async () => {
        const { browser, html } = await loggedIn(idle, bjorn.pid);
        await sleep(3_500);
        const stay = await browser.request(url(idle, "/sesjon"), { method: "POST", form: { kind: "resident", csrf: csrfOf(html) } });
        expect(stay.status).toBe(200);
        expect(JSON.parse(stay.html)).toMatchObject({ active: true });
        await sleep(3_000);
        expect((await minSide(browser, idle)).status).toBe(200);
      };
      const forgedKeepAlive = async () => {
        const { browser } = await loggedIn(idle, liv.pid);
        await sleep(3_500);
        const forged = await browser.request(url(idle, "/sesjon"), { method: "POST", form: { kind: "resident", csrf: "forged" } });
        expect(forged.status).toBe(403);
        await sleep(3_000);
        // A refused keep-alive must not have extended the session.
        const reply = await minSide(browser, idle);
        expect(reply.status).toBe(302);
        expect(reply.location).toContain("utlopt=1");
      };
      await Promise.all([expiring(), keptAlive(), forgedKeepAlive()]);
    },
    30_000,
  );
});

describe("front-channel logout", () => {
  it("12. ends the session named by the provider's sid; refuses a wrong iss; only that address may be framed", async () => {
    const issuer = `${main.base}/dev-idporten`;
    const first = await loggedIn(main, ingrid.pid);

    // The stand-in's logout confirmation (not confirmed here) tells the sid it put in the ID token.
    const confirm = await first.browser.request(url(main, "/dev-idporten/session/end?client_id=portal-innbygger"));
    expect(confirm.status).toBe(200);
    const sid = confirm.header("x-test-sid")!;
    expect(sid).toBeTruthy();
    expect((await minSide(first.browser, main)).status).toBe(200);

    const anyone = main.browser();
    const frontChannel = (params: Record<string, string>) =>
      anyone.request(url(main, `/logg-ut/frontkanal?${new URLSearchParams(params)}`));

    const wrongIss = await frontChannel({ iss: "https://idporten.example", sid });
    expect(wrongIss.status).toBe(400);
    expect((await frontChannel({ iss: issuer })).status).toBe(400);
    expect((await frontChannel({ sid })).status).toBe(400);
    expect((await minSide(first.browser, main)).status).toBe(200);

    // ID-porten's documentation shows the issuer with a trailing slash: accepted.
    const ok = await frontChannel({ iss: `${issuer}/`, sid });
    expect(ok.status).toBe(200);
    expect(ok.header("cache-control")).toBe("no-store");
    const csp = ok.header("content-security-policy")!;
    expect(csp).toMatch(new RegExp(`frame-ancestors ${new URL(main.base).origin.replace(/[.]/g, "\\.")}(;|$)`));
    expect(csp).not.toContain("frame-ancestors 'none'");
    expect(ok.header("x-frame-options")).toBeUndefined();

    const ended = await minSide(first.browser, main);
    expect(ended.status).toBe(302);
    expect(ended.location).toContain("utlopt=1");

    // Every other page may not be framed at all.
    for (const p of ["/", "/min-side", "/logg-inn?utlopt=1", "/logget-ut", "/logg-ut/frontkanal/x"]) {
      const reply = await anyone.request(url(main, p));
      expect(reply.header("content-security-policy"), p).toContain("frame-ancestors 'none'");
      expect(reply.header("x-frame-options"), p).toBe("DENY");
    }

    // With a real ID-porten configured, only ID-porten's login hosts may frame it.
    const real = await down.browser().request(url(down, "/logg-ut/frontkanal?iss=x&sid=y"));
    expect(real.header("content-security-policy")).toContain(
      "frame-ancestors https://login.idporten.no https://login.test.idporten.no;",
    );
    expect(real.header("x-frame-options")).toBeUndefined();
  });
});

describe("employee login", () => {
  it("14. the employee login opens /saksbehandler; neither cookie opens the other's pages", async () => {
    const employee = main.browser();
    const home = await loginEmployee(employee, main.base, "Kari Nordmann");
    expect(home.status).toBe(200);
    expect(home.url.pathname).toBe("/saksbehandler");
    const text = textOf(home.html);
    expect(text).toContain("Du er logget inn som Kari Nordmann");
    expect(text).toContain("Roller: saksbehandler");
    expect(home.header("cache-control")).toMatch(/no-store/);
    const employeeToken = employee.jar.get(employeeCookie)!;
    expect(employeeToken).toBeTruthy();
    expect(employee.jar.get(residentCookie)).toBeUndefined();

    // The employee cookie alone does not open /min-side.
    const asResident = await employee.request(url(main, "/min-side"));
    expect(asResident.status).toBe(302);
    expect(asResident.location).toBe("/logg-inn?returnTo=%2Fmin-side");

    // The resident cookie alone does not open /saksbehandler.
    const resident = await loggedIn(main, hakon.pid);
    const residentToken = resident.browser.jar.get(residentCookie)!;
    const asEmployee = await resident.browser.request(url(main, "/saksbehandler"));
    expect(asEmployee.status).toBe(302);
    expect(asEmployee.location).toBe("/saksbehandler/logg-inn?returnTo=%2Fsaksbehandler");

    // Nor does either token under the other cookie's name.
    const swapped1 = await main.browser().request(url(main, "/min-side"), { cookie: `${residentCookie}=${employeeToken}` });
    expect(swapped1.status).toBe(302);
    expect(swapped1.location).toContain("/logg-inn?");
    const swapped2 = await main.browser().request(url(main, "/saksbehandler"), { cookie: `${employeeCookie}=${residentToken}` });
    expect(swapped2.status).toBe(302);
    expect(swapped2.location).toContain("/saksbehandler/logg-inn?");
  });
});

describe("production never uses the local stand-ins", () => {
  const productionEnv = {
    PORTAL_ENV: "production",
    IDPORTEN_ISSUER: "https://127.0.0.1:1/idporten",
    IDPORTEN_CLIENT_ID: "portal",
    IDPORTEN_CLIENT_SECRET: "idporten-secret",
    EMPLOYEE_OIDC_ISSUER: "https://127.0.0.1:1/ansatt",
    EMPLOYEE_OIDC_CLIENT_ID: "portal-ansatt",
    EMPLOYEE_OIDC_CLIENT_SECRET: "employee-secret",
    SESSION_SECRET: "s".repeat(40),
    PID_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    PUBLIC_URL: "https://portal.example",
    DATABASE_URL: "postgres://user:pw@127.0.0.1:5432/db",
    SMTP_URL: "smtp://127.0.0.1:1",
    NOTIFY_FROM: "Fjordvik kommune <varsel@portal.example>",
    SMS_GATEWAY_URL: "https://127.0.0.1:1/sms",
    SMS_GATEWAY_TOKEN: "sms-token",
    NOTIFICATION_WORKER: "off",
    // The person register (Maskinporten, KRR, Folkeregisteret); not reached in these tests.
    MASKINPORTEN_ISSUER: "https://127.0.0.1:1/maskinporten/",
    MASKINPORTEN_CLIENT_ID: "portal-maskinporten",
    MASKINPORTEN_KEY: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    MASKINPORTEN_KID: "portal-key",
    KRR_URL: "https://127.0.0.1:1/krr",
    FREG_URL: "https://127.0.0.1:1/freg",
  };

  it("15a. parseEnv refuses production without issuers, naming both", () => {
    const { IDPORTEN_ISSUER: _a, EMPLOYEE_OIDC_ISSUER: _b, ...withoutIssuers } = productionEnv;
    expect(() => parseEnv(withoutIssuers)).toThrow(/IDPORTEN_ISSUER[\s\S]*EMPLOYEE_OIDC_ISSUER|EMPLOYEE_OIDC_ISSUER[\s\S]*IDPORTEN_ISSUER/);
    expect(() => parseEnv({ PORTAL_ENV: "production" })).toThrow(/IDPORTEN_ISSUER/);
    expect(() => parseEnv({ PORTAL_ENV: "production" })).toThrow(/EMPLOYEE_OIDC_ISSUER/);
    expect(() => parseEnv(productionEnv)).not.toThrow();
    expect(devProviderEnabled({ PORTAL_ENV: "production" }, false)).toBe(false);
    expect(devProviderEnabled({ PORTAL_ENV: "production" }, true)).toBe(false);
  });

  it("15d. production demands the real person register (Maskinporten, KRR, Folkeregisteret) over https", () => {
    const { MASKINPORTEN_ISSUER: _a, MASKINPORTEN_CLIENT_ID: _b, MASKINPORTEN_KEY: _c, KRR_URL: _d, FREG_URL: _e, ...withoutRegister } =
      productionEnv;
    for (const key of ["MASKINPORTEN_ISSUER", "MASKINPORTEN_CLIENT_ID", "MASKINPORTEN_KEY", "KRR_URL", "FREG_URL"])
      expect(() => parseEnv(withoutRegister)).toThrow(new RegExp(`${key}: is required when PORTAL_ENV=production`));
    expect(() => parseEnv({ ...productionEnv, KRR_URL: "http://krr.example" })).toThrow(/KRR_URL: must be https/);
    expect(() => parseEnv({ ...productionEnv, MASKINPORTEN_KEY: "-----BEGIN PRIVATE KEY-----" })).toThrow(/MASKINPORTEN_KEY/);
    // With them, real logins go to the registers, never to the synthetic one.
    expect(getPersonRegister(parseEnv(productionEnv))).not.toBe(syntheticRegister);
    expect(getPersonRegister(parseEnv({ PORTAL_ENV: "demo" }))).toBe(syntheticRegister);
  });

  it("15b. the server refuses to start in production without issuers", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-auth-prod-"));
    try {
      const { code, text } = await runPortalUntilExit({ PORTAL_ENV: "production", DATA_DIR: dataDir, DATABASE_URL: "" });
      expect(code).toBe(1);
      expect(text).toContain("Invalid environment");
      expect(text).toContain("IDPORTEN_ISSUER");
      expect(text).toContain("EMPLOYEE_OIDC_ISSUER");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  // Production demands PostgreSQL; the CI's PostgreSQL run (DATABASE_URL set) covers this.
  it.skipIf(!process.env.DATABASE_URL)(
    "15c. with every production setting the stand-ins' addresses are not served",
    async () => {
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      const name = `portal_auth_prod_${Date.now()}`;
      await admin.unsafe(`create database "${name}"`);
      const dbUrl = new URL(process.env.DATABASE_URL!);
      dbUrl.pathname = `/${name}`;
      let server: PortalServer | undefined;
      try {
        server = await startPortal((port) => ({
          ...productionEnv,
          PUBLIC_URL: `https://localhost:${port}`,
          DATABASE_URL: dbUrl.toString(),
          SEED_DEMO_DATA: "true",
        }));
        const browser = server.browser();
        const http = (p: string) => browser.request(new URL(p, `http://localhost:${server!.port}`));
        for (const p of [
          "/dev-idporten/.well-known/openid-configuration",
          "/dev-ansatt/.well-known/openid-configuration",
          "/dev-idporten/auth",
        ]) {
          expect((await http(p)).status, p).toBe(404);
        }
        // Login goes to the configured (here unreachable) provider, never to a stand-in.
        const login = await http("/logg-inn");
        expect(login.status).toBe(503);
        expect(login.location).toBeNull();
        expect(server.output()).not.toContain("login.local_test_provider");
      } finally {
        await server?.stop();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    },
    120_000,
  );
});

describe("rate limit", () => {
  it("16. more than 20 logins a minute from one address get 429 with a Norwegian message", async () => {
    const browser = main.browser();
    for (let i = 0; i < 20; i++) {
      const reply = await browser.request(url(main, "/logg-inn"));
      expect(reply.status, `attempt ${i + 1}`).toBe(302);
    }
    const limited = await browser.request(url(main, "/logg-inn"));
    expect(limited.status).toBe(429);
    expect(limited.html).toContain("For mange forsøk på kort tid");
    // Someone else, from another address, is not affected.
    expect((await main.browser().request(url(main, "/logg-inn"))).status).toBe(302);
    await sleep(100);
    expect(main.logs().some((l) => l.event === "request.rate_limited")).toBe(true);
  });

  it("16b. the return from the provider is counted apart: a started login is never refused on the way back", async () => {
    const browser = main.browser();
    for (let i = 0; i < 19; i++) expect((await browser.request(url(main, "/logg-inn"))).status).toBe(302);
    // The 20th start, completed: its callback is not the 21st attempt.
    const login = await loginResident(browser, main.base, { start: "/logg-inn?returnTo=%2Fmin-side", pid: solveig.pid });
    expect(login.final.status).toBe(200);
    expect((await browser.request(url(main, "/logg-inn"))).status).toBe(429);
    // Callbacks alone have their own limit.
    const junk = main.browser();
    for (let i = 0; i < 20; i++) expect((await junk.request(url(main, "/logg-inn/tilbake"))).status).toBe(400);
    expect((await junk.request(url(main, "/logg-inn/tilbake"))).status).toBe(429);
    expect((await junk.request(url(main, "/logg-inn"))).status).toBe(302);
  });
});

describe("no fødselsnummer leaks", () => {
  it("13. no log line and no cookie holds a fødselsnummer or an ID token", async () => {
    await sleep(200);
    const logs = [main.output(), idle.output(), down.output()].join("\n");
    expect(logs).toContain('"event":"login.succeeded"');
    const cookies = seenSetCookies.join("\n");
    expect(seenSetCookies.length).toBeGreaterThan(20);
    for (const p of syntheticPersons) {
      for (const form of [p.pid, Buffer.from(p.pid).toString("base64url"), `${p.pid.slice(0, 6)} ${p.pid.slice(6)}`]) {
        expect(logs, p.givenName).not.toContain(form);
        expect(cookies, p.givenName).not.toContain(form);
      }
      expect(logs).not.toContain(p.familyName);
    }
    // No JWT (ID tokens carry the pid) in a log line or a cookie.
    expect(logs).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+/);
    expect(cookies).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+/);
    // A number typed into an address is logged masked.
    expect(logs).toContain('"path":"/min-side/[11 siffer]"');
  });
});
