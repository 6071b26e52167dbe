// The portal's HTTP server: Express around Remix. Security headers, request ids, health checks,
// static files, the local test logins and graceful shutdown live here; everything else is in app/.
// NODE_ENV=production serves the build in build/; anything else runs Vite's dev server inside.
import crypto from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const production = process.env.NODE_ENV === "production";
const vite = production
  ? undefined
  : await import("vite").then((v) => v.createServer({ server: { middlewareMode: true }, appType: "custom" }));
const loadBuild = () =>
  vite ? vite.ssrLoadModule("virtual:remix/server-build") : import("./build/server/index.js");

const build = await loadBuild();
const { startServer, stopServer, checkReadiness, runInRequestContext, logger } = build.entry.module;

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

app.use((req, res, next) => {
  runInRequestContext(req.get("x-request-id"), (requestId) => {
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      logger.info("request", {
        method: req.method,
        // The path only: query strings can hold what a resident typed.
        path: (req.baseUrl + req.path).slice(0, 200),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    });
    next();
  });
});

const frontChannelPath = "/logg-ut/frontkanal";
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
  logger.warn("request.cross_site_refused", { method: req.method, path: req.path.slice(0, 200) });
  res
    .status(403)
    .type("text/plain; charset=utf-8")
    .send("Forespørselen ble stoppet fordi den kom fra et annet nettsted. Gå tilbake og prøv igjen.");
});

app.get("/healthz", (_req, res) => {
  res.set("Cache-Control", "no-store").json({ status: "ok" });
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
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static("build/client", { maxAge: "1h", index: false }));
}

app.all(
  "*",
  createRequestHandler({
    build: vite ? loadBuild : build,
    mode: production ? "production" : "development",
    getLoadContext: (req, res) => ({ nonce: res.locals.nonce, requestId: res.locals.requestId, clientAddress: req.ip }),
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
