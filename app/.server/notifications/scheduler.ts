// Runs the notification work inside the portal's server process (started and stopped by
// ../lifecycle.ts; NOTIFICATION_WORKER=off leaves it out). See docs/decisions/0008-notifications.md.
//
// - Delivery: every process polls the outbox every couple of seconds (deliverDue claims with
//   SKIP LOCKED, so any number of processes can share the work).
// - Daily digest, and removing notifications past their retention time: on PostgreSQL a pg-boss
//   schedule (cron 07:00 Europe/Oslo, Monday to Friday) runs once for the whole cluster, however
//   many processes there are; the job skips public holidays. On the embedded PGlite there is one
//   process, and a timer checks once a minute.
import PgBoss from "pg-boss";
import type { DatabaseHandle } from "../db/client";
import type { Env } from "../env";
import { describeError, logger } from "../logger";
import { osloNow, runDailyDigest } from "./digest";
import { pruneNotifications } from "./outbox";
import { pruneDrafts } from "../applications/apply";
import { transportsFromEnv, type Transports } from "./transports";
import { deliverDue, type DeliveryOptions } from "./worker";

export type NotificationWorkers = { stop(): Promise<void> };

const digestQueue = "notifications-daily-digest";

export type SchedulerOptions = {
  pollMs?: number;
  transports?: Transports;
  delivery?: Partial<DeliveryOptions>;
};

export function startNotificationWorkers(handle: DatabaseHandle, env: Env, options: SchedulerOptions = {}): NotificationWorkers {
  const transports = options.transports ?? transportsFromEnv(env);
  if (transports.captured) logger.warn("notifications.captured_locally", { page: "/dev/utboks" });
  const delivery: DeliveryOptions = { transports, publicUrl: env.PUBLIC_URL, ...options.delivery };
  const pollMs = options.pollMs ?? 2000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const tick = () => {
    running = (async () => {
      try {
        // Keep going while a full batch came back: a backlog drains without waiting for the timer.
        for (;;) {
          const report = await deliverDue(handle.db, delivery);
          if (stopped || report.sent + report.retried + report.failed < (delivery.limit ?? 20)) break;
        }
      } catch (error) {
        if (!stopped) logger.error("notifications.delivery_failed", describeError(error));
      }
    })();
    void running.then(() => {
      if (!stopped) timer = setTimeout(tick, pollMs);
    });
  };
  timer = setTimeout(tick, 0);

  // Once a day: the caseworkers' summaries; old notifications (outbox.ts) and old unsent drafts
  // (applications/apply.ts) removed.
  const runDigest = async () => {
    const pruned = await pruneNotifications(handle.db);
    if (pruned > 0) logger.info("notifications.pruned", { count: pruned });
    const drafts = await pruneDrafts(handle.db);
    if (drafts > 0) logger.info("applications.drafts_pruned", { count: drafts });
    const queued = await runDailyDigest(handle.db);
    logger.info("notifications.digest_queued", { count: queued });
  };

  let boss: PgBoss | undefined;
  let bossStarted: Promise<void> = Promise.resolve();
  let digestTimer: NodeJS.Timeout | undefined;
  if (handle.kind === "postgres" && env.DATABASE_URL) {
    boss = new PgBoss({ connectionString: env.DATABASE_URL, schema: "pgboss", max: 2, application_name: "portal-notifications" });
    boss.on("error", (error) => logger.error("notifications.pgboss_error", describeError(error)));
    const b = boss;
    bossStarted = (async () => {
      await b.start();
      await b.createQueue(digestQueue, { name: digestQueue, policy: "singleton" });
      await b.schedule(digestQueue, "0 7 * * 1-5", {}, { tz: "Europe/Oslo" });
      await b.work(digestQueue, async () => {
        await runDigest();
      });
    })().catch((error) => logger.error("notifications.pgboss_start_failed", describeError(error)));
  } else {
    // One process on PGlite: the first check at or after 07:00 (until noon) on a working day
    // queues the day's summaries; the idempotency key makes a second run harmless.
    let lastRun = "";
    const check = () => {
      const now = osloNow();
      if (now.hour >= 7 && now.hour < 12 && lastRun !== now.date) {
        lastRun = now.date;
        runDigest().catch((error) => logger.error("notifications.digest_failed", describeError(error)));
      }
    };
    digestTimer = setInterval(check, 60_000);
    digestTimer.unref();
    check();
  }

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(digestTimer);
      // A send in flight gets a moment to finish; if it does not, its lease runs out and another
      // process sends it (with the same Message-ID).
      await Promise.race([running, new Promise((r) => setTimeout(r, 1500).unref())]);
      await bossStarted;
      await boss?.stop({ graceful: false, wait: true, timeout: 1000 }).catch(() => {});
      transports.email.close();
    },
  };
}
