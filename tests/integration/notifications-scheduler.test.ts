// The notification workers as the server runs them (startNotificationWorkers, called by
// lifecycle.ts): a queued notification is picked up without anyone asking, and stop() returns
// promptly. On PostgreSQL the daily digest is a pg-boss schedule (07:00 Europe/Oslo, Monday to
// Friday) in the same database; on PGlite it is an in-process timer.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/.server/db/client";
import { parseEnv } from "~/.server/env";
import { notifyPerson } from "~/.server/notifications/outbox";
import { startNotificationWorkers } from "~/.server/notifications/scheduler";
import { captureEmailSender, captureSmsGateway, capturedMessages, clearCapturedMessages } from "~/.server/notifications/transports";
import { lookupHash } from "~/.server/secrets";
import { municipalities, notifications, persons } from "../../db/schema";
import { syntheticPersons } from "../../db/seed/persons";
import { createSharedTestDatabase } from "../support/database";

let handle: DatabaseHandle;
let dbUrl: string | undefined;
let location: Awaited<ReturnType<typeof createSharedTestDatabase>> | undefined;

beforeAll(async () => {
  process.env.LOG_LEVEL = "silent";
  location = await createSharedTestDatabase("portal_notify_sched");
  dbUrl = location.url;
  handle = openDatabase({ url: dbUrl, dataDir: location.dataDir });
});

afterAll(async () => {
  await handle?.close();
  await location?.remove();
});

function rows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

describe("the notification workers in the server", () => {
  it("deliver what is queued on their own, schedule the digest, and stop promptly", async () => {
    clearCapturedMessages();
    const env = parseEnv({ DATABASE_URL: dbUrl ?? "", PUBLIC_URL: "https://portal.fjordvik.example" });
    const workers = startNotificationWorkers(handle, env, {
      pollMs: 100,
      transports: { email: captureEmailSender(), sms: captureSmsGateway(), captured: true },
    });
    try {
      const pid = syntheticPersons.find((p) => p.givenName === "Solveig")!.pid;
      const [solveig] = await handle.db.select().from(persons).where(eq(persons.pidHash, lookupHash(pid)));
      const [m] = await handle.db.select({ id: municipalities.id }).from(municipalities).where(eq(municipalities.slug, "fjordvik"));
      await notifyPerson(handle.db, { municipalityId: m.id, personId: solveig.id, kind: "application_news", cause: "event:scheduler-test" });

      while (capturedMessages().length < 2) await new Promise((r) => setTimeout(r, 50));
      const captured = capturedMessages();
      expect(captured.map((c) => c.channel).sort()).toEqual(["email", "sms"]);
      expect(captured.find((c) => c.channel === "sms")!.recipient).toBe(solveig.mobile);
      for (;;) {
        const pending = await handle.db.select().from(notifications).where(eq(notifications.status, "pending"));
        if (pending.length === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }

      if (handle.kind === "postgres") {
        // pg-boss starts in the background; its schedule appears once it has.
        for (;;) {
          const exists = rows<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from information_schema.tables where table_schema = 'pgboss' and table_name = 'schedule'`));
          if (exists[0].n > 0) {
            const schedule = rows<{ name: string; cron: string; timezone: string }>(
              await handle.db.execute(sql`select name, cron, options->>'tz' as timezone from pgboss.schedule`),
            );
            if (schedule.length > 0) {
              expect(schedule).toEqual([{ name: "notifications-daily-digest", cron: "0 7 * * 1-5", timezone: "Europe/Oslo" }]);
              break;
            }
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      await workers.stop();
    }
    // Stopped: nothing more is taken.
    clearCapturedMessages();
    const pid = syntheticPersons.find((p) => p.givenName === "Solveig")!.pid;
    const [solveig] = await handle.db.select().from(persons).where(eq(persons.pidHash, lookupHash(pid)));
    const [m] = await handle.db.select({ id: municipalities.id }).from(municipalities).limit(1);
    await notifyPerson(handle.db, { municipalityId: m.id, personId: solveig.id, kind: "application_news", cause: "event:after-stop" });
    await new Promise((r) => setTimeout(r, 300));
    expect(capturedMessages()).toHaveLength(0);
  }, 60_000);
});
