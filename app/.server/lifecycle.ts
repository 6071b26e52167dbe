import { randomUUID } from "node:crypto";
import { createDevProvider, devProviderEnabled } from "./auth/dev-provider";
import { devClientId, devIssuerPath, identityProvider } from "./auth/oidc";
import { purgeExpiredSessions } from "./auth/session";
import { getDatabaseHandle, closeDatabase } from "./db";
import { getSecrets } from "./secrets";
import { getEnv } from "./env";
import { logger, requestContext } from "./logger";
import { startNotificationWorkers, type NotificationWorkers } from "./notifications/scheduler";

// What server.mjs calls around the Remix handler: start-up, readiness, shutdown and the
// per-request context that gives every log line its request id.

type Mount = { path: string; handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void };

/** The local stand-ins for ID-porten and the employee login, when a demo has no real issuers. */
async function devProviders(): Promise<Mount[]> {
  const env = getEnv();
  const mounts: Mount[] = [];
  for (const kind of ["resident", "employee"] as const) {
    const configured = Boolean(kind === "resident" ? env.IDPORTEN_ISSUER : env.EMPLOYEE_OIDC_ISSUER);
    if (!devProviderEnabled(env, configured)) continue;
    const idp = identityProvider(kind, env);
    const provider = await createDevProvider({
      kind: kind === "resident" ? "idporten" : "employee",
      issuer: `${env.PUBLIC_URL}${devIssuerPath[kind]}`,
      client: {
        clientId: devClientId[kind],
        clientSecret: getSecrets().devClientSecret,
        redirectUris: [idp.redirectUri],
        postLogoutRedirectUris: [idp.postLogoutRedirectUri],
      },
    });
    logger.warn("login.local_test_provider", { kind, issuer: provider.issuer });
    mounts.push({ path: provider.mountPath, handler: provider.handler });
  }
  return mounts;
}

export async function startServer() {
  const env = getEnv();
  const handle = await getDatabaseHandle();
  await purgeExpiredSessions(handle.db);
  // Delivers the notification outbox and queues the daily digest (NOTIFICATION_WORKER=off: not here).
  if (env.NOTIFICATION_WORKER === "on") notificationWorkers = startNotificationWorkers(handle, env);
  const mounts = await devProviders();
  const origins = (["resident", "employee"] as const).map((kind) => new URL(identityProvider(kind, env).issuer).origin);
  return {
    port: env.PORT,
    host: env.HOST,
    trustProxy: env.TRUST_PROXY,
    production: env.NODE_ENV === "production",
    mounts,
    // Logout is a form POST to the identity provider; the CSP must allow it. ID-porten's
    // end_session_endpoint is on its login host (https://login.idporten.no/logout), not on the
    // issuer's (https://idporten.no).
    formActionOrigins: [
      ...new Set([...origins, ...(env.IDPORTEN_ISSUER ? ["https://login.idporten.no", "https://login.test.idporten.no"] : [])]),
    ],
    // Only ID-porten's login hosts may frame the front-channel logout address.
    frontChannelFrameAncestors: env.IDPORTEN_ISSUER
      ? ["https://login.idporten.no", "https://login.test.idporten.no"]
      : [new URL(env.PUBLIC_URL).origin],
  };
}

export async function checkReadiness(): Promise<boolean> {
  try {
    const handle = await getDatabaseHandle();
    await Promise.race([
      handle.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

let notificationWorkers: NotificationWorkers | undefined;

export async function stopServer() {
  await notificationWorkers?.stop();
  notificationWorkers = undefined;
  await closeDatabase();
}

const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

/** Runs fn with a request id: the caller's X-Request-Id when it is well-formed, else a new one. */
export function runInRequestContext<T>(incoming: string | undefined, fn: (requestId: string) => T): T {
  const requestId = incoming && requestIdPattern.test(incoming) ? incoming : randomUUID();
  return requestContext.run({ requestId }, () => fn(requestId));
}
