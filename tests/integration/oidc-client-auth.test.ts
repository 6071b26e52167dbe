// The portal against an identity provider that is NOT its local stand-in: oidc-provider v9 run
// here as "ID-porten" over https (a throw-away certificate the portal trusts through
// NODE_EXTRA_CA_CERTS), with the portal registered as ID-porten registers clients today:
// token_endpoint_auth_method private_key_jwt and the client's public JWKS. The portal's person
// register is the production one, against the local Maskinporten/KRR/Folkeregisteret stand-ins.
//
// Proves, end to end through the production build (`npx remix vite:build`):
// - private_key_jwt: the authorization server verifies the portal's client assertion against the
//   registered public key (iss = sub = client_id, aud, client_id also in the body); a portal with
//   a key the server does not know gets no tokens and shows a clear page.
// - RP-initiated logout as ID-porten documents it: a POST (never a URL with the ID token) to the
//   end_session_endpoint with id_token_hint, post_logout_redirect_uri, client_id and state, which
//   the CSP lets the page submit; the provider's session ends and the browser comes back to
//   /logget-ut with the same state (then shown at the plain address).
// - The person register at login: the name and contact details from the registers, a reserved
//   resident, a first login while Folkeregisteret is down, a known resident while it is down,
//   and no fødselsnummer in any log line.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  CookieJar,
  formAction,
  hiddenInputs,
  inputValue,
  type PortalServer,
  type Reply,
  type RequestInit,
  residentCookie,
  startPortal,
  textOf,
} from "../support/http-client";
import { startRegisterMocks, syntheticPid, type RegisterMocks } from "../support/register-mocks";

const clientId = "portal-idporten-test";
const clientKid = "portal-2026-11";

function rsaJwks(kid: string) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateJwk: { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256" },
    publicJwk: { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" },
  };
}
const clientKeys = rsaJwks(clientKid);
// Same kid, another key: what a portal with a stale or wrong key would send.
const strangerKeys = rsaJwks(clientKid);

const maskinportenClient = "portal-maskinporten";
const maskinporten = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const maskinportenPem = maskinporten.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const anna = syntheticPid(14);
const reserved = syntheticPid(15);
const firstTimer = syntheticPid(16);
const everyone = [anna, reserved, firstTimer];

// ---------------------------------------------------------------------------------------------
// "ID-porten": oidc-provider over https, the portal as a private_key_jwt client

type TokenRequest = { body: Record<string, unknown>; status: number };

let tmp: string;
let certFile: string;
let idpServer: https.Server;
let issuer: string;
let provider: Provider;
let nextPid = anna;
const tokenRequests: TokenRequest[] = [];
const clientAuthErrors: string[] = [];
const pseudonyms = new Map<string, string>();

function makeCertificate(dir: string) {
  const key = path.join(dir, "idp-key.pem");
  const cert = path.join(dir, "idp-cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert,
  ], { stdio: "ignore" });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert), certFile: cert };
}

function createIdp(portalBases: string[]) {
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: "private_key_jwt",
        token_endpoint_auth_signing_alg: "RS256",
        jwks: { keys: [clientKeys.publicJwk as never] },
        redirect_uris: portalBases.map((b) => `${b}/logg-inn/tilbake`),
        post_logout_redirect_uris: portalBases.map((b) => `${b}/logget-ut`),
        grant_types: ["authorization_code"],
        response_types: ["code"],
        id_token_signed_response_alg: "RS256",
      },
    ],
    jwks: { keys: [{ ...rsaJwks("idp-signing").privateJwk, use: "sig" } as never] },
    // Like ID-porten, which recommends logout by POST: a cross-site POST carries the provider's
    // session cookie only when it is SameSite=None (oidc-provider insists on that for POST).
    enableHttpPostMethods: true,
    cookies: { keys: [crypto.randomBytes(32).toString("base64url")], long: { sameSite: "none", secure: true } },
    pkce: { required: () => true },
    acrValues: ["idporten-loa-substantial", "idporten-loa-high"],
    conformIdTokenClaims: false,
    claims: { openid: ["sub", "pid", "locale", "acr", "amr", "auth_time"], acr: null, amr: null, auth_time: null, sid: null },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      const accountId = oidc.session?.accountId;
      if (!oidc.client || !accountId) return undefined;
      const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId });
      grant.addOIDCScope([...oidc.requestParamScopes].join(" "));
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const pid = pseudonyms.get(sub);
      return pid ? { accountId: sub, claims: () => ({ sub, pid, locale: "nb" }) } : undefined;
    },
  };
  const idp = new Provider(issuer, configuration);
  // What reached the token endpoint, after oidc-provider parsed and judged it.
  idp.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (ctx.path === "/token" && ctx.method === "POST")
      tokenRequests.push({ body: { ...((ctx.oidc as { body?: Record<string, unknown> } | undefined)?.body ?? {}) }, status: ctx.status });
  });
  idp.on("grant.error", (_ctx, error: { error?: string }) => clientAuthErrors.push(String(error.error)));
  const callback = idp.callback();
  idpServer.on("request", async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const interaction = /^\/interaction\/([^/?]+)/.exec(req.url ?? "");
    if (!interaction) return callback(req, res);
    // The person at the keyboard "logs in with TestID" as nextPid, at the high level.
    await idp.interactionDetails(req, res);
    const sub = crypto.createHash("sha256").update(nextPid).digest("base64url");
    pseudonyms.set(sub, nextPid);
    await idp.interactionFinished(
      req,
      res,
      { login: { accountId: sub, acr: "idporten-loa-high", amr: ["TestID"] } },
      { mergeWithLastSubmission: false },
    );
  });
  return idp;
}

