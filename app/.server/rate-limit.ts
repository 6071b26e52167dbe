import { logger } from "./logger";

// A fixed-window limit per client address and purpose, kept in this process. With several app
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

export function checkRateLimit(purpose: keyof typeof limits, clientAddress: string | undefined) {
  const now = Date.now();
  if (now - lastSweep > 60_000) {
    for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key);
    lastSweep = now;
  }
  const { max, windowMs } = limits[purpose];
  const key = `${purpose}:${clientAddress ?? "unknown"}`;
  const current = windows.get(key);
  const window = current && current.resetAt > now ? current : { count: 0, resetAt: now + windowMs };
  window.count += 1;
  windows.set(key, window);
  if (window.count > max) {
    logger.warn("request.rate_limited", { purpose });
    throw new Response("For mange forsøk på kort tid. Vent et minutt og prøv igjen.", {
      status: 429,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Retry-After": String(Math.ceil((window.resetAt - now) / 1000)),
      },
    });
  }
}

export function resetRateLimitsForTests() {
  windows.clear();
}
