import { logger } from "./logger";

// A fixed-window limit per client address (or integration key) and purpose, kept in this process. With several app
// processes each allows the limit, which still stops scripted guessing; a shared limiter (in
// PostgreSQL) is the next step if the municipality needs a strict global number.

type Window = { count: number; resetAt: number };
const windows = new Map<string, Window>();
let lastSweep = Date.now();

// LOGIN_RATE_LIMIT (per address and minute, default 20) lets a test server allow more.
const loginMax = Number(process.env.LOGIN_RATE_LIMIT ?? 20) || 20;
const limits = {
  login: { max: loginMax, windowMs: 60_000 },
  // The return from the identity provider has its own count: one login is one attempt, and a
  // resident who started one of their attempts is never turned away on the way back.
  loginCallback: { max: loginMax, windowMs: 60_000 },
} as const;

// API_RATE_LIMIT (requests per minute, default 600): each integration key of the case-system API
// gets this many; the public catalogue API gets as many per client address. Read at each request,
// so a test can lower it.
export const defaultApiRateLimit = 600;
function apiMax() {
  const value = Number(process.env.API_RATE_LIMIT);
  return Number.isInteger(value) && value > 0 ? value : defaultApiRateLimit;
}
const apiLimits = {
  /** Per integration key. */
  api: () => ({ max: apiMax(), windowMs: 60_000 }),
  /** Per client address: requests to the public catalogue API. */
  apiPublic: () => ({ max: apiMax(), windowMs: 60_000 }),
  /** Per client address: requests with a missing, unknown or revoked key (guessing keys). */
  apiUnauthenticated: () => ({ max: Math.min(60, apiMax()), windowMs: 60_000 }),
} as const;

type Purpose = keyof typeof limits | keyof typeof apiLimits;

/** Counts one request; `retryAfter` (seconds) is set when it is one too many for the window. */
export function takeRateLimit(purpose: Purpose, subject: string | undefined): { retryAfter?: number } {
  const now = Date.now();
  if (now - lastSweep > 60_000) {
    for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key);
    lastSweep = now;
  }
  const { max, windowMs } = purpose in apiLimits ? apiLimits[purpose as keyof typeof apiLimits]() : limits[purpose as keyof typeof limits];
  const key = `${purpose}:${subject ?? "unknown"}`;
  const current = windows.get(key);
  const window = current && current.resetAt > now ? current : { count: 0, resetAt: now + windowMs };
  window.count += 1;
  windows.set(key, window);
  if (window.count <= max) return {};
  logger.warn("request.rate_limited", { purpose });
  return { retryAfter: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
}

export function checkRateLimit(purpose: keyof typeof limits, clientAddress: string | undefined) {
  const { retryAfter } = takeRateLimit(purpose, clientAddress);
  if (retryAfter !== undefined) {
    throw new Response("For mange forsøk på kort tid. Vent et minutt og prøv igjen.", {
      status: 429,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Retry-After": String(retryAfter),
      },
    });
  }
}

export function resetRateLimitsForTests() {
  windows.clear();
}
