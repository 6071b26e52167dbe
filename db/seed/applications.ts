// Demo applications for three of the synthetic residents, as the case system (fagsystem) would
// have registered them: made on paper or by phone, with their case events. Every person, case
// and text here is invented. Dates are relative to the first time the demo is seeded.
//
// Idempotent: an application that already exists (by reference) is left alone, and events are
// keyed ("demo-<reference>-<n>") so a repeated run stores each one once.

import { and, eq } from "drizzle-orm";
import type { Database } from "../../app/.server/db/client";
import { osloDate } from "../../app/utils/dates";
import { addCalendarDays } from "../../app/utils/working-days";
import { refreshApplicationProjection } from "../../app/.server/applications/projection";
import { syntheticRegister, upsertResident } from "../../app/.server/auth/people";
import { lookupHash, sha256 } from "../../app/.server/secrets";
import { applicationEvents, applications, auditEntries, persons, type ApplicationEventType } from "../schema";
import { syntheticPersons } from "./persons";

type DemoEvent = { type: ApplicationEventType; daysAgo: number; payload?: Record<string, unknown> };
type DemoAudit = { daysAgo: number; minute: number; actorKind: "employee" | "system"; actorName: string; actorUnit?: string; action: string };
type DemoApplication = {
  givenName: string;
  reference: string;
  services: string[];
  channel: "paper" | "phone";
  events: DemoEvent[];
  audit: DemoAudit[];
};

/**
 * The calendar date in Norway `days` from `now` (negative: in the past), as the case system sends
 * dates. Counted in calendar days from today's date: `now` ± whole days of 24 hours falls on the
 * date next to it late in the evening when summer time begins or ends in between.
 */
const dateFrom = (now: Date, days: number) => addCalendarDays(osloDate(now), days);

/** Mid-morning in Norway (09:00 UTC) on the Norwegian calendar date `days` from `now`. */
const atOsloMorning = (now: Date, days: number) => new Date(`${dateFrom(now, days)}T09:00:00Z`);

function demoApplications(now: Date): DemoApplication[] {
  return [
    {
      givenName: "Solveig",
      reference: "SOK-2026-000101",
      services: ["hjemmesykepleie"],
      channel: "paper",
      events: [
        { type: "received", daysAgo: 38 },
        { type: "assessment_planned", daysAgo: 33, payload: { plannedAt: atOsloMorning(now, -27).toISOString() } },
        {
          type: "decided",
          daysAgo: 10,
          payload: {
            outcomes: [
              {
                service: "hjemmesykepleie",
                outcome: "partly_granted",
                description:
                  "Du får hjemmesykepleie tre ganger i uken: hjelp med medisinene og sårstell på leggen. Du får ikke besøk hver morgen, slik du søkte om.",
              },
            ],
            reasoning:
              "Ved kartleggingsbesøket så vi at du klarer å stå opp, vaske deg og kle på deg selv. Du trenger hjelp med å ta riktige medisiner og med sårstellet på leggen. Det dekker vi med tre besøk i uken. Vi mener at du ikke trenger besøk hver morgen nå. Blir det vanskeligere for deg, kan du søke på nytt.",
            criteria: [
              "Hva du klarer selv i hverdagen (kartleggingsbesøket)",
              "Helseopplysninger fra fastlegen om medisiner og sår",
              "At du bor alene og ønsker å bo hjemme",
            ],
          },
        },
      ],
      audit: [
        { daysAgo: 33, minute: 47, actorKind: "employee", actorName: "Kari Nordmann", actorUnit: "Tildelingskontoret", action: "application.viewed" },
        { daysAgo: 10, minute: 12, actorKind: "employee", actorName: "Kari Nordmann", actorUnit: "Tildelingskontoret", action: "application.decided" },
        { daysAgo: 10, minute: 14, actorKind: "system", actorName: "Gerica", action: "application.updated" },
      ],
    },
    {
      givenName: "Ingrid",
      reference: "SOK-2026-000102",
      services: ["praktisk-bistand"],
      channel: "phone",
      events: [
        // Five weeks ago, with no decision and no preliminary reply: the reply is overdue.
        { type: "received", daysAgo: 35 },
        {
          type: "documentation_requested",
          daysAgo: 12,
          payload: {
            description: "En kort uttalelse fra fastlegen om hva du ikke kan gjøre selv etter hofteoperasjonen.",
            dueDate: dateFrom(now, 16),
          },
        },
      ],
      audit: [
        { daysAgo: 12, minute: 31, actorKind: "employee", actorName: "Sigrid Bergsland", actorUnit: "Tildelingskontoret", action: "application.viewed" },
      ],
    },
    {
      givenName: "Randi",
      reference: "SOK-2026-000103",
      services: ["avlastning"],
      channel: "paper",
      events: [
        { type: "received", daysAgo: 70 },
        { type: "preliminary_reply", daysAgo: 45, payload: { expectedDecisionBy: dateFrom(now, -40) } },
        {
          type: "decided",
          daysAgo: 42,
          payload: {
            outcomes: [
              {
                service: "avlastning",
                outcome: "granted",
                description: "Moren din får et avlastningsopphold på Fjordvik helsehus ett døgn annenhver uke.",
              },
            ],
            reasoning:
              "Du gir moren din mye og tung omsorg hver dag. Avlastning skal gi deg tid til å hvile og ta vare på din egen helse, slik at du kan fortsette å hjelpe henne.",
            criteria: ["Hvor mye omsorg du gir hver uke", "Hvordan omsorgen påvirker helsen din"],
          },
        },
        { type: "service_started", daysAgo: 35, payload: { service: "avlastning", startDate: dateFrom(now, -35) } },
      ],
      audit: [],
    },
  ];
}