// ---------------------------------------------------------------------------------------------
// A browser for two sites: the portal (http, through http-client's Browser) and "ID-porten" (https)

function idpRequest(jar: CookieJar, target: URL, init: RequestInit = {}): Promise<Reply> {
  const method = init.method ?? (init.form ? "POST" : "GET");
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  const headers: Record<string, string> = { host: target.host, ...init.headers };
  const cookie = jar.header(target);
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    headers["content-length"] = String(Buffer.byteLength(body));
    // A form on the portal's page posts here: the browser sends the portal's origin.
    if (init.origin) headers.origin = init.origin;
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: "127.0.0.1", servername: "localhost", port: target.port, path: `${target.pathname}${target.search}`, method, headers, ca: fs.readFileSync(certFile) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const setCookies = res.headers["set-cookie"] ?? [];
          jar.store(setCookies, target);
          resolve({
            url: target,
            status: res.statusCode ?? 0,
            headers: res.headers,
            setCookies,
            location: typeof res.headers.location === "string" ? res.headers.location : null,
            html: Buffer.concat(chunks).toString("utf8"),
            header: (name) => {
              const v = res.headers[name.toLowerCase()];
              return Array.isArray(v) ? v.join(", ") : v;
            },
          });
        });
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

type Visitor = { portal: Browser; idpJar: CookieJar };

/** Requests `start` and follows redirects across both sites; returns the first non-redirect and the way there. */
async function visit(visitor: Visitor, start: URL, init: RequestInit = {}) {
  let url = start;
  let current = init;
  const hops: URL[] = [url];
  for (let hop = 0; hop < 20; hop++) {
    const reply = url.origin === issuer ? await idpRequest(visitor.idpJar, url, current) : await visitor.portal.request(url, current);
    if (reply.status >= 300 && reply.status < 400 && reply.location) {
      url = new URL(reply.location, url);
      hops.push(url);
      current = {};
      continue;
    }
    return { reply, hops };
  }
  throw new Error("too many redirects");
}

async function login(server: PortalServer, pid: string, visitor: Visitor = { portal: server.browser(), idpJar: new CookieJar() }) {
  nextPid = pid;
  const result = await visit(visitor, new URL("/min-side", server.base));
  return { ...result, visitor };
}

// ---------------------------------------------------------------------------------------------

