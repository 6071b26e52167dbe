// A small "browser" for integration tests: a path-aware cookie jar, a manual redirect loop and
// helpers for the plain HTML forms of the local identity providers, plus a way to start the
// production build (`node server.mjs`) on a temporary embedded database and read its JSON logs.
//
// Each Browser connects from its own loopback address (127.0.0.x), so the server sees distinct
// client addresses (its per-address login rate limit applies per simulated resident, as in real
// life) without trusting any forwarding header.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// ---------------------------------------------------------------------------------------------
// Every Set-Cookie header any Browser received, for checks that no secret ends up in a cookie.

export const seenSetCookies: string[] = [];

// ---------------------------------------------------------------------------------------------
// Cookie jar

type StoredCookie = { name: string; value: string; path: string };

export class CookieJar {
  private cookies = new Map<string, StoredCookie>();

  store(setCookies: string[], requestUrl: URL) {
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let cookiePath = requestUrl.pathname.replace(/\/[^/]*$/, "") || "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [key, val = ""] = attribute.split("=");
        const lower = key.toLowerCase();
        if (lower === "path") cookiePath = val || "/";
        if (lower === "max-age" && Number(val) <= 0) expired = true;
        if (lower === "expires" && Date.parse(val) <= Date.now()) expired = true;
      }
      const key = `${name};${cookiePath}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path: cookiePath });
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  get(name: string): string | undefined {
    return [...this.cookies.values()].find((c) => c.name === name)?.value;
  }

  set(name: string, value: string, cookiePath = "/") {
    this.cookies.set(`${name};${cookiePath}`, { name, value, path: cookiePath });
  }

  delete(name: string) {
    for (const [key, c] of this.cookies) if (c.name === name) this.cookies.delete(key);
  }

  names(): string[] {
    return [...this.cookies.values()].map((c) => c.name);
  }

  /** A copy, optionally only of some cookies (e.g. only the identity provider's). */
  clone(filter: (name: string, cookiePath: string) => boolean = () => true): CookieJar {
    const copy = new CookieJar();
    for (const [key, c] of this.cookies) if (filter(c.name, c.path)) copy.cookies.set(key, { ...c });
    return copy;
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

export type Reply = {
  url: URL;
  status: number;
  headers: http.IncomingHttpHeaders;
  setCookies: string[];
  location: string | null;
  html: string;
  header(name: string): string | undefined;
};

export type RequestInit = {
  method?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sent as Origin on requests with a body; defaults to the request's own origin. */
  origin?: string | null;
  /** Leave the jar's cookies out (and add these instead). */
  cookie?: string;
};

let nextAddress = 10;

export class Browser {
  readonly jar: CookieJar;
  /** The loopback address this browser connects from. */
  readonly address: string;

  constructor(
    /** Where to connect (host:port), whatever host the URL names, e.g. 127.0.0.1:3456. */
    private readonly connectTo: { host: string; port: number },
    jar = new CookieJar(),
    address?: string,
  ) {
    this.jar = jar;
    nextAddress = nextAddress >= 250 ? 10 : nextAddress + 1;
    this.address = address ?? `127.0.0.${nextAddress}`;
  }

  /** One request, no redirects followed. */
  request(target: string | URL, init: RequestInit = {}): Promise<Reply> {
    const url = new URL(target);
    const method = init.method ?? (init.form ? "POST" : "GET");
    const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    const headers: Record<string, string> = { host: url.host, ...init.headers };
    const cookie = init.cookie ?? this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(body));
      if (init.origin !== null) headers.origin = init.origin ?? url.origin;
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.connectTo.host,
          port: this.connectTo.port,
          path: `${url.pathname}${url.search}`,
          method,
          headers,
          localAddress: this.address,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const setCookies = res.headers["set-cookie"] ?? [];
            seenSetCookies.push(...setCookies);
            if (init.cookie === undefined) this.jar.store(setCookies, url);
            const location = typeof res.headers.location === "string" ? res.headers.location : null;
            resolve({
              url,
              status: res.statusCode ?? 0,
              headers: res.headers,
              setCookies,
              location,
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

  /**
   * Follows redirects (as GET) until a page that is not a redirect, or until `stop` says the
   * next URL should not be requested (then that URL is returned with status 0).
   */
  async browse(start: string | URL, init: RequestInit & { stop?: (url: URL) => boolean } = {}): Promise<Reply & { hops: URL[] }> {
    let url = new URL(start);
    let current: RequestInit = init;
    const hops: URL[] = [];
    for (let hop = 0; hop < 20; hop++) {
      hops.push(url);
      if (init.stop?.(url)) {
        return { url, status: 0, headers: {}, setCookies: [], location: null, html: "", header: () => undefined, hops };
      }
      const reply = await this.request(url, current);
      if (reply.status >= 300 && reply.status < 400 && reply.location) {
        url = new URL(reply.location, url);
        current = { headers: init.headers };
        continue;
      }
      return { ...reply, hops };
    }
    throw new Error("too many redirects");
  }
}

// ---------------------------------------------------------------------------------------------
// HTML helpers (the stand-ins' pages are plain server-rendered HTML)

export function decodeEntities(value: string) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export function formAction(html: string, base: URL, index = 0): URL {
  const matches = [...html.matchAll(/<form[^>]*\baction="([^"]+)"/g)];
  if (!matches[index]) throw new Error(`no form in page:\n${html.slice(0, 3000)}`);
  return new URL(decodeEntities(matches[index][1]), base);
}

export function hiddenInputs(html: string): Record<string, string> {
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

/** The value of an input by id, as rendered. */
export function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input\\b[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) return undefined;
  return decodeEntities(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "");
}

/** Visible text, roughly: tags removed, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return decodeEntities(
    html
      .replace(/<script\b[\s\S]*?<\/script>/g, " ")
      .replace(/<style\b[\s\S]*?<\/style>/g, " ")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();
}

// ---------------------------------------------------------------------------------------------
// The production server

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type PortalServer = {
  port: number;
  /** PUBLIC_URL, e.g. http://localhost:3456 */
  base: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** The JSON log lines so far. */
  logs(): Record<string, unknown>[];
  browser(jar?: CookieJar): Browser;
  stop(): Promise<void>;
};

/**
 * Starts `node server.mjs` from the production build on a fresh PGlite directory and waits for
 * /readyz. `env` (or `env(port)`) is added to, and may override, the defaults except PORT.
 */
export async function startPortal(
  env: Record<string, string> | ((port: number) => Record<string, string>) = {},
  timeoutMs = 90_000,
): Promise<PortalServer> {
  if (!fs.existsSync(`${process.env.BUILD_DIR ?? "build"}/server/index.js`)) throw new Error("Run `npx remix vite:build` first (npm test does).");
  const port = await freePort();
  const extra = typeof env === "function" ? env(port) : env;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-auth-test-"));
  const base = `http://localhost:${port}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      LOG_LEVEL: "info",
      ...extra,
      PORT: String(port),
    },
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // If the test process goes away first, the server goes with it.
  const killOnExit = () => child.exitCode === null && child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited with ${child.exitCode}. Output:\n${output}`);
    const ready = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: "127.0.0.1", port, path: "/readyz", agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on("error", () => resolve(false));
    });
    if (ready) break;
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`Server did not become ready. Output:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    port,
    base,
    output: () => output,
    logs: () =>
      output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    browser: (jar) => new Browser({ host: "127.0.0.1", port }, jar),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 6_000);
        await exited;
        clearTimeout(killer);
      }
      process.off("exit", killOnExit);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `node server.mjs` expecting it to stop by itself; resolves with its exit code and output. */
