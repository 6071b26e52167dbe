// Issue 4's fault test: a notification worker killed mid-send delivers once after restart. A
// worker runs in a child process and the SMTP server stalls in DATA, so the child is caught
// between claiming the row and hearing the server accept; it is killed with SIGKILL (no clean-up
// of any kind). A new worker, started once the dead one's lease has run out, delivers the
// message: exactly one arrives, and the row is `sent`. On PGlite the two processes take turns
// with the data directory (PGlite is one process at a time); on PostgreSQL they share the server.
import { spawn } from "node:child_process";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/.server/db/client";
import { notifyPerson } from "~/.server/notifications/outbox";
import { lookupHash } from "~/.server/secrets";
import { municipalities, notifications, persons } from "../../db/schema";
import { syntheticPersons } from "../../db/seed/persons";
import { createSharedTestDatabase } from "../support/database";
import { startSmtp } from "../support/smtp";

const workerScript = path.resolve("tests/support/notification-worker.ts");
let dataDir: string | undefined;
let dbUrl: string | undefined;
let location: Awaited<ReturnType<typeof createSharedTestDatabase>> | undefined;

function open(): DatabaseHandle {
  return openDatabase({ url: dbUrl, dataDir });
}

function runWorker(smtpUrl: string, leaseSeconds: number) {
  const child = spawn(process.execPath, ["--import", "tsx", workerScript], {
    env: {
      ...process.env,
      WORKER_DATABASE_URL: dbUrl ?? "",
      WORKER_DATA_DIR: dataDir ?? "",
      SMTP_URL: smtpUrl,
      LEASE_SECONDS: String(leaseSeconds),
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, output })),
  );
  return { child, exited };
}

beforeAll(async () => {
  process.env.LOG_LEVEL = "silent";
  location = await createSharedTestDatabase("portal_notify_crash");
  ({ url: dbUrl, dataDir } = location);
});

afterAll(async () => {
  await location?.remove();
});

describe("a notification worker killed mid-send", () => {
  it("delivers once after restart", async () => {
    // Queue one e-mail to Solveig.
    let handle = open();
    const pid = syntheticPersons.find((p) => p.givenName === "Solveig")!.pid;
    const [solveig] = await handle.db.select().from(persons).where(eq(persons.pidHash, lookupHash(pid)));
    const [m] = await handle.db.select({ id: municipalities.id }).from(municipalities).where(eq(municipalities.slug, "fjordvik"));
    await notifyPerson(handle.db, { municipalityId: m.id, personId: solveig.id, kind: "application_news", cause: "event:crash-test" });
    await handle.db.delete(notifications).where(eq(notifications.channel, "sms"));
    const [queued] = await handle.db.select().from(notifications);
    await handle.close();

    // The first worker is caught mid-send and killed.
    const stalling = await startSmtp({ stall: true });
    const first = runWorker(stalling.url, 2);
    await stalling.dataStarted;
    first.child.kill("SIGKILL");
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    await stalling.close();
    expect(stalling.received).toHaveLength(0);

    // The row is still pending, held by the dead worker's lease until it runs out.
    handle = open();
    const [held] = await handle.db.select().from(notifications).where(eq(notifications.id, queued.id));
    expect(held.status).toBe("pending");
    expect(held.attempts).toBe(1);
    for (;;) {
      const [r] = rows<{ expired: boolean }>(await handle.db.execute(sql`select locked_until < now() as expired from notifications where id = ${held.id}`));
      if (r.expired) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await handle.close();

    // A new worker after the lease delivers it, once.
    const smtp = await startSmtp();
    try {
      const second = runWorker(smtp.url, 120);
      const done = await second.exited;
      expect(done.code, done.output).toBe(0);
      expect(JSON.parse(done.output.trim().split("\n").at(-1)!)).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0].messageId).toBe(`<${queued.id}@portal.fjordvik.example>`);
      expect(smtp.received[0].to).toEqual([solveig.email]);

      handle = open();
      const [sent] = await handle.db.select().from(notifications).where(eq(notifications.id, queued.id));
      expect(sent).toMatchObject({ status: "sent", attempts: 2, providerMessageId: `<${queued.id}@portal.fjordvik.example>` });
      await handle.close();
    } finally {
      await smtp.close();
    }
  }, 60_000);
});

/** db.execute answers an array on postgres-js and { rows } on PGlite. */
function rows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
