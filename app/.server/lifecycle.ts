import { randomUUID } from "node:crypto";
import { getDatabaseHandle, closeDatabase } from "./db";
import { getEnv } from "./env";
import { logger, requestContext } from "./logger";

// What server.mjs calls around the Remix handler: start-up, readiness, shutdown and the
// per-request context that gives every log line its request id.

export async function startServer() {
  const env = getEnv();
  await getDatabaseHandle();
  return { port: env.PORT, host: env.HOST, trustProxy: env.TRUST_PROXY, production: env.NODE_ENV === "production" };
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

export async function stopServer() {
  await closeDatabase();
}

const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

/** Runs fn with a request id: the caller's X-Request-Id when it is well-formed, else a new one. */
export function runInRequestContext<T>(incoming: string | undefined, fn: (requestId: string) => T): T {
  const requestId = incoming && requestIdPattern.test(incoming) ? incoming : randomUUID();
  return requestContext.run({ requestId }, () => fn(requestId));
}
