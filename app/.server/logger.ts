import { AsyncLocalStorage } from "node:async_hooks";

// Structured JSON logs, one line per event. Log events, ids, status codes and durations only:
// never a fødselsnummer, a name, a search query, a message text or a document.

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, string | number | boolean | null | undefined>;

const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

function threshold() {
  const configured = process.env.LOG_LEVEL as Level | "silent" | undefined;
  return order[configured ?? "info"] ?? order.info;
}

function write(level: Level, event: string, fields: Fields = {}) {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    event,
    requestId: requestContext.getStore()?.requestId,
    ...fields,
  });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

/** Only the error's class and code: messages can carry input such as SQL parameters. */
export function describeError(error: unknown): Fields {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { errorName: error.name, errorCode: typeof code === "string" ? code : undefined };
  }
  return { errorName: typeof error };
}

export const logger = {
  debug: (event: string, fields?: Fields) => write("debug", event, fields),
  info: (event: string, fields?: Fields) => write("info", event, fields),
  warn: (event: string, fields?: Fields) => write("warn", event, fields),
  error: (event: string, fields?: Fields) => write("error", event, fields),
};
