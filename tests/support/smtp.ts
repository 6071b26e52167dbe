// A real SMTP server on a free local port (the smtp-server package) that keeps what arrives, for
// the notification tests. `stall` makes it hold every message in DATA without answering, so a
// sender can be caught mid-send; `refuse` answers RCPT TO with a permanent 550.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; raw: string; messageId: string; subject: string; body: string };

export type TestSmtp = {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Resolves when a message's DATA has begun (with stall on, it then hangs there). */
  dataStarted: Promise<void>;
  close(): Promise<void>;
};

export async function startSmtp(options: { stall?: boolean; refuse?: boolean; port?: number } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let markDataStarted!: () => void;
  const dataStarted = new Promise<void>((r) => (markDataStarted = r));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse) {
        const error = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      markDataStarted();
      const chunks: Buffer[] = [];
      stream.on("error", () => {});
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        // Stalling: read the message but never answer, like a server that hangs after DATA.
        if (options.stall) return;
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, ...parseMail(raw) });
        callback();
      });
    },
  });
  // A client killed mid-send resets the connection; for these tests that is expected, not a fault.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    dataStarted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers and the text body, with quoted-printable and encoded words decoded. */
export function parseMail(raw: string) {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1] ?? "";
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(header("Content-Transfer-Encoding"))) body = decodeQuotedPrintable(body);
  else if (/base64/i.test(header("Content-Transfer-Encoding"))) body = Buffer.from(body, "base64").toString("utf8");
  const subject = header("Subject").replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
  );
  return { messageId: header("Message-ID"), subject, body };
}

function decodeQuotedPrintable(text: string) {
  const joined = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === "=" && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}