export function runPortalUntilExit(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve) => {
    let text = "";
    const child = spawn(process.execPath, ["server.mjs"], {
      env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    });
    child.stdout.on("data", (d) => (text += d));
    child.stderr.on("data", (d) => (text += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, text });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Logging in through the local stand-ins

export const residentCookie = "portal-innbygger";
export const employeeCookie = "portal-ansatt";
const callbackPaths = ["/logg-inn/tilbake", "/saksbehandler/logg-inn/tilbake"];

export type ResidentLogin = {
  /** The stand-in's login page (when it was shown; absent on single sign-on). */
  loginPage?: Reply;
  /** The redirect URI as the stand-in sent the browser there (code, state, iss). */
  callbackUrl: URL;
  /** The portal's answer to the callback. */
  callback: Reply;
  /** Where the browser ended (after following the portal's redirect). */
  final: Reply & { hops: URL[] };
};

/**
 * Starts a resident login (`start`, e.g. /min-side or /logg-inn?returnTo=…), fills in the stand-in's
 * form with `pid` (or presses Avbryt with action "cancel") and stops where the stand-in sends the
 * browser back to the portal's redirect URI, without requesting it.
 */
export async function reachResidentCallback(
  browser: Browser,
  base: string,
  options: { start?: string; pid?: string; acr?: string; action?: "login" | "cancel" } = {},
): Promise<{ loginPage?: Reply; callbackUrl: URL }> {
  const isCallback = (u: URL) => callbackPaths.includes(u.pathname);
  const page = await browser.browse(new URL(options.start ?? "/min-side", base), { stop: isCallback });
  if (page.status === 0) return { callbackUrl: page.url }; // single sign-on: straight back
  if (page.status !== 200 || !/\/dev-idporten\/interaction\//.test(page.url.pathname))
    throw new Error(`expected the stand-in's login page, got ${page.status} ${page.url}\n${page.html.slice(0, 2000)}`);
  const done = await browser.browse(formAction(page.html, page.url), {
    method: "POST",
    form: {
      ...hiddenInputs(page.html),
      pid: options.pid ?? "",
      acr: options.acr ?? "idporten-loa-high",
      action: options.action ?? "login",
    },
    stop: isCallback,
  });
  if (done.status !== 0) throw new Error(`the stand-in did not redirect back: ${done.status}\n${done.html.slice(0, 2000)}`);
  return { loginPage: page, callbackUrl: done.url };
}

/** A whole resident login: up to the redirect URI, then the portal's answer and wherever it leads. */
export async function loginResident(
  browser: Browser,
  base: string,
  options: { start?: string; pid?: string; acr?: string; action?: "login" | "cancel" } = {},
): Promise<ResidentLogin> {
  const { loginPage, callbackUrl } = await reachResidentCallback(browser, base, options);
  const callback = await browser.request(callbackUrl);
  const final =
    callback.status >= 300 && callback.status < 400 && callback.location
      ? await browser.browse(new URL(callback.location, callbackUrl))
      : { ...callback, hops: [callbackUrl] };
  return { loginPage, callbackUrl, callback, final };
}

/** Logs an employee in at /saksbehandler/logg-inn by choosing one of the stand-in's test employees. */
export async function loginEmployee(browser: Browser, base: string, name: string, start = "/saksbehandler") {
  const isCallback = (u: URL) => callbackPaths.includes(u.pathname);
  const page = await browser.browse(new URL(start, base), { stop: isCallback });
  let callbackUrl = page.url;
  if (page.status !== 0) {
    if (!/\/dev-ansatt\/interaction\//.test(page.url.pathname)) throw new Error(`expected the employee stand-in, got ${page.url}`);
    const button = new RegExp(`<button type="submit" name="employee" value="([^"]+)">${name}`).exec(page.html);
    if (!button) throw new Error(`no employee button for ${name}`);
    const done = await browser.browse(formAction(page.html, page.url), {
      method: "POST",
      form: { ...hiddenInputs(page.html), employee: decodeEntities(button[1]) },
      stop: isCallback,
    });
    callbackUrl = done.url;
  }
  return browser.browse(callbackUrl);
}
