// The notification outbox, delivered to a real SMTP server (smtp-server on a local port) and read
// back as it arrived: content-free texts, retries when the server is down, one delivery when two
// workers race, the 30-minute throttle for message replies, the caseworkers' daily digest, the
// SMS gateway's HTTP contract, and production refusing to start without SMTP and SMS settings.
// Runs on in-memory PGlite, or on PostgreSQL with DATABASE_URL.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordEvent } from "~/.server/applications/events";
import { parseEnv } from "~/.server/env";
import { queueDailyDigests, runDailyDigest } from "~/.server/notifications/digest";
import { renderNotification } from "~/.server/notifications/texts";
import { notifyPerson, pruneNotifications } from "~/.server/notifications/outbox";
import {
  captureSmsGateway,
  capturedMessages,
  clearCapturedMessages,
  httpSmsGateway,
  smtpSender,
  type Transports,
} from "~/.server/notifications/transports";
import { claimDue, deliverDue } from "~/.server/notifications/worker";
import { lookupHash } from "~/.server/secrets";
import { applications, employees, messageThreads, notifications, persons, serviceVersions, units } from "../../db/schema";
import { syntheticPersons } from "../../db/seed/persons";
import { createTestDatabase } from "../support/database";
import { startSmtp, type TestSmtp } from "../support/smtp";

let test: Awaited<ReturnType<typeof createTestDatabase>>;
let smtp: TestSmtp;
const publicUrl = "https://portal.fjordvik.example";
const reasoning = "Begrunnelsen står bare i vedtaket";

function transports(url = smtp.url): Transports {
  return { email: smtpSender({ url, from: "Fjordvik kommune <varsel@portal.fjordvik.example>" }), sms: captureSmsGateway(), captured: false };
}

async function personNamed(givenName: string) {
  const p = syntheticPersons.find((s) => s.givenName === givenName)!;
  const [row] = await test.db.select().from(persons).where(eq(persons.pidHash, lookupHash(p.pid)));
  return row;
}

async function applicationOf(personId: string) {
  const [row] = await test.db.select().from(applications).where(eq(applications.personId, personId)).limit(1);
  return row;
}

let eventCounter = 0;
async function addEvent(app: { id: string; municipalityId: string; personId: string }, type: "decided" | "service_started" | "documentation_requested") {
  eventCounter += 1;
  return recordEvent(test.db, {
    application: app,
    type,
    payload: type === "decided" ? { outcomes: [], reasoning } : { description: reasoning },
    source: "fagsystem",
    idempotencyKey: `notify-test-${eventCounter}-${Date.now()}`,
    bodyHash: `hash-${eventCounter}`,
    occurredAt: new Date(),
    actor: { kind: "system", id: null, name: "Demo-fagsystem" },
  });
}

async function rowsFor(where: ReturnType<typeof eq>) {
  return test.db.select().from(notifications).where(where);
}

beforeAll(async () => {
  process.env.LOG_LEVEL = "silent";
  test = await createTestDatabase();
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.close();
  await test?.cleanup();
});
beforeEach(async () => {
  // Each test starts from an empty outbox and mailbox.
  await test.db.delete(notifications);
  smtp.received.length = 0;
  clearCapturedMessages();
});