async function personId(db: Database, pid: string) {
  const [existing] = await db.select({ id: persons.id }).from(persons).where(eq(persons.pidHash, lookupHash(pid))).limit(1);
  return existing?.id ?? (await upsertResident(db, pid, syntheticRegister));
}

/** Seeds the demo applications of the demo municipality. Safe to run at every start. */
export async function seedDemoApplications(db: Database, municipalityId: string, now = new Date()) {
  for (const demo of demoApplications(now)) {
    const person = syntheticPersons.find((p) => p.givenName === demo.givenName);
    if (!person) throw new Error(`No synthetic person named ${demo.givenName}`);
    const [present] = await db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.municipalityId, municipalityId), eq(applications.reference, demo.reference)))
      .limit(1);
    if (present) continue;

    const subject = await personId(db, person.pid);
    await db.transaction(async (tx) => {
      const [application] = await tx
        .insert(applications)
        .values({
          municipalityId,
          personId: subject,
          reference: demo.reference,
          serviceSlugs: demo.services,
          channel: demo.channel,
          // When its first and its last event happened (below).
          createdAt: atOsloMorning(now, -demo.events[0].daysAgo),
          updatedAt: atOsloMorning(now, -demo.events[demo.events.length - 1].daysAgo),
        })
        .onConflictDoNothing()
        .returning({ id: applications.id });
      if (!application) return;
      await tx
        .insert(applicationEvents)
        .values(
          demo.events.map((event, index) => {
            const occurredAt = atOsloMorning(now, -event.daysAgo);
            const payload = event.payload ?? {};
            return {
              applicationId: application.id,
              municipalityId,
              type: event.type,
              payload,
              source: "fagsystem" as const,
              idempotencyKey: `demo-${demo.reference}-${index + 1}`,
              bodyHash: sha256(JSON.stringify({ type: event.type, occurredAt: occurredAt.toISOString(), payload })),
              occurredAt,
            };
          }),
        )
        .onConflictDoNothing();
      await refreshApplicationProjection(tx, application.id, now);
      if (demo.audit.length > 0) {
        await tx.insert(auditEntries).values(
          demo.audit.map((entry) => ({
            municipalityId,
            actorKind: entry.actorKind,
            actorName: entry.actorName,
            actorUnit: entry.actorUnit ?? null,
            subjectPersonId: subject,
            action: entry.action,
            objectType: "application",
            objectId: application.id,
            at: new Date(atOsloMorning(now, -entry.daysAgo).getTime() + entry.minute * 60 * 1000),
          })),
        );
      }
    });
  }
}
