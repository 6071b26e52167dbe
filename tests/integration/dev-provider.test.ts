// The local ID-porten / employee-login stand-ins (app/.server/auth/dev-provider.ts), driven end to
// end with openid-client v6 and a tiny cookie-jar fetch loop in place of a browser.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevProvider, devProviderEnabled, type DevProvider } from "~/.server/auth/dev-provider";
import { syntheticEmployees } from "../../db/seed/persons";
import { CookieJar } from "../support/http-client";

// ---------------------------------------------------------------------------------------------
// Test numbers, built at runtime from parts. Month + 80 is the synthetic range; the "real-range"
// number uses an ordinary month so the stand-in must refuse it. No 11-digit literal appears here.

function withCheckDigits(nine: string): string | null {
  const d = Array.from(nine, Number);
  const k1w = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const k2w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const mod = (sum: number) => {
    const k = 11 - (sum % 11);
    return k === 11 ? 0 : k;
  };
  const k1 = mod(k1w.reduce((s, w, i) => s + w * d[i], 0));
  if (k1 === 10) return null;
  const k2 = mod(k2w.reduce((s, w, i) => s + w * [...d, k1][i], 0));
  if (k2 === 10) return null;
  return `${nine}${k1}${k2}`;
}

function buildNumber(day: number, month: number, yy: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  for (let individ = 100; individ < 500; individ++) {
    const full = withCheckDigits(`${two(day)}${two(month)}${two(yy)}${individ}`);
    if (full) return full;
  }
  throw new Error("no valid number");
}

const SYNTHETIC_MONTH_OFFSET = 80;
const syntheticPid = buildNumber(14, 3 + SYNTHETIC_MONTH_OFFSET, 39);
const realRangePid = buildNumber(14, 3, 39);

// ---------------------------------------------------------------------------------------------
// A browser stand-in: path-aware cookie jar + manual redirect loop.

type Step = { url: URL; response: Response; html: string };

const REDIRECT_URI_PATH = "/auth/callback";
const POST_LOGOUT_PATH = "/logget-ut";

/** Follows redirects until a non-redirect response or a URL on the client (the RP) is reached. */
async function browse(jar: CookieJar, start: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Step> {
  let url = new URL(start);
  let method = init.method ?? "GET";
  let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (url.pathname === REDIRECT_URI_PATH || url.pathname === POST_LOGOUT_PATH) {
      return { url, response: new Response(null), html: "" };
    }
    const headers: Record<string, string> = {};
    const cookie = jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers.origin = url.origin;
    }
    const response = await fetch(url, { method, headers, body, redirect: "manual" });
    jar.store(response.headers.getSetCookie(), url);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      method = "GET";
      body = undefined;
      continue;
    }
    return { url, response, html: await response.text() };
  }
  throw new Error("too many redirects");
}

function decodeEntities(value: string) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function formAction(html: string, base: URL): URL {
  const match = /<form[^>]*\baction="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no form in page:\n${html}`);
  return new URL(decodeEntities(match[1]), base);
}

function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0];
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? "";
    if (name) out[name] = decodeEntities(value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

let server: http.Server;
let origin: string;
let idporten: DevProvider;
let employee: DevProvider;
let idportenConfig: client.Configuration;
let employeeConfig: client.Configuration;

const secret = "dev-secret-for-tests-only";
const redirectUri = () => `${origin}${REDIRECT_URI_PATH}`;
const postLogoutUri = () => `${origin}${POST_LOGOUT_PATH}`;

beforeAll(async () => {
  const app = express();
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clientFor = (clientId: string) => ({
    clientId,
    clientSecret: secret,
    redirectUris: [redirectUri()],
    postLogoutRedirectUris: [postLogoutUri()],
  });
  idporten = await createDevProvider({ kind: "idporten", issuer: `${origin}/dev-idporten`, client: clientFor("portal") });
  employee = await createDevProvider({ kind: "employee", issuer: `${origin}/dev-ansatt`, client: clientFor("portal-ansatt") });
  app.use(idporten.mountPath, idporten.handler);
  app.use(employee.mountPath, employee.handler);

  const discover = (issuer: string, clientId: string) =>
    client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(secret), {
      execute: [client.allowInsecureRequests],
    });
  idportenConfig = await discover(idporten.issuer, "portal");
  employeeConfig = await discover(employee.issuer, "portal-ansatt");
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function startLogin(config: client.Configuration, extra: Record<string, string> = {}) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(),
    scope: "openid profile",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url, codeVerifier, state, nonce };
}

