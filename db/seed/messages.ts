// Demo message threads between synthetic residents and the demo municipality's units, and the
// units' reply templates. Every person and text here is invented. Times are relative to the first
// time the demo is seeded.
//
// Idempotent: a thread is keyed by its resident and a fixed client key ("demo-<n>"), so a repeated
// run stores each once; templates are added only to a unit that has none.

import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../app/.server/db/client";
import { syntheticRegister, upsertResident } from "../../app/.server/auth/people";
import { lookupHash } from "../../app/.server/secrets";
import { addWorkingDays } from "../../app/utils/working-days";
import { osloYear } from "../../app/utils/dates";
import { applications, messages, messageThreads, persons, replyTemplates, units, type ThreadState } from "../schema";
import { syntheticPersons } from "./persons";

const hour = 60 * 60 * 1000;

type DemoMessage = { from: "resident" | "employee"; hoursAgo: number; body: string; internal?: boolean; read: boolean };
type DemoThread = {
  key: string;
  givenName: string;
  unit: string;
  subject: string;
  application?: string;
  state: ThreadState;
  messages: DemoMessage[];
};

const demoThreads: DemoThread[] = [
  {
    // Answered, and tied to Solveig's application.
    key: "demo-1",
    givenName: "Solveig",
    unit: "tildelingskontoret",
    subject: "Besøk om morgenen",
    application: "SOK-2026-000101",
    state: "awaiting_resident",
    messages: [
      {
        from: "resident",
        hoursAgo: 75,
        read: true,
        body: "Hei. Jeg har fått vedtaket om hjemmesykepleie. Jeg er svimmel om morgenen og vil gjerne ha besøk da også. Hva kan jeg gjøre?",
      },
      {
        from: "employee",
        hoursAgo: 52,
        read: false,
        internal: true,
        body: "Fastlegen har sendt ny epikrise. Vurder nytt kartleggingsbesøk.",
      },
      {
        from: "employee",
        hoursAgo: 50,
        read: true,
        body: "Hei, Solveig. Takk for meldingen. Du kan klage på vedtaket, eller vi kan komme på et nytt besøk og se på behovet ditt om morgenen. Vil du at vi ringer deg for å avtale et besøk?",
      },
    ],
  },
  {
    // Waiting for the municipality.
    key: "demo-2",
    givenName: "Ingrid",
    unit: "hjemmetjenesten",
    subject: "Nytt tidspunkt for hjelp med handling",
    state: "awaiting_municipality",
    messages: [
      {
        from: "resident",
        hoursAgo: 20,
        read: false,
        body: "Hei. Kan dere komme på torsdager i stedet for tirsdager? Datteren min kan kjøre meg til fysioterapeuten på tirsdager.",
      },
    ],
  },
  {
    // Answered and closed; the answer not read yet.
    key: "demo-3",
    givenName: "Bjørn",
    unit: "frisklivssentralen",
    subject: "Trening etter sykehusoppholdet",
    state: "closed",
    messages: [
      {
        from: "resident",
        hoursAgo: 120,
        read: true,
        body: "Hei. Jeg ble skrevet ut fra sykehuset for to uker siden. Kan jeg bli med på treningsgruppen deres?",
      },
      {
        from: "employee",
        hoursAgo: 100,
        read: false,
        body: "Hei, Bjørn. Ja, det kan du. Gruppen trener mandag og torsdag klokken 10 på Fjordvik helsehus. Ta med gode sko. Vi ses!",
      },
    ],
  },
];

const employeeOf: Record<string, { name: string; unit: string }> = {
  tildelingskontoret: { name: "Kari Nordmann", unit: "Tildelingskontoret" },
  hjemmetjenesten: { name: "Nora Fjordheim", unit: "Hjemmetjenesten" },
  frisklivssentralen: { name: "Mona Storvik", unit: "Frisklivssentralen" },
};

const demoTemplates: Record<string, { title: string; body: string }[]> = {
  tildelingskontoret: [
    {
      title: "Takk, vi ser på saken",
      body: "Takk for meldingen. Vi ser på saken din og svarer deg så snart vi kan. Du trenger ikke gjøre noe nå.",
    },
    {
      title: "Tilbud om kartleggingsbesøk",
      body: "Takk for meldingen. Vi vil gjerne komme hjem til deg og snakke om hva du trenger hjelp til. Vi ringer deg for å avtale et tidspunkt.",
    },
  ],
  hjemmetjenesten: [
    {
      title: "Endring av tidspunkt",
      body: "Takk for meldingen. Vi har endret tidspunktet for besøket slik du ba om. Gi oss beskjed hvis noe ikke passer.",
    },
    {
      title: "Vi ringer deg",
      body: "Takk for meldingen. Vi ringer deg i løpet av dagen for å snakke mer om dette.",
    },
  ],
  "psykisk-helse-og-rus": [
    {
      title: "Takk, vi tar kontakt",
      body: "Takk for at du skrev til oss. En av oss tar kontakt med deg snart. Trenger du hjelp med en gang, ring legevakten på 116 117.",
    },
  ],
  frisklivssentralen: [
    {
      title: "Velkommen til gruppen",
      body: "Hei. Du er velkommen til treningsgruppen vår. Vi trener mandag og torsdag klokken 10. Ta med gode sko.",
    },
  ],
};

