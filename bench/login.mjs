// Logs a resident in through the portal's local ID-porten stand-in (mounted at PUBLIC_URL/dev-idporten),
// with a cookie jar and a manual redirect loop in place of a browser (as in
// tests/integration/dev-provider.test.ts). Used by run.mjs for the /min-side target and for timing
// the login round trip.
//
// Every request goes to the portal's socket (127.0.0.1:PORT) with the Host of PUBLIC_URL, so the
// redirects, cookies and the issuer all see the public origin. Each login is a new "browser": a new
// jar (no SSO shortcut at the stand-in) and new keep-alive connections. `localAddress` lets each one
// come from its own loopback address (127.0.0.x): the portal allows 20 login requests per minute
// per client address, and one login makes two of them (/logg-inn and /logg-inn/tilbake).
import fs from "node:fs";
import http from "node:http";

export const SESSION_COOKIE = "portal-innbygger";
const ACR = "idporten-loa-substantial";

/** The first synthetic person in db/seed/persons.ts (the demo data the portal seeds). */
export function firstSyntheticPerson(personsFile) {
  const text = fs.readFileSync(personsFile, "utf8");
  const m = /pid:\s*"(\d{11})"[\s\S]*?givenName:\s*"([^"]+)"/.exec(text);
  if (!m) throw new Error(`no synthetic person with pid and givenName found in ${personsFile}`);
  return { pid: m[1], givenName: m[2] };
}

class CookieJar {
  cookies = new Map();

  store(setCookies, url) {
    for (const header of setCookies ?? []) {
      const [pair, ...attributes] = header.split(";").map((p) => p.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/, "") || "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [key, val = ""] = attribute.split("=");
        const lower = key.toLowerCase();
        if (lower === "path") path = val || "/";
        if (lower === "max-age" && Number(val) <= 0) expired = true;
        if (lower === "expires" && Date.parse(val) <= Date.now()) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  header(url) {
    return [...this.cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  get(name) {
    return [...this.cookies.values()].find((c) => c.name === name)?.value;
  }
}

function decodeEntities(value) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function formAction(html, base) {
  const m = /<form[^>]*\baction="([^"]+)"/.exec(html);
  if (!m) throw new Error(`the login page has no form (${base.pathname})`);
  return new URL(decodeEntities(m[1]), base);
}

function hiddenInputs(html) {
  const out = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? "";
    if (name) out[name] = decodeEntities(value);
  }
  return out;
}

/**
 * A small browser stand-in for one login. `socket` is where the portal listens ({ host, port });
 * `publicUrl` is its PUBLIC_URL; `localAddress` the loopback address to connect from.
 */
function browser({ socket, publicUrl, localAddress }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2, localAddress });
  const jar = new CookieJar();
  const origin = new URL(publicUrl).origin;
  const steps = [];

  function request(url, { method = "GET", form } = {}) {
    if (url.origin !== origin) throw new Error(`the login left the portal's origin: ${url.href}`);
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers = { host: url.host, "accept-language": "nb", accept: "text/html" };
    const cookie = jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(body));
      headers.origin = origin;
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: socket.host, port: socket.port, path: `${url.pathname}${url.search}`, method, headers, agent, timeout: 15_000 },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, html: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Follows redirects until a non-redirect response. */
  async function browse(start, init = {}) {
    let url = new URL(start, publicUrl);
    let next = init;
    for (let hop = 0; hop < 20; hop++) {
      const res = await request(url, next);
      jar.store(res.headers["set-cookie"], url);
      steps.push(`${next.method ?? "GET"} ${url.pathname} ${res.status}`);
      const location = res.headers.location;
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        next = {};
        continue;
      }
      return { url, ...res };
    }
    throw new Error("too many redirects");
  }

  return { browse, jar, steps, close: () => agent.destroy() };
}

/**
 * One full login: GET /logg-inn?returnTo=/min-side → stand-in form → POST pid + acr → callback
 * /logg-inn/tilbake → /min-side 200. Returns the session cookie and the wall time in ms.
 */
export async function login({ socket, publicUrl, person, localAddress }) {
  const b = browser({ socket, publicUrl, localAddress });
  const fail = (what) => new Error(`login failed: ${what}\n  steps: ${b.steps.join(" → ")}`);
  try {
    const started = performance.now();
    const page = await b.browse("/logg-inn?returnTo=%2Fmin-side");
    if (page.status !== 200 || !/^\/dev-idporten\/interaction\/[^/]+$/.test(page.url.pathname))
      throw fail(`expected the stand-in's form, got ${page.status} at ${page.url.pathname}: ${page.html.slice(0, 200)}`);
    const done = await b.browse(formAction(page.html, page.url), {
      method: "POST",
      form: { ...hiddenInputs(page.html), pid: person.pid, acr: ACR, action: "login" },
    });
    const ms = performance.now() - started;
    if (done.status !== 200 || done.url.pathname !== "/min-side")
      throw fail(`expected /min-side 200, got ${done.status} at ${done.url.pathname}: ${done.html.slice(0, 200)}`);
    const value = b.jar.get(SESSION_COOKIE);
    if (!value) throw fail(`no ${SESSION_COOKIE} cookie was set`);
    if (person.givenName && !done.html.includes(person.givenName)) throw fail(`/min-side does not greet ${person.givenName}`);
    return { cookie: `${SESSION_COOKIE}=${value}`, ms, steps: b.steps };
  } finally {
    b.close();
  }
}
