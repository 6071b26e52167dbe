// The portal's HTTP server: Express around Remix. Security headers, request ids, health checks,
// static files, the local test logins and graceful shutdown live here; everything else is in app/.
// NODE_ENV=production serves the build in build/ (or BUILD_DIR); anything else runs Vite's dev server inside.
import crypto from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createFetchHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";

const production = process.env.NODE_ENV === "production";
const buildDir = process.env.BUILD_DIR ?? "build";
const vite = production
  ? undefined
  : await import("vite").then((v) => v.createServer({ server: { middlewareMode: true }, appType: "custom" }));
const loadBuild = () =>
  vite ? vite.ssrLoadModule("virtual:remix/server-build") : import(new URL(`./${buildDir}/server/index.js`, import.meta.url).href);

const build = await loadBuild();
const { startServer, stopServer, checkReadiness, runInRequestContext, logger, pageCache, pageCacheKey, isCacheableResponse } =
  build.entry.module;

let config;
try {
  config = await startServer();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  logger.error("server.start_failed", { errorName: error?.name, errorCode: error?.code });
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", config.trustProxy);

// A path is logged, but never a fødselsnummer someone typed or pasted into the address (11 digits).
const loggablePath = (path) => path.slice(0, 200).replace(/\d{6}(?:\s|%20|\+)?\d{5}/g, "[11 siffer]");

app.use((req, res, next) => {
  runInRequestContext(req.get("x-request-id"), (requestId) => {
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      logger.info("request", {
        method: req.method,
        // The path only: query strings can hold what a resident typed.
        path: loggablePath(req.baseUrl + req.path),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    });
    next();
  });
});

const frontChannelPath = "/logg-ut/frontkanal";
const loginCookie = /(?:^|;\s*)(?:__Host-)?portal-(?:innbygger|ansatt|innlogging|ansatt-innlogging)=/;
app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  const framable = req.path === frontChannelPath;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      // Vite's dev server injects its client with inline modules; production allows only nonces.
      vite ? "script-src 'self' 'unsafe-inline'" : `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      vite ? "connect-src 'self' ws:" : "connect-src 'self'",
      `form-action 'self' ${config.formActionOrigins.join(" ")}`,
      framable ? `frame-ancestors ${config.frontChannelFrameAncestors.join(" ")}` : "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (!framable) res.setHeader("X-Frame-Options", "DENY");
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  // Pages for a logged-in visitor (or one in the middle of logging in) hold personal data and the
  // CSRF token: no browser cache (Back after logging out on a shared computer) or shared cache.
  if (loginCookie.test(req.get("cookie") ?? "")) res.setHeader("Cache-Control", "private, no-store");
  next();
});

// A state-changing request from another site is refused here, before Remix sees it.
// (Remix's own check answers such requests with a 500.) The machine API authenticates by key,
// and the local test logins are their own sites.
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);
const ownOriginExempt = ["/api/", ...config.mounts.map((m) => `${m.path}/`)];
app.use((req, res, next) => {
  if (safeMethods.has(req.method) || ownOriginExempt.some((p) => req.path.startsWith(p))) return next();
  const origin = req.get("origin");
  let sameSite = false;
  try {
    sameSite = !origin || new URL(origin).host === req.get("host");
  } catch {
    sameSite = false;
  }
  if (sameSite) return next();
  logger.warn("request.cross_site_refused", { method: req.method, path: loggablePath(req.path) });
  res
    .status(403)
    .type("text/plain; charset=utf-8")
    .send("Forespørselen ble stoppet fordi den kom fra et annet nettsted. Gå tilbake og prøv igjen.");
});

app.get("/healthz", (_req, res) => {
  res.set("Cache-Control", "no-store").json({ status: "ok" });
});
// Browsers ask for /favicon.ico on pages that name no icon, such as the local ID-porten's login.
app.get("/favicon.ico", (_req, res) => {
  res.set("Cache-Control", "public, max-age=86400").redirect(301, "/favicon.svg");
});
app.get("/readyz", async (_req, res) => {
  const ready = !shuttingDown && (await checkReadiness());
  res.set("Cache-Control", "no-store").status(ready ? 200 : 503).json({ status: ready ? "ready" : "unavailable" });
});

for (const mount of config.mounts) app.use(mount.path, mount.handler);

app.use(compression());
if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: "1y", index: false }));
  // Other static files (favicon) all have an extension; pages never do, so skip the disk for them.
  const files = express.static(`${buildDir}/client`, { maxAge: "1h", index: false });
  app.use((req, res, next) => (req.path.includes(".") ? files(req, res, next) : next()));
}

// A page load (not a browser navigation's "….data") gets a store for HTML that its loader makes
// and the page sends only once (app/utils/page-html.tsx).
const loadContext = (req, res) => ({
  nonce: res.locals.nonce,
  requestId: res.locals.requestId,
  clientAddress: req.ip,
  pageHtml: req.path.endsWith(".data") ? undefined : new Map(),
});

// Public pages for anonymous visitors come from the page cache when they can (page-cache.ts).
// PAGE_CACHE=off renders every request, for measuring the renderer itself.
if (!vite && process.env.PAGE_CACHE !== "off") {
  const render = createFetchHandler(build, "production");
  app.get("*", async (req, res, next) => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      const request = new Request(`${req.protocol}://${req.get("host")}${req.originalUrl}`, { headers });
      const key = pageCacheKey(request);
      if (!key) return next();
      let page = pageCache.get(key);
      if (!page) {
        const response = await render(request, loadContext(req, res));
        if (!isCacheableResponse(response)) {
          res.status(response.status);
          for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
          const cookies = response.headers.getSetCookie();
          if (cookies.length) res.setHeader("Set-Cookie", cookies);
          return res.send(Buffer.from(await response.arrayBuffer()));
        }
        page = { status: 200, headers: [...response.headers], body: await response.text(), nonce: res.locals.nonce, at: Date.now() };
        pageCache.set(key, page);
      }
      res.status(page.status);
      for (const [name, value] of page.headers) res.setHeader(name, value);
      res.send(page.body.replaceAll(page.nonce, res.locals.nonce));
    } catch (error) {
      next(error);
    }
  });
}

app.all(
  "*",
  createRequestHandler({
    build: vite ? loadBuild : build,
    mode: production ? "production" : "development",
    getLoadContext: loadContext,
  }),
);

const server = app.listen(config.port, config.host, () => {
  const { port } = server.address();
  logger.info("server.listening", { port, host: config.host });
  process.stdout.write(`Portalen kjører på http://localhost:${port}\n`);
});
server.keepAliveTimeout = 65_000;

let shuttingDown = false;
async function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info("server.stopping", { signal });
  // Give in-flight requests up to 4 s, then close idle keep-alive sockets and the database.
  const force = setTimeout(() => {
    logger.warn("server.forced_exit");
    process.exit(1);
  }, 4_500);
  force.unref();
  server.close(async () => {
    await vite?.close();
    await stopServer().catch(() => {});
    logger.info("server.stopped");
    process.exit(0);
  });
  // Keep-alive sockets go as soon as their last response is sent.
  server.closeIdleConnections();
  setInterval(() => server.closeIdleConnections(), 50).unref();
  setTimeout(() => server.closeAllConnections(), 4_000).unref();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