let portal: PortalServer;
let stranger: PortalServer;
let mocks: RegisterMocks;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "portal-oidc-client-auth-"));
  const tls = makeCertificate(tmp);
  certFile = tls.certFile;
  idpServer = https.createServer({ key: tls.key, cert: tls.cert });
  await new Promise<void>((resolve) => idpServer.listen(0, "127.0.0.1", () => resolve()));
  issuer = `https://localhost:${(idpServer.address() as AddressInfo).port}`;

  mocks = await startRegisterMocks({ clientId: maskinportenClient, publicKey: maskinporten.publicKey, kid: "mp-1" });
  mocks.people.set(anna, {
    name: { fornavn: "Anna", etternavn: "Registersen" },
    krr: { reservasjon: "NEI", status: "AKTIV", epostadresse: "anna@eksempel.no", mobiltelefonnummer: "+4741234567" },
  });
  mocks.people.set(reserved, {
    name: { fornavn: "Rut", etternavn: "Reservert" },
    krr: { reservasjon: "JA", status: "AKTIV", epostadresse: "rut@eksempel.no", mobiltelefonnummer: "+4790000002" },
  });
  mocks.people.set(firstTimer, { name: { fornavn: "Frode", etternavn: "Førstegang" } });

  const env = (jwk: object) => ({
    IDPORTEN_ISSUER: issuer,
    IDPORTEN_CLIENT_ID: clientId,
    IDPORTEN_CLIENT_JWK: JSON.stringify(jwk),
    NODE_EXTRA_CA_CERTS: certFile,
    MASKINPORTEN_ISSUER: mocks.issuer,
    MASKINPORTEN_CLIENT_ID: maskinportenClient,
    MASKINPORTEN_KEY: maskinportenPem,
    MASKINPORTEN_KID: "mp-1",
    KRR_URL: mocks.krrUrl,
    FREG_URL: mocks.fregUrl,
    PERSON_REGISTER_TIMEOUT_MS: "2000",
    NOTIFICATION_WORKER: "off",
  });
  const started = await Promise.allSettled([startPortal(env(clientKeys.privateJwk)), startPortal(env(strangerKeys.privateJwk))]);
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(started.map((s) => (s.status === "fulfilled" ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  [portal, stranger] = started.map((s) => (s as PromiseFulfilledResult<PortalServer>).value);
  provider = createIdp([portal.base, stranger.base]);
}, 120_000);

afterAll(async () => {
  await Promise.all([portal?.stop(), stranger?.stop()]);
  await mocks?.stop();
  idpServer?.closeAllConnections();
  await new Promise<void>((resolve) => (idpServer ? idpServer.close(() => resolve()) : resolve()));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("private_key_jwt client authentication", () => {
  it("the server verifies the portal's signed client assertion and the resident lands on /min-side", async () => {
    const before = tokenRequests.length;
    const { reply, hops } = await login(portal, anna);
    expect(reply.status, hops.map(String).join("\n")).toBe(200);
    expect(reply.url.pathname).toBe("/min-side");
    // Through the real authorization endpoint with PKCE, state, nonce and the level asked for.
    const authorize = hops.find((u) => u.origin === issuer && u.pathname === "/auth")!;
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("acr_values")).toBe("idporten-loa-substantial");
    expect(authorize.searchParams.get("client_id")).toBe(clientId);

    const [request] = tokenRequests.slice(before);
    expect(request.status).toBe(200);
    expect(request.body.client_assertion_type).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    // ID-porten's stricter rule: client_id also as a form parameter.
    expect(request.body.client_id).toBe(clientId);
    const [header, claims] = String(request.body.client_assertion)
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: "RS256", kid: clientKid });
    expect(claims).toMatchObject({ iss: clientId, sub: clientId, aud: issuer });
    expect(typeof claims.jti).toBe("string");
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(120);
    // No client secret anywhere.
    expect(request.body.client_secret).toBeUndefined();

    // The name from Folkeregisteret, the contact details from KRR.
    expect(textOf(reply.html)).toContain("Hei, Anna");
    expect(inputValue(reply.html, "email")).toBe("anna@eksempel.no");
    expect(inputValue(reply.html, "mobile")).toBe("412 34 567");
  });

  it("a portal whose key the server does not know gets no tokens: a clear page, no session", async () => {
    const before = clientAuthErrors.length;
    const { reply, visitor } = await login(stranger, anna);
    expect(reply.url.pathname).toBe("/logg-inn/tilbake");
    expect(reply.status).toBe(502);
    expect(textOf(reply.html)).toContain("Noe gikk galt under innloggingen");
    expect(reply.html).toContain('href="/logg-inn?returnTo=%2Fmin-side"');
    expect(visitor.portal.jar.get(residentCookie)).toBeUndefined();
    expect(clientAuthErrors.slice(before)).toContain("invalid_client");
  });
});

