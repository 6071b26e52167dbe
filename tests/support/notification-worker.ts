// One notification worker run in a process of its own, for the crash test
// (tests/integration/notifications-crash.test.ts): it opens the database named in its environment
// (WORKER_DATABASE_URL, or PGlite in WORKER_DATA_DIR), delivers what is due once through the SMTP
// server in SMTP_URL with a lease of LEASE_SECONDS, prints the report as JSON and exits.
import { openDatabase } from "~/.server/db/client";
import { captureSmsGateway, smtpSender } from "~/.server/notifications/transports";
import { deliverDue } from "~/.server/notifications/worker";

const handle = openDatabase({ url: process.env.WORKER_DATABASE_URL || undefined, dataDir: process.env.WORKER_DATA_DIR });
const email = smtpSender({ url: process.env.SMTP_URL!, from: "varsel@portal.fjordvik.example", socketTimeoutMs: 120_000 });
try {
  const report = await deliverDue(handle.db, {
    transports: { email, sms: captureSmsGateway(), captured: false },
    publicUrl: "https://portal.fjordvik.example",
    leaseSeconds: Number(process.env.LEASE_SECONDS ?? 120),
  });
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  email.close();
  await handle.close();
}