async function personIdOf(db: Database, pid: string) {
  const [existing] = await db.select({ id: persons.id }).from(persons).where(eq(persons.pidHash, lookupHash(pid))).limit(1);
  return existing?.id ?? (await upsertResident(db, pid, syntheticRegister));
}

/** Seeds the demo threads and reply templates. Run after the units and applications. */
export async function seedDemoMessages(db: Database, municipalityId: string, now = new Date()) {
  const unitRows = await db
    .select({ id: units.id, slug: units.slug, replyWorkingDays: units.replyWorkingDays })
    .from(units)
    .where(eq(units.municipalityId, municipalityId));
  const unitBySlug = new Map(unitRows.map((u) => [u.slug, u]));
  const year = osloYear(now);

  for (const [index, demo] of demoThreads.entries()) {
    const person = syntheticPersons.find((p) => p.givenName === demo.givenName);
    const unit = unitBySlug.get(demo.unit);
    if (!person || !unit) continue;
    const personId = await personIdOf(db, person.pid);
    const [present] = await db
      .select({ id: messageThreads.id })
      .from(messageThreads)
      .where(and(eq(messageThreads.personId, personId), eq(messageThreads.clientKey, demo.key)))
      .limit(1);
    if (present) continue;
    const [application] = demo.application
      ? await db
          .select({ id: applications.id })
          .from(applications)
          .where(and(eq(applications.municipalityId, municipalityId), eq(applications.reference, demo.application)))
      : [];
    const at = (m: DemoMessage) => new Date(now.getTime() - m.hoursAgo * hour);
    const lastResident = demo.messages.filter((m) => m.from === "resident").at(-1)!;
    const lastVisible = demo.messages.filter((m) => !m.internal).at(-1)!;
    await db.transaction(async (tx) => {
      const [thread] = await tx
        .insert(messageThreads)
        .values({
          municipalityId,
          personId,
          reference: `MLD-${year}-${String(index + 1).padStart(6, "0")}`,
          subject: demo.subject,
          applicationId: application?.id ?? null,
          unitId: unit.id,
          state: demo.state,
          dueAt: demo.state === "awaiting_municipality" ? addWorkingDays(at(lastResident), unit.replyWorkingDays) : null,
          lastMessageAt: at(lastVisible),
          clientKey: demo.key,
          createdAt: at(demo.messages[0]),
        })
        .onConflictDoNothing()
        .returning({ id: messageThreads.id });
      if (!thread) return;
      const employee = employeeOf[demo.unit];
      await tx.insert(messages).values(
        demo.messages.map((m, n) => ({
          threadId: thread.id,
          municipalityId,
          authorKind: m.from === "resident" ? ("person" as const) : ("employee" as const),
          authorPersonId: m.from === "resident" ? personId : null,
          authorName: m.from === "resident" ? `${person.givenName} ${person.familyName}` : employee.name,
          authorUnit: m.from === "resident" ? null : employee.unit,
          body: m.body,
          internal: m.internal ?? false,
          clientKey: `${demo.key}-${n + 1}`,
          readAt: m.read ? new Date(at(m).getTime() + hour) : null,
          createdAt: at(m),
        })),
      );
    });
  }

  const withTemplates = new Set(
    (
      await db
        .select({ unitId: replyTemplates.unitId })
        .from(replyTemplates)
        .where(inArray(replyTemplates.unitId, unitRows.map((u) => u.id).concat("00000000-0000-0000-0000-000000000000")))
    ).map((r) => r.unitId),
  );
  for (const [slug, templates] of Object.entries(demoTemplates)) {
    const unit = unitBySlug.get(slug);
    if (!unit || withTemplates.has(unit.id)) continue;
    await db
      .insert(replyTemplates)
      .values(templates.map((t) => ({ municipalityId, unitId: unit.id, title: t.title, body: t.body, updatedBy: "Startdata" })));
  }
}