describe("RP-initiated logout as ID-porten documents it", () => {
  it("POSTs id_token_hint, post_logout_redirect_uri, client_id and state to the end_session_endpoint; the provider's session ends", async () => {
    const { reply: minSide, visitor } = await login(portal, anna);
    expect(minSide.url.pathname).toBe("/min-side");
    // While the provider's session lives, a new login comes straight back (single sign-on).
    const sso = await visit(visitor, new URL("/logg-inn?returnTo=%2Fmin-side", portal.base));
    expect(sso.hops.some((u) => u.pathname.startsWith("/interaction/"))).toBe(false);
    expect(sso.reply.url.pathname).toBe("/min-side");

    const csrf = hiddenInputs(sso.reply.html).csrf;
    const out = await visitor.portal.request(new URL("/logg-ut", portal.base), { form: { csrf } });
    expect(out.status).toBe(200);
    // The local session is gone before the browser leaves.
    expect(visitor.portal.jar.get(residentCookie)).toBeUndefined();

    // A form that POSTs to the provider's end_session_endpoint, from its metadata.
    const metadata = JSON.parse((await idpRequest(new CookieJar(), new URL("/.well-known/openid-configuration", issuer))).html) as {
      end_session_endpoint: string;
    };
    const form = /<form id="idp-logout"[\s\S]*?<\/form>/.exec(out.html)?.[0] ?? "";
    const action = formAction(form, out.url);
    expect(action.href).toBe(metadata.end_session_endpoint);
    expect(form).toMatch(/<form[^>]*method="post"[^>]*action=/);
    const fields = hiddenInputs(form);
    expect(Object.keys(fields).sort()).toEqual(["client_id", "id_token_hint", "post_logout_redirect_uri", "state"]);
    expect(fields.client_id).toBe(clientId);
    expect(fields.post_logout_redirect_uri).toBe(`${portal.base}/logget-ut`);
    expect(fields.state).toMatch(/^[\x20-\x7E]{16,}$/);
    const hint = JSON.parse(Buffer.from(fields.id_token_hint.split(".")[1], "base64url").toString("utf8")) as Record<string, unknown>;
    expect(hint).toMatchObject({ iss: issuer, aud: clientId });
    // The ID token never travels in a URL.
    expect(out.location).toBeNull();
    // The page's CSP lets its form go to the provider.
    const formActionDirective = /form-action ([^;]+)/.exec(out.header("content-security-policy") ?? "")?.[1] ?? "";
    expect(formActionDirective.split(" ")).toContain(new URL(metadata.end_session_endpoint).origin);
    // With an ID-porten issuer configured, also ID-porten's own logout host (https://login.idporten.no/logout
    // while the issuer is https://idporten.no).
    expect(formActionDirective.split(" ")).toEqual(expect.arrayContaining(["https://login.idporten.no", "https://login.test.idporten.no"]));

    // The browser submits it (the provider's own cookie goes along), confirms, and comes back.
    const confirm = await idpRequest(visitor.idpJar, action, { form: fields, origin: portal.base });
    expect(confirm.status, `${action} ${confirm.html.slice(0, 600)}`).toBe(200);
    const confirmForm = formAction(confirm.html, confirm.url);
    const back = await visit(visitor, confirmForm, { form: { ...hiddenInputs(confirm.html), logout: "yes" } });
    // It comes back with the state it was given, and the page then drops it from the address.
    expect(back.hops.some((u) => u.pathname === "/logget-ut" && u.searchParams.get("state") === fields.state)).toBe(true);
    expect(back.reply.url.pathname).toBe("/logget-ut");
    expect(back.reply.url.search).toBe("");
    expect(back.reply.status).toBe(200);
    expect(textOf(back.reply.html)).toContain("Du er logget ut");

    // The provider's session is over: the next login asks who you are again.
    const again = await visit(visitor, new URL("/logg-inn?returnTo=%2Fmin-side", portal.base));
    expect(again.hops.some((u) => u.pathname.startsWith("/interaction/"))).toBe(true);
    expect(again.reply.url.pathname).toBe("/min-side");
  });
});

describe("the person register at login", () => {
  it("a resident reserved in KRR gets no contact details from it, and can enter their own", async () => {
    const { reply } = await login(portal, reserved);
    expect(reply.url.pathname).toBe("/min-side");
    expect(textOf(reply.html)).toContain("Hei, Rut");
    expect(inputValue(reply.html, "email")).toBe("");
    expect(inputValue(reply.html, "mobile")).toBe("");
  });

  it("Folkeregisteret down: a first login is refused with a page that says why; a known resident still gets in", async () => {
    mocks.mode.freg = "down";
    try {
      const first = await login(portal, firstTimer);
      expect(first.reply.url.pathname).toBe("/logg-inn/tilbake");
      expect(first.reply.status).toBe(503);
      expect(textOf(first.reply.html)).toContain("Vi får ikke kontakt med Folkeregisteret akkurat nå");
      expect(first.reply.html).toContain('href="/logg-inn?returnTo=%2Fmin-side"');
      expect(first.visitor.portal.jar.get(residentCookie)).toBeUndefined();

      const known = await login(portal, anna);
      expect(known.reply.url.pathname).toBe("/min-side");
      expect(textOf(known.reply.html)).toContain("Hei, Anna");
    } finally {
      mocks.mode.freg = "up";
    }
    const later = await login(portal, firstTimer);
    expect(textOf(later.reply.html)).toContain("Hei, Frode");
  });

  it("no log line holds a fødselsnummer; the register's failure is logged by service and status", async () => {
    await new Promise((r) => setTimeout(r, 100));
    const output = [portal.output(), stranger.output()].join("\n");
    for (const pid of everyone) {
      expect(output).not.toContain(pid);
      expect(output).not.toContain(pid.slice(6));
    }
    expect(portal.logs()).toContainEqual(
      expect.objectContaining({ event: "person_register.unavailable", register: "folkeregisteret", failure: "unavailable", status: 503 }),
    );
    expect(portal.logs()).toContainEqual(expect.objectContaining({ event: "login.failed", reason: "register-unavailable" }));
  });
});