describe("devProviderEnabled", () => {
  it("is on only in a demo without a configured issuer", () => {
    expect(devProviderEnabled({ PORTAL_ENV: "demo" }, false)).toBe(true);
    expect(devProviderEnabled({ PORTAL_ENV: "demo" }, true)).toBe(false);
    expect(devProviderEnabled({ PORTAL_ENV: "production" }, false)).toBe(false);
    expect(devProviderEnabled({ PORTAL_ENV: "production" }, true)).toBe(false);
  });
});

describe("ID-porten stand-in", () => {
  it("test numbers are built as intended", () => {
    expect(syntheticPid).toMatch(/^\d{11}$/);
    expect(Number(syntheticPid.slice(2, 4))).toBeGreaterThan(80);
    expect(Number(realRangePid.slice(2, 4))).toBeLessThanOrEqual(12);
  });

  it("publishes ID-porten-like metadata", () => {
    const meta = idportenConfig.serverMetadata();
    expect(meta.issuer).toBe(`${origin}/dev-idporten`);
    expect(meta.acr_values_supported).toEqual(["idporten-loa-substantial", "idporten-loa-high"]);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.end_session_endpoint).toBe(`${origin}/dev-idporten/session/end`);
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
  });

  it("logs in a synthetic person at the chosen level, with ID-porten's claims", async () => {
    const jar = new CookieJar();
    const login = await startLogin(idportenConfig, { acr_values: "idporten-loa-high", ui_locales: "nb" });
    const page = await browse(jar, login.url);

    expect(page.response.status).toBe(200);
    expect(page.url.pathname).toMatch(/^\/dev-idporten\/interaction\/[^/]+$/);
    const { html } = page;
    expect(html).toContain('<html lang="nb">');
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain("<main");
    expect(html).toContain("<h1>");
    expect(html).toContain("Testinnlogging – bare for utvikling og test");
    expect(html).toContain('<label for="pid">Fødselsnummer</label>');
    expect(html).toMatch(/<input type="text" id="pid" name="pid" inputmode="numeric" autocomplete="off"/);
    expect(html).toContain("<legend>Sikkerhetsnivå</legend>");
    // High was requested, so high is preselected.
    expect(html).toMatch(/id="acr-high" name="acr" value="idporten-loa-high" checked/);
    expect(html).not.toMatch(/value="idporten-loa-substantial" checked/);
    expect(html).toContain("Logg inn som Solveig Fjellstad (87 år, bor alene");
    expect(html).toContain(">Avbryt</button>");
    expect(html).not.toContain("<script");
    const action = formAction(html, page.url);
    expect(action.pathname).toBe(page.url.pathname);

    // The tester picks a lower level than requested; the RP must check acr itself.
    const done = await browse(jar, action, {
      method: "POST",
      form: { ...hiddenInputs(html), pid: syntheticPid, acr: "idporten-loa-substantial", action: "login" },
    });
    expect(done.url.pathname).toBe(REDIRECT_URI_PATH);
    expect(done.url.searchParams.get("iss")).toBe(idporten.issuer);

    const tokens = await client.authorizationCodeGrant(idportenConfig, done.url, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    expect(claims.pid).toBe(syntheticPid);
    expect(claims.acr).toBe("idporten-loa-substantial");
    expect(claims.amr).toEqual(["TestID"]);
    expect(typeof claims.sid).toBe("string");
    expect(claims.sub).not.toBe(syntheticPid);
    expect(claims.sub).not.toContain(syntheticPid);
    expect(claims.locale).toBe("nb");
    expect(typeof claims.auth_time).toBe("number");
    expect(claims.aud).toBe("portal");

    const userinfo = await client.fetchUserInfo(idportenConfig, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: claims.sub, pid: syntheticPid, locale: "nb" });
  });

  it("gives the same pseudonymous sub for the same person, and high when chosen", async () => {
    const subs: string[] = [];
    for (const acr of ["idporten-loa-high", "idporten-loa-high"]) {
      const jar = new CookieJar();
      const login = await startLogin(idportenConfig, { acr_values: "idporten-loa-substantial", ui_locales: "en" });
      const page = await browse(jar, login.url);
      expect(page.html).toContain('<html lang="en">');
      expect(page.html).toContain("Test login – for development and testing only");
      expect(page.html).toMatch(/value="idporten-loa-substantial" checked/);
      const done = await browse(jar, formAction(page.html, page.url), {
        method: "POST",
        form: { ...hiddenInputs(page.html), acr, person: pickPersonPid(page.html) },
      });
      const tokens = await client.authorizationCodeGrant(idportenConfig, done.url, {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
      });
      const claims = tokens.claims()!;
      expect(claims.acr).toBe("idporten-loa-high");
      expect(claims.pid).toBe(pickPersonPid(page.html));
      expect(claims.locale).toBe("en");
      subs.push(claims.sub);
    }
    expect(subs[0]).toBe(subs[1]);
  });

  it("refuses a real-range number and keeps what was typed", async () => {
    const jar = new CookieJar();
    const login = await startLogin(idportenConfig, { acr_values: "idporten-loa-substantial" });
    const page = await browse(jar, login.url);
    const action = formAction(page.html, page.url);

    const refused = await browse(jar, action, {
      method: "POST",
      form: { ...hiddenInputs(page.html), pid: realRangePid, acr: "idporten-loa-high", action: "login" },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.html).toContain(
      "Bruk et syntetisk fødselsnummer (måned + 80). Ekte fødselsnumre kan ikke brukes her.",
    );
    expect(refused.html).toContain('aria-invalid="true"');
    expect(refused.html).toContain('aria-describedby="pid-hint pid-error"');
    expect(refused.html).toContain('id="pid-error"');
    expect(refused.html).toContain('class="error-summary"');
    expect(refused.html).toContain(`value="${realRangePid}"`);
    // The chosen level is kept too.
    expect(refused.html).toMatch(/value="idporten-loa-high" checked/);

    const malformed = await browse(jar, action, {
      method: "POST",
      form: { ...hiddenInputs(page.html), pid: "12 3<b>", acr: "idporten-loa-high", action: "login" },
    });
    expect(malformed.response.status).toBe(400);
    expect(malformed.html).toContain("Fødselsnummeret må ha nøyaktig 11 siffer.");
    expect(malformed.html).toContain('value="12 3&lt;b&gt;"');
    expect(malformed.html).not.toContain("<b>");

    // The interaction is still usable after the errors.
    const done = await browse(jar, action, {
      method: "POST",
      form: { ...hiddenInputs(page.html), pid: syntheticPid, acr: "idporten-loa-substantial", action: "login" },
    });
    expect(done.url.pathname).toBe(REDIRECT_URI_PATH);
    expect(done.url.searchParams.get("code")).toBeTruthy();
  });

  it("returns error=access_denied to the client when the user presses Avbryt", async () => {
    const jar = new CookieJar();
    const login = await startLogin(idportenConfig);
    const page = await browse(jar, login.url);
    const done = await browse(jar, formAction(page.html, page.url), {
      method: "POST",
      form: { ...hiddenInputs(page.html), pid: "", action: "cancel" },
    });
    expect(done.url.pathname).toBe(REDIRECT_URI_PATH);
    expect(done.url.searchParams.get("error")).toBe("access_denied");
    expect(done.url.searchParams.get("state")).toBe(login.state);
    expect(done.url.searchParams.get("code")).toBeNull();
    await expect(
      client.authorizationCodeGrant(idportenConfig, done.url, {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: login.state,
      }),
    ).rejects.toMatchObject({ error: "access_denied" });
  });

  it("rejects a code redeemed with the wrong PKCE verifier", async () => {
    const jar = new CookieJar();
    const login = await startLogin(idportenConfig);
    const page = await browse(jar, login.url);
    const done = await browse(jar, formAction(page.html, page.url), {
      method: "POST",
      form: { ...hiddenInputs(page.html), pid: syntheticPid, acr: "idporten-loa-substantial", action: "login" },
    });
    await expect(
      client.authorizationCodeGrant(idportenConfig, done.url, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: login.state,
        expectedNonce: login.nonce,
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("refuses an authorization request without PKCE", async () => {
    const url = client.buildAuthorizationUrl(idportenConfig, {
      redirect_uri: redirectUri(),
      scope: "openid",
      state: client.randomState(),
      nonce: client.randomNonce(),
    });
    const done = await browse(new CookieJar(), url);
    expect(done.url.pathname).toBe(REDIRECT_URI_PATH);
    expect(done.url.searchParams.get("error")).toBe("invalid_request");
  });

  it("logs out via the end_session_endpoint and returns to the post_logout_redirect_uri", async () => {
    const jar = new CookieJar();
    const login = await startLogin(idportenConfig, { ui_locales: "nn" });
    const page = await browse(jar, login.url);
    const done = await browse(jar, formAction(page.html, page.url), {
      method: "POST",
      form: { ...hiddenInputs(page.html), pid: syntheticPid, acr: "idporten-loa-high", action: "login" },
    });
    const tokens = await client.authorizationCodeGrant(idportenConfig, done.url, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
    });
    // No acr_values in this request: acr and amr are still in the ID token.
    expect(tokens.claims()).toMatchObject({ acr: "idporten-loa-high", amr: ["TestID"], locale: "nn", pid: syntheticPid });
    expect(page.html).toMatch(/value="idporten-loa-substantial" checked/);

    // SSO: a second login in the same browser goes straight back to the client.
    const again = await startLogin(idportenConfig);
    const sso = await browse(jar, again.url);
    expect(sso.url.pathname).toBe(REDIRECT_URI_PATH);
    expect(sso.url.searchParams.get("code")).toBeTruthy();

    const logoutState = client.randomState();
    const endSession = client.buildEndSessionUrl(idportenConfig, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: postLogoutUri(),
      state: logoutState,
      ui_locales: "nn",
    });
    const confirm = await browse(jar, endSession);
    expect(confirm.response.status).toBe(200);
    expect(confirm.html).toContain('<html lang="nn">');
    expect(confirm.html).toContain("Testinnlogging – berre for utvikling og test");
    expect(confirm.html).toMatch(/<button type="submit" name="logout" value="yes">Logg ut<\/button>/);
    expect(confirm.html).not.toContain("<script");
    const confirmAction = formAction(confirm.html, confirm.url);
    expect(confirmAction.pathname.startsWith("/dev-idporten/")).toBe(true);

    const out = await browse(jar, confirmAction, {
      method: "POST",
      form: { ...hiddenInputs(confirm.html), logout: "yes" },
    });
    expect(`${out.url.origin}${out.url.pathname}`).toBe(postLogoutUri());
    expect(out.url.searchParams.get("state")).toBe(logoutState);

    // The SSO session is gone: the next login shows the login page again.
    const after = await browse(jar, (await startLogin(idportenConfig)).url);
    expect(after.response.status).toBe(200);
    expect(after.html).toContain('<label for="pid">Fødselsnummer</label>');
  });

  it("renders its own plain error page", async () => {
    const response = await fetch(`${origin}/dev-idporten/auth?client_id=unknown&ui_locales=en`);
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Something went wrong");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("fonts.googleapis.com");
  });

  it("shows an expiry page for an unknown interaction", async () => {
    const response = await fetch(`${origin}/dev-idporten/interaction/nope`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Innloggingen er utløpt");
  });
});

function pickPersonPid(html: string): string {
  const match = /<button type="submit" name="person" value="(\d{11})">/.exec(html);
  if (!match) throw new Error("no person buttons");
  return match[1];
}

describe("employee stand-in", () => {
  it("logs in a test employee with name, roles and unit", async () => {
    const jar = new CookieJar();
    const login = await startLogin(employeeConfig);
    const page = await browse(jar, login.url);
    expect(page.response.status).toBe(200);
    expect(page.url.pathname).toMatch(/^\/dev-ansatt\/interaction\//);
    expect(page.html).toContain("Testinnlogging – bare for utvikling og test");
    expect(page.html).toContain(">Kari Nordmann – saksbehandler</button>");
    expect(page.html).toContain(">Sigrid Bergsland – saksbehandler og redaktør</button>");
    expect(page.html).toContain(">Avbryt</button>");
    expect(page.html).not.toContain("<script");

    const chosen = syntheticEmployees.find((e) => e.roles.length > 1) ?? syntheticEmployees[0];
    const done = await browse(jar, formAction(page.html, page.url), {
      method: "POST",
      form: { ...hiddenInputs(page.html), employee: chosen.subject },
    });
    expect(done.url.pathname).toBe(REDIRECT_URI_PATH);
    const tokens = await client.authorizationCodeGrant(employeeConfig, done.url, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(chosen.subject);
    expect(claims.name).toBe(chosen.name);
    expect(claims.roles).toEqual(chosen.roles);
    expect(claims.unit).toBe(chosen.unit);
    expect(typeof claims.sid).toBe("string");
    expect(claims.pid).toBeUndefined();
  });

  it("returns access_denied on Avbryt", async () => {
    const jar = new CookieJar();
    const login = await startLogin(employeeConfig, { ui_locales: "en" });
    const page = await browse(jar, login.url);
    expect(page.html).toContain(">Kari Nordmann – caseworker</button>");
    const done = await browse(jar, formAction(page.html, page.url), {
      method: "POST",
      form: { ...hiddenInputs(page.html), action: "cancel" },
    });
    expect(done.url.searchParams.get("error")).toBe("access_denied");
  });
});