describe("a case event the resident must know of", () => {
  it("queues a content-free e-mail and SMS with the event, and the worker delivers the e-mail to SMTP", async () => {
    const solveig = await personNamed("Solveig");
    const app = await applicationOf(solveig.id);
    const stored = await addEvent(app, "decided");
    const queued = await rowsFor(eq(notifications.personId, solveig.id));
    expect(queued.map((r) => r.channel).sort()).toEqual(["email", "sms"]);
    expect(queued.every((r) => r.kind === "application_news" && r.status === "pending")).toBe(true);
    expect(queued[0].idempotencyKey).toContain(`event:${stored!.id}`);

    const report = await deliverDue(test.db, { transports: transports(), publicUrl });
    expect(report).toEqual({ sent: 2, retried: 0, failed: 0 });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    const emailRow = queued.find((r) => r.channel === "email")!;
    expect(mail.to).toEqual([solveig.email]);
    expect(mail.messageId).toBe(`<${emailRow.id}@portal.fjordvik.example>`);
    expect(mail.subject).toBe("Nytt i saken din hos Fjordvik kommune");
    expect(mail.body).toContain("Nytt i saken din hos Fjordvik kommune. Logg inn på https://portal.fjordvik.example/min-side for å lese.");

    // Content-free: no service, no reasoning, no name, in the e-mail or the SMS.
    const titles = await test.db.select({ title: serviceVersions.title }).from(serviceVersions);
    const sms = capturedMessages();
    expect(sms).toHaveLength(1);
    expect(sms[0].text).toBe("Nytt i saken din hos Fjordvik kommune. Logg inn på https://portal.fjordvik.example/min-side for å lese.");
    for (const text of [mail.subject, mail.body, sms[0].text]) {
      expect(text).not.toContain(reasoning);
      expect(text).not.toContain(solveig.givenName);
      for (const { title } of titles) expect(text).not.toContain(title);
    }

    const after = await rowsFor(eq(notifications.personId, solveig.id));
    for (const row of after) {
      expect(row.status).toBe("sent");
      expect(row.attempts).toBe(1);
      expect(row.sentAt).not.toBeNull();
      expect(row.lockedUntil).toBeNull();
    }
    expect(after.find((r) => r.channel === "email")!.providerMessageId).toBe(mail.messageId);

    // A second run finds nothing to send.
    expect(await deliverDue(test.db, { transports: transports(), publicUrl })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it("queues nothing for events the resident need not hear of, and nothing twice for one event", async () => {
    const solveig = await personNamed("Solveig");
    const app = await applicationOf(solveig.id);
    await addEvent(app, "service_started");
    expect(await rowsFor(eq(notifications.personId, solveig.id))).toHaveLength(0);

    const stored = await addEvent(app, "documentation_requested");
    await notifyPerson(test.db, { municipalityId: app.municipalityId, personId: solveig.id, kind: "application_news", cause: `event:${stored!.id}` });
    expect(await rowsFor(eq(notifications.personId, solveig.id))).toHaveLength(2);
  });

  it("uses the row's language", async () => {
    const solveig = await personNamed("Solveig");
    await notifyPerson(test.db, { municipalityId: test.municipalityId, personId: solveig.id, kind: "message_reply", cause: "message:nn-test", locale: "nn" });
    await deliverDue(test.db, { transports: transports(), publicUrl });
    expect(smtp.received[0].subject).toBe("Du har fått svar frå Fjordvik kommune");
  });
});

describe("when delivery fails", () => {
  async function queueOneEmail(cause: string) {
    const solveig = await personNamed("Solveig");
    await notifyPerson(test.db, { municipalityId: test.municipalityId, personId: solveig.id, kind: "message_reply", cause });
    await test.db.delete(notifications).where(and(eq(notifications.personId, solveig.id), eq(notifications.channel, "sms")));
    const [row] = await rowsFor(eq(notifications.personId, solveig.id));
    return row;
  }

  it("retries later when the SMTP server is down, then delivers once", async () => {
    const row = await queueOneEmail("message:down-1");
    const down = await startSmtp();
    const downUrl = down.url;
    await down.close(); // nothing listens on this port now

    const first = await deliverDue(test.db, { transports: transports(downUrl), publicUrl });
    expect(first).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [waiting] = await rowsFor(eq(notifications.id, row.id));
    expect(waiting.status).toBe("pending");
    expect(waiting.attempts).toBe(1);
    expect(waiting.lastError).toBe("smtp_unavailable");
    expect(waiting.lockedUntil).toBeNull();
    expect(waiting.sendAfter.getTime()).toBeGreaterThan(row.sendAfter.getTime() + 20_000);

    // Not due yet: nothing happens.
    expect(await deliverDue(test.db, { transports: transports(), publicUrl })).toEqual({ sent: 0, retried: 0, failed: 0 });

    // Time passes; the server is back.
    await test.db.update(notifications).set({ sendAfter: sql`now() - interval '1 second'` }).where(eq(notifications.id, row.id));
    expect(await deliverDue(test.db, { transports: transports(), publicUrl })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const [sent] = await rowsFor(eq(notifications.id, row.id));
    expect(sent).toMatchObject({ status: "sent", attempts: 2, providerMessageId: `<${row.id}@portal.fjordvik.example>` });
  });

  it("gives up after the last attempt, storing only the error's kind", async () => {
    const row = await queueOneEmail("message:down-2");
    const down = await startSmtp();
    await down.close();
    const options = { transports: transports(down.url), publicUrl, maxAttempts: 3, retryDelaySeconds: () => 0 };
    expect((await deliverDue(test.db, options)).retried).toBe(1);
    expect((await deliverDue(test.db, options)).retried).toBe(1);
    expect(await deliverDue(test.db, options)).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [failed] = await rowsFor(eq(notifications.id, row.id));
    expect(failed).toMatchObject({ status: "failed", attempts: 3, lastError: "smtp_unavailable" });
    expect(await deliverDue(test.db, options)).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("does not retry an address the server refuses", async () => {
    const row = await queueOneEmail("message:refused");
    const refusing = await startSmtp({ refuse: true });
    try {
      expect(await deliverDue(test.db, { transports: transports(refusing.url), publicUrl })).toEqual({ sent: 0, retried: 0, failed: 1 });
      const [failed] = await rowsFor(eq(notifications.id, row.id));
      expect(failed.status).toBe("failed");
      expect(failed.lastError).toBe("smtp_550");
      expect(failed.lastError).not.toContain("@");
    } finally {
      await refusing.close();
    }
  });

  it("leaves a row held by a worker's lease alone until the lease runs out", async () => {
    const row = await queueOneEmail("message:leased");
    // A worker claims the row and then dies without a word.
    const [claimed] = await claimDue(test.db, 10, 60);
    expect(claimed.id).toBe(row.id);
    expect(await deliverDue(test.db, { transports: transports(), publicUrl })).toEqual({ sent: 0, retried: 0, failed: 0 });
    // The lease runs out.
    await test.db.update(notifications).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(notifications.id, row.id));
    expect(await deliverDue(test.db, { transports: transports(), publicUrl })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect((await rowsFor(eq(notifications.id, row.id)))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("two workers at once", () => {
  it("deliver each notification once", async () => {
    const solveig = await personNamed("Solveig");
    for (let i = 0; i < 12; i++)
      await notifyPerson(test.db, { municipalityId: test.municipalityId, personId: solveig.id, kind: "application_news", cause: `event:race-${i}` });
    const [a, b] = await Promise.all([
      deliverDue(test.db, { transports: transports(), publicUrl, limit: 30 }),
      deliverDue(test.db, { transports: transports(), publicUrl, limit: 30 }),
    ]);
    expect(a.sent + b.sent).toBe(24);
    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(capturedMessages()).toHaveLength(12);
    const rows = await rowsFor(eq(notifications.personId, solveig.id));
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});

describe("answers in a message thread", () => {
  it("notify at most once per thread per 30 minutes", async () => {
    const solveig = await personNamed("Solveig");
    const notify = (messageId: string, threadId: string) =>
      test.db.transaction((tx) =>
        notifyPerson(tx, {
          municipalityId: test.municipalityId,
          personId: solveig.id,
          kind: "message_reply",
          cause: `message:${messageId}`,
          throttle: { key: `thread:${threadId}`, minutes: 30 },
        }),
      );
    expect(await notify("m1", "t1")).toEqual({ queued: 2, throttled: false });
    expect(await notify("m2", "t1")).toEqual({ queued: 0, throttled: true });
    // Another thread is not held back.
    expect(await notify("m3", "t2")).toEqual({ queued: 2, throttled: false });
    // Two answers in the same thread at the same moment still make one notification.
    const both = await Promise.all([notify("m4", "t3"), notify("m5", "t3")]);
    expect(both.map((r) => r.queued).sort()).toEqual([0, 2]);

    // 31 minutes later, the next answer notifies again.
    await test.db.update(notifications).set({ createdAt: sql`now() - interval '31 minutes'` });
    expect(await notify("m6", "t1")).toEqual({ queued: 2, throttled: false });

    await deliverDue(test.db, { transports: transports(), publicUrl });
    expect(smtp.received).toHaveLength(4);
    for (const mail of smtp.received) expect(mail.subject).toBe("Du har fått svar fra Fjordvik kommune");
  });
});

describe("the caseworkers' daily digest", () => {
  it("goes once a day to those who asked, with only the count of unassigned threads", async () => {
    const solveig = await personNamed("Solveig");
    const [unit] = await test.db
      .insert(units)
      .values({
        municipalityId: test.municipalityId,
        slug: "digest-testenhet",
        name: "Digest-testenheten",
        displayName: { nb: "Testkontoret", nn: "Testkontoret", en: "the Test Office" },
      })
      .returning();
    const employee = (name: string, dailyDigest: boolean, email: string | null) =>
      test.db
        .insert(employees)
        .values({ municipalityId: test.municipalityId, issuer: "test", subject: `digest-${name}`, name, unit: unit.name, roles: ["caseworker"], email, dailyDigest })
        .returning()
        .then((r) => r[0]);
    const wants = await employee("Anne Testesen", true, "anne@fjordvik.example");
    await employee("Per Testesen", false, "per@fjordvik.example");
    await employee("Uten Adresse", true, null);
    const thread = (subject: string, assignedEmployeeId: string | null, state: "awaiting_municipality" | "closed") =>
      test.db.insert(messageThreads).values({
        municipalityId: test.municipalityId,
        personId: solveig.id,
        reference: `MLD-TEST-${subject}`,
        subject,
        unitId: unit.id,
        assignedEmployeeId,
        state,
      });

    // Nothing waiting: nothing queued.
    expect(await queueDailyDigests(test.db, "2026-11-27")).toBe(0);

    await thread("Hemmelig emne en", null, "awaiting_municipality");
    await thread("Hemmelig emne to", null, "awaiting_municipality");
    await thread("Hemmelig emne tre", null, "awaiting_municipality");
    await thread("Tildelt", wants.id, "awaiting_municipality");
    await thread("Lukket", null, "closed");

    expect(await queueDailyDigests(test.db, "2026-11-27")).toBe(1);
    expect(await queueDailyDigests(test.db, "2026-11-27")).toBe(0);
    await deliverDue(test.db, { transports: transports(), publicUrl });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.to).toEqual(["anne@fjordvik.example"]);
    expect(mail.body).toContain("Det ligger 3 meldinger uten saksbehandler i innboksen til Testkontoret.");
    expect(mail.subject).toBe("Meldinger uten saksbehandler hos Testkontoret");
    expect(mail.body).not.toContain("Hemmelig");
    expect(mail.body).not.toContain(solveig.givenName);

    // The next working day, a new one.
    expect(await queueDailyDigests(test.db, "2026-11-30")).toBe(1);

    // The scheduled run skips weekends and public holidays (times are 07:00 in Norway).
    expect(await runDailyDigest(test.db, new Date("2026-12-05T06:00:00Z"))).toBe(0); // Saturday
    expect(await runDailyDigest(test.db, new Date("2026-12-25T06:00:00Z"))).toBe(0); // 1. juledag
    expect(await runDailyDigest(test.db, new Date("2026-12-28T06:00:00Z"))).toBe(1); // Monday
  });
});

describe("keeping notifications", () => {
  it("removes sent and given-up notifications after 90 days, never one still waiting", async () => {
    const solveig = await personNamed("Solveig");
    const now = new Date("2026-11-27T07:00:00Z");
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const row = (key: string, status: "pending" | "sent" | "failed", createdAt: Date, sentAt: Date | null = null) => ({
      municipalityId: test.municipalityId,
      personId: solveig.id,
      channel: "email" as const,
      recipient: "solveig@example.test",
      kind: "application_news",
      idempotencyKey: key,
      status,
      createdAt,
      sentAt,
    });
    await test.db.insert(notifications).values([
      row("old-sent", "sent", daysAgo(120), daysAgo(119)),
      row("old-failed", "failed", daysAgo(95)),
      row("old-pending", "pending", daysAgo(200)),
      // Queued long ago but sent only 30 days ago: kept, counted from when it was sent.
      row("late-sent", "sent", daysAgo(100), daysAgo(30)),
      row("recent-sent", "sent", daysAgo(10), daysAgo(10)),
    ]);
    expect(await pruneNotifications(test.db, now)).toBe(2);
    const left = (await test.db.select({ key: notifications.idempotencyKey }).from(notifications)).map((r) => r.key).sort();
    expect(left).toEqual(["late-sent", "old-pending", "recent-sent"]);
    // A second run the same day has nothing more to remove.
    expect(await pruneNotifications(test.db, now)).toBe(0);
  });
});

describe("the texts", () => {
  it("exist for every kind in bokmål, nynorsk and English, with the count in the right number", () => {
    const base = { municipality: "Fjordvik kommune", publicUrl: "https://portal.example/" };
    expect(renderNotification({ ...base, kind: "message_reply", locale: "en" })).toEqual({
      subject: "You have an answer from Fjordvik kommune",
      text: "You have an answer from Fjordvik kommune. Log in at https://portal.example/min-side to read it.",
    });
    expect(renderNotification({ ...base, kind: "application_news", locale: "nn" }).text).toBe(
      "Nytt i saka di hos Fjordvik kommune. Logg inn på https://portal.example/min-side for å lese.",
    );
    const digest = (locale: string, count: number) => renderNotification({ ...base, kind: "inbox_digest", locale, digest: { unit: "Tildelingskontoret", count } }).text;
    expect(digest("nb", 1)).toMatch(/^Det ligger 1 melding uten saksbehandler i innboksen til Tildelingskontoret\./);
    expect(digest("nb", 3)).toMatch(/^Det ligger 3 meldinger uten saksbehandler i innboksen til Tildelingskontoret\./);
    expect(digest("nn", 2)).toMatch(/^Det ligg 2 meldingar utan sakshandsamar/);
    expect(digest("en", 1)).toMatch(/^There is 1 message without a caseworker/);
    // An unknown language falls back to bokmål.
    expect(renderNotification({ ...base, kind: "message_reply", locale: "de" }).subject).toBe("Du har fått svar fra Fjordvik kommune");
  });
});

describe("the SMS gateway adapter", () => {
  it("posts JSON with a bearer token and the notification id, and tells retryable failures from refusals", async () => {
    const requests: { headers: http.IncomingHttpHeaders; body: unknown }[] = [];
    let status = 200;
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        requests.push({ headers: req.headers, body: JSON.parse(body) });
        res.writeHead(status, { "content-type": "application/json" });
        res.end(status === 200 ? JSON.stringify({ id: "gw-123" }) : "{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    try {
      const gateway = httpSmsGateway({ url, token: "secret-token" });
      expect(await gateway.send("+47 400 00 001", "Nytt i saken din", { reference: "n-1" })).toEqual({ providerMessageId: "gw-123" });
      expect(requests[0].headers.authorization).toBe("Bearer secret-token");
      expect(requests[0].headers["idempotency-key"]).toBe("n-1");
      expect(requests[0].body).toEqual({ to: "+4740000001", text: "Nytt i saken din", reference: "n-1" });

      status = 503;
      await expect(gateway.send("40000001", "x", { reference: "n-2" })).rejects.toMatchObject({ kind: "sms_http_503", transient: true });
      status = 400;
      await expect(gateway.send("40000001", "x", { reference: "n-3" })).rejects.toMatchObject({ kind: "sms_http_400", transient: false });
    } finally {
      await new Promise((r) => server.close(r));
    }
    const closed = httpSmsGateway({ url, token: "t" });
    await expect(closed.send("40000001", "x")).rejects.toMatchObject({ kind: "sms_unavailable", transient: true });
  });
});

describe("production settings", () => {
  const production = {
    PORTAL_ENV: "production",
    IDPORTEN_ISSUER: "https://idporten.no",
    IDPORTEN_CLIENT_ID: "portal",
    IDPORTEN_CLIENT_SECRET: "secret",
    EMPLOYEE_OIDC_ISSUER: "https://login.example/ansatt",
    EMPLOYEE_OIDC_CLIENT_ID: "portal-ansatt",
    EMPLOYEE_OIDC_CLIENT_SECRET: "secret",
    SESSION_SECRET: "s".repeat(40),
    PID_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    PUBLIC_URL: "https://portal.example",
    DATABASE_URL: "postgres://user:pw@127.0.0.1:5432/db",
    SMTP_URL: "smtp://smtp.example:587",
    NOTIFY_FROM: "Fjordvik kommune <varsel@portal.example>",
    SMS_GATEWAY_URL: "https://sms.example/send",
    SMS_GATEWAY_TOKEN: "token",
  };

  // Other settings production demands are tested where they belong; this looks at ours only.
  const problems = (env: Record<string, string>) => {
    try {
      parseEnv(env);
      return "";
    } catch (error) {
      return (error as Error).message;
    }
  };
  const ours = ["SMTP_URL", "NOTIFY_FROM", "SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN"];

  it("refuses to start without SMTP and SMS settings, naming each", () => {
    const complete = problems(production);
    for (const key of ours) expect(complete).not.toContain(key);
    const { SMTP_URL: _s, SMS_GATEWAY_URL: _g, SMS_GATEWAY_TOKEN: _t, NOTIFY_FROM: _f, ...without } = production;
    const message = problems(without);
    for (const key of ours) expect(message).toContain(key);
    // A demo without them captures locally instead.
    expect(() => parseEnv({})).not.toThrow();
    expect(() => parseEnv({ SMTP_URL: "http://nope" })).toThrow(/SMTP_URL/);
  });
});
