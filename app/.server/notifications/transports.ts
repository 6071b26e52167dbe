// Where notifications go: e-mail through SMTP (nodemailer) and SMS through a gateway adapter.
// A demo without SMTP_URL / SMS_GATEWAY_URL captures what it would have sent in memory, shown at
// /dev/utboks. Every failure becomes a DeliveryError with a short kind ("smtp_unavailable",
// "sms_http_503") that is safe to store and log: never the address, the text or the server's
// reply, which can quote either.
import nodemailer from "nodemailer";
import type { Env } from "../env";

export class DeliveryError extends Error {
  constructor(
    readonly kind: string,
    /** Worth trying again later (server down, 4xx deferral); false for a refusal that will not change. */
    readonly transient: boolean,
  ) {
    super(kind);
    this.name = "DeliveryError";
  }
}

export type EmailMessage = { to: string; subject: string; text: string; messageId: string };

export interface EmailSender {
  /** Resolves with the Message-ID the SMTP server accepted. */
  send(message: EmailMessage): Promise<{ providerMessageId: string }>;
  close(): void;
}

export interface SmsGateway {
  /** `reference` is the notification's id: the gateway can use it to recognise a repeat. */
  send(to: string, text: string, options?: { reference?: string }): Promise<{ providerMessageId: string }>;
}

export type Transports = { email: EmailSender; sms: SmsGateway; captured: boolean };

// ---------------------------------------------------------------------------------------------
// SMTP

export type SmtpOptions = { url: string; from: string; socketTimeoutMs?: number };

export function smtpSender(options: SmtpOptions): EmailSender {
  // Timeouts shorter than the worker's lease, so a hung server fails the attempt instead of
  // outliving the lease and letting a second worker send the same message.
  const transport = nodemailer.createTransport(
    {
      url: options.url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: options.socketTimeoutMs ?? 30_000,
    },
    { from: options.from },
  );
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: message.messageId,
        });
        return { providerMessageId: info.messageId || message.messageId };
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}

export function classifySmtpError(error: unknown): DeliveryError {
  const e = error as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === "number") {
    // 4xx: the server asks us to come back later; 5xx: it refuses, and will again.
    return new DeliveryError(`smtp_${e.responseCode}`, e.responseCode < 500);
  }
  const code = typeof e.code === "string" ? e.code : "";
  if (code === "ETIMEDOUT") return new DeliveryError("smtp_timeout", true);
  if (["ECONNECTION", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "ETLS"].includes(code))
    return new DeliveryError("smtp_unavailable", true);
  if (code === "EENVELOPE") return new DeliveryError("smtp_bad_address", false);
  return new DeliveryError("smtp_error", true);
}

// ---------------------------------------------------------------------------------------------
// SMS over HTTP. The contract assumed of the gateway (most Norwegian SMS gateways offer one like
// it; write an adapter of this interface for one that differs):
//
//   POST <SMS_GATEWAY_URL>
//   Authorization: Bearer <SMS_GATEWAY_TOKEN>
//   Content-Type: application/json
//   Idempotency-Key: <notification id>
//   { "to": "+4740000001", "text": "…", "reference": "<notification id>" }
//
//   2xx with { "id": "<gateway's message id>" } (the body may be empty: the reference is kept);
//   408, 425, 429 and 5xx are retried later; any other 4xx is a refusal and is not retried.

export type HttpSmsOptions = { url: string; token: string; timeoutMs?: number; fetch?: typeof fetch };

export function httpSmsGateway(options: HttpSmsOptions): SmsGateway {
  const doFetch = options.fetch ?? fetch;
  return {
    async send(to, text, extra) {
      const reference = extra?.reference;
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: "POST",
          headers: {
            authorization: `Bearer ${options.token}`,
            "content-type": "application/json",
            accept: "application/json",
            ...(reference ? { "idempotency-key": reference } : {}),
          },
          body: JSON.stringify({ to: normaliseMobile(to), text, reference }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
        });
      } catch (error) {
        const name = (error as { name?: string }).name;
        throw new DeliveryError(name === "TimeoutError" ? "sms_timeout" : "sms_unavailable", true);
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        const retry = response.status >= 500 || [408, 425, 429].includes(response.status);
        throw new DeliveryError(`sms_http_${response.status}`, retry);
      }
      const body = (await response.json().catch(() => null)) as { id?: unknown } | null;
      const id = body && (typeof body.id === "string" || typeof body.id === "number") ? String(body.id) : reference;
      return { providerMessageId: id ?? "accepted" };
    },
  };
}

/** "+47 400 00 001" or "40000001" → "+4740000001". */
export function normaliseMobile(value: string): string {
  const compact = value.replace(/[\s()-]/g, "").replace(/^00/, "+");
  return /^\d{8}$/.test(compact) ? `+47${compact}` : compact;
}

// ---------------------------------------------------------------------------------------------
// The demo's capture: what would have been sent, newest last, kept in this process's memory (on
// globalThis so the Vite dev server's reloads keep it). Never used when PORTAL_ENV=production.

export type CapturedMessage = {
  notificationId: string | null;
  channel: "email" | "sms";
  recipient: string;
  subject: string | null;
  text: string;
  at: string;
};

const store = globalThis as unknown as { __portalCapturedNotifications?: CapturedMessage[] };
const captureLimit = 500;

function capture(message: CapturedMessage) {
  const list = (store.__portalCapturedNotifications ??= []);
  list.push(message);
  if (list.length > captureLimit) list.splice(0, list.length - captureLimit);
}

/** Captured messages, newest first. */
export function capturedMessages(): CapturedMessage[] {
  return [...(store.__portalCapturedNotifications ?? [])].reverse();
}

export function clearCapturedMessages() {
  store.__portalCapturedNotifications = [];
}

export function captureEmailSender(): EmailSender {
  return {
    async send(message) {
      capture({
        notificationId: idFromMessageId(message.messageId),
        channel: "email",
        recipient: message.to,
        subject: message.subject,
        text: message.text,
        at: new Date().toISOString(),
      });
      return { providerMessageId: message.messageId };
    },
    close() {},
  };
}

export function captureSmsGateway(): SmsGateway {
  return {
    async send(to, text, extra) {
      capture({ notificationId: extra?.reference ?? null, channel: "sms", recipient: to, subject: null, text, at: new Date().toISOString() });
      return { providerMessageId: `captured-${extra?.reference ?? Date.now()}` };
    },
  };
}

function idFromMessageId(messageId: string) {
  return /^<([^@>]+)@/.exec(messageId)?.[1] ?? null;
}

/** The demo's outbox page (/dev/utboks) exists only outside production, like the test logins. */
export function devOutboxEnabled(env: Pick<Env, "PORTAL_ENV">) {
  return env.PORTAL_ENV !== "production";
}

/** The transports the settings ask for: real ones when configured, else the demo's capture. */
export function transportsFromEnv(env: Env): Transports {
  if (env.PORTAL_ENV === "production" && (!env.SMTP_URL || !env.SMS_GATEWAY_URL))
    throw new Error("Notifications need SMTP_URL and SMS_GATEWAY_URL in production");
  const email = env.SMTP_URL ? smtpSender({ url: env.SMTP_URL, from: env.NOTIFY_FROM! }) : captureEmailSender();
  const sms = env.SMS_GATEWAY_URL ? httpSmsGateway({ url: env.SMS_GATEWAY_URL, token: env.SMS_GATEWAY_TOKEN! }) : captureSmsGateway();
  return { email, sms, captured: !env.SMTP_URL || !env.SMS_GATEWAY_URL };
}
