import { createHash, randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, like, sql } from "drizzle-orm";
import { z } from "zod";
import {
  applicationEvents,
  applications,
  auditEntries,
  persons,
  services,
  type Application,
  type ApplicationEvent,
  type ApplicationEventType,
  type DecisionOutcome,
} from "../../../db/schema";
import { RegisterUnavailableError, upsertResident, UnknownPersonError } from "../auth/people";
import { ApiProblem } from "./api-http";
import type { Database } from "../db";
import { getEnv } from "../env";
import { lookupHash } from "../secrets";
import type { Transaction } from "../services/publish";
import { submissionsForCaseSystem, type CaseSubmission } from "./case-documents";
import { recordEvent } from "./events";
import type { IntegrationActor } from "./integration-keys";
import { readProjectionInput, refreshApplicationProjection } from "./projection";
import { validateFodselsnummer } from "~/utils/fodselsnummer";
import { safeFilename, sniffMime } from "../documents/upload";
import { storeDocument } from "../documents/store";
import { appealRulesOf } from "./decision-letter";
import { osloYear } from "~/utils/dates";
import { serviceSlugPattern } from "~/utils/applications";

// What the municipality's case system (fagsystem) writes through the API: applications made on
// paper or by phone, and the case events of any application. Every function takes the caller
// (an integration key, scoped to one municipality) and touches only that municipality's rows.
//
// Idempotency: the sender's `id` is stored as the event's idempotency key (unique per
// municipality) with a SHA-256 of the normalised request. The same id with the same body
// answers the stored result; the same id with another body is a conflict. Two identical requests
// racing each other store one event: the insert is `on conflict do nothing`, and the loser reads
// the winner's row.

// ---------------------------------------------------------------------------------------------
// Errors

export type InvalidParam = { name: string; reason: string };

/** A request the domain refuses; the API answers it as problem+json (api-http.ts). */
export class IngestError extends Error {
  constructor(
    readonly kind: "invalid" | "not_found" | "conflict" | "unknown_person",
    readonly detail: string,
    readonly invalidParams?: InvalidParam[],
  ) {
    super(detail);
    this.name = "IngestError";
  }
}

const invalid = (params: InvalidParam[]) =>
  new IngestError("invalid", "Ett eller flere felt er ugyldige. Se invalid-params.", params);

// ---------------------------------------------------------------------------------------------
// Schemas

const futureToleranceMs = 5 * 60_000;

const text = (max: number) => z.string().trim().min(1).max(max);
/** An instant with a time zone (ISO 8601), normalised to UTC with milliseconds. */
const instant = z
  .string()
  .datetime({ offset: true })
  .transform((v) => new Date(v).toISOString());
const pastInstant = instant.refine((v) => Date.parse(v) <= Date.now() + futureToleranceMs, "kan ikke være fram i tid");
const day = z.string().date();
const serviceSlug = z.string().regex(serviceSlugPattern, "må være en tjenestes slug, f.eks. praktisk-bistand");
const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "kan bare ha synlige ASCII-tegn, uten mellomrom");
const referencePattern = /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/;

export const decisionOutcomes = ["granted", "partly_granted", "refused", "dismissed"] as const satisfies readonly DecisionOutcome[];

const base = { id: idempotencyKey, occurredAt: pastInstant };
const variant = <T extends ApplicationEventType, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ ...base, type: z.literal(type), ...shape }).strict();

/** Outcomes per service, each service once. */
const outcomes = z
  .array(
    z
      .object({ service: serviceSlug, outcome: z.enum(decisionOutcomes), description: text(2000).optional() })
      .strict(),
  )
  .min(1)
  .max(20)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((o, i) => {
      if (seen.has(o.service)) ctx.addIssue({ code: "custom", path: [i, "service"], message: "er oppgitt mer enn én gang" });
      seen.add(o.service);
    });
  });

/** A decision letter may be at most 5 MB; the events endpoint takes bodies up to 8 MB for it. */
export const maxLetterBytes = 5 * 1024 * 1024;
export const maxEventBodyBytes = 8 * 1024 * 1024;
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The decision letter as a PDF file in base64. Checked by its content: the bytes must be a PDF
 * (sniffMime), not empty and at most maxLetterBytes, whatever the file name says.
 */
const letterSchema = z
  .object({
    filename: text(200),
    contentBase64: z.string().superRefine((value, ctx) => {
      if (value.length > Math.ceil(maxLetterBytes / 3) * 4) {
        ctx.addIssue({ code: "custom", message: `kan være høyst ${maxLetterBytes} byte (før base64)` });
        return;
      }
      if (!base64Pattern.test(value) || value.length % 4 !== 0) {
        ctx.addIssue({ code: "custom", message: "må være base64 (RFC 4648, med utfylling)" });
        return;
      }
      const bytes = Buffer.from(value, "base64");
      if (bytes.byteLength === 0) ctx.addIssue({ code: "custom", message: "er tom" });
      else if (bytes.byteLength > maxLetterBytes) ctx.addIssue({ code: "custom", message: `kan være høyst ${maxLetterBytes} byte (før base64)` });
      else if (sniffMime(bytes) !== "application/pdf") ctx.addIssue({ code: "custom", message: "må være en PDF (innholdet er sjekket, ikke navnet)" });
      }),
  })
  .strict();

// An appeal's result (the municipality's reconsideration, fvl § 33, or Statsforvalteren's
// decision) is the outcome the decision has after it: `outcome` for every decided service, or
// `outcomes` per service (status.ts applies them over the decision's).
/** A case event as the case system sends it, discriminated by `type`. */
export const caseEventSchema = z.discriminatedUnion("type", [
  variant("received", { caseNumber: text(64).optional() }),
  variant("preliminary_reply", { expectedDecisionBy: day, description: text(2000).optional() }),
  variant("assessment_planned", { plannedAt: instant, description: text(2000).optional() }),
  variant("documentation_requested", { description: text(4000), dueDate: day }),
  variant("documentation_received", { description: text(2000).optional() }),
  variant("decided", {
    outcomes,
    reasoning: text(20_000),
    criteria: z.array(text(2000)).max(50).optional(),
    legalBasis: text(4000).optional(),
    letter: letterSchema.optional(),
  }),
  // A resident's appeal sent through the portal also carries what they wrote (the same fields).
  variant("appeal_received", {
    description: text(4000).optional(),
    services: z.array(serviceSlug).min(1).max(20).optional(),
    disagreement: text(4000).optional(),
    reasons: text(4000).optional(),
    wish: text(4000).optional(),
  }),
  variant("appeal_reconsidered", { outcome: z.enum(decisionOutcomes), outcomes: outcomes.optional(), reasoning: text(20_000).optional() }),
  variant("appeal_forwarded", { description: text(2000).optional() }),
  variant("appeal_decided", { outcome: z.enum(decisionOutcomes), outcomes: outcomes.optional(), reasoning: text(20_000) }),
  variant("service_started", { service: serviceSlug, startDate: day, description: text(2000).optional() }),
  variant("service_changed", { service: serviceSlug, description: text(4000), fromDate: day.optional(), reasoning: text(4000).optional() }),
  variant("service_ended", { service: serviceSlug, endDate: day, description: text(2000).optional() }),
]);
export type CaseEventInput = z.infer<typeof caseEventSchema>;
/** The type-specific part of an event, as stored in `application_events.payload`. */
export type CaseEventPayload<T extends ApplicationEventType = ApplicationEventType> = Omit<
  Extract<CaseEventInput, { type: T }>,
  "id" | "type" | "occurredAt"
>;

// Every type in the schema's list has a variant, and no more (checked by the compiler).
type MissingVariant = Exclude<ApplicationEventType, CaseEventInput["type"]>;
const allTypesCovered: MissingVariant extends never ? true : never = true;
void allTypesCovered;

const pid = z
  .string()
  .regex(/^\d{11}$/, "må være 11 siffer")
  .refine((v) => validateFodselsnummer(v).valid, "er ikke et gyldig fødselsnummer eller D-nummer");

/** An application made on paper, by phone or otherwise outside the portal. */
export const registerApplicationSchema = z
  .object({
    id: idempotencyKey,
    reference: z
      .string()
      .regex(referencePattern, "må være 3–40 tegn: bokstaver A–Z, sifre og bindestrek")
      .optional(),
    caseNumber: text(64).optional(),
    pid,
    services: z
      .array(serviceSlug)
      .min(1)
      .max(20)
      .superRefine((list, ctx) => {
        list.forEach((slug, i) => {
          if (list.indexOf(slug) !== i) ctx.addIssue({ code: "custom", path: [i], message: "er oppgitt mer enn én gang" });
        });
      }),
    channel: z.enum(["paper", "phone", "other"]),
    receivedAt: pastInstant,
  })
  .strict();
export type RegisterApplicationInput = z.infer<typeof registerApplicationSchema>;

export const maxPageSize = 100;
export const defaultPageSize = 50;

const listQuerySchema = z.object({
  updatedSince: instant.optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "må være et heltall")
    .transform(Number)
    .pipe(z.number().int().min(1).max(maxPageSize))
    .optional(),
  cursor: z.string().max(200).optional(),
});

// Norwegian messages for the checks that carry no message of their own.
const errorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined") return { message: "mangler" };
      return { message: `må være ${({ string: "tekst", number: "et tall", array: "en liste", object: "et objekt", boolean: "true eller false" } as Record<string, string>)[issue.expected] ?? issue.expected}` };
    case "invalid_string":
      if (issue.validation === "datetime") return { message: "må være et tidspunkt i ISO 8601 med tidssone, f.eks. 2026-03-01T10:00:00+01:00" };
      if (issue.validation === "date") return { message: "må være en dato på formen ÅÅÅÅ-MM-DD" };
      return { message: "har feil format" };
    case "too_small":
      if (issue.type === "string") return { message: issue.minimum === 1 ? "kan ikke være tom" : `må ha minst ${issue.minimum} tegn` };
      if (issue.type === "array") return { message: `må ha minst ${issue.minimum} element` };
      return { message: `må være minst ${issue.minimum}` };
    case "too_big":
      if (issue.type === "string") return { message: `kan ha høyst ${issue.maximum} tegn` };
      if (issue.type === "array") return { message: `kan ha høyst ${issue.maximum} element` };
      return { message: `kan være høyst ${issue.maximum}` };
    case "invalid_enum_value":
      return { message: `må være en av: ${issue.options.join(", ")}` };
    case "invalid_union_discriminator":
      return { message: `må være en av: ${issue.options.map(String).join(", ")}` };
    case "invalid_literal":
      return { message: `må være ${JSON.stringify(issue.expected)}` };
    default:
      return { message: ctx.defaultError };
  }
};

function paramName(path: (string | number)[]) {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("") || "(body)";
}

function parseOrThrow<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw invalid([{ name: "(body)", reason: "må være et JSON-objekt" }]);
  const result = schema.safeParse(input, { errorMap });
  if (result.success) return result.data;
  const params: InvalidParam[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) params.push({ name: paramName([...issue.path, key]), reason: "er ikke et kjent felt" });
    } else params.push({ name: paramName(issue.path), reason: issue.message });
  }
  throw invalid(params);
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** JSON with sorted keys and no undefined values: equal content gives equal text, for request hashes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of a normalised request, to tell a replay from another use of the same id. */
function requestHash(kind: string, value: unknown) {
  return createHash("sha256").update(`${kind}\n${canonicalJson(value)}`).digest("hex");
}

async function requireKnownServices(db: Database, municipalityId: string, wanted: { slug: string; name: string }[]) {
  if (wanted.length === 0) return;
  const slugs = [...new Set(wanted.map((w) => w.slug))];
  const known = new Set(
    (
      await db
        .select({ slug: services.slug })
        .from(services)
        .where(and(eq(services.municipalityId, municipalityId), inArray(services.slug, slugs)))
    ).map((s) => s.slug),
  );
  const unknown = wanted.filter((w) => !known.has(w.slug));
  if (unknown.length) throw invalid(unknown.map((w) => ({ name: w.name, reason: "er ikke en tjeneste i kommunen" })));
}

/** The event stored under this id, if any; a conflict when it was stored from another request. */
async function storedUnderKey(db: Database | Transaction, municipalityId: string, key: string, hash: string) {
  const [row] = await db
    .select()
    .from(applicationEvents)
    .where(and(eq(applicationEvents.municipalityId, municipalityId), eq(applicationEvents.idempotencyKey, key)))
    .limit(1);
  if (row && row.bodyHash !== hash)
    throw new IngestError("conflict", `id «${key}» er allerede brukt for en annen forespørsel. Bruk en ny id for en ny hendelse.`);
  return row ?? null;
}

/** Thrown inside a transaction to undo it when another request stored the same id first. */
class KeyTaken extends Error {}

/** The next free "SOK-<year>-<number>" reference of the municipality (the portal's applications too). */
export async function nextReference(tx: Transaction, municipalityId: string, year: number) {
  const prefix = `SOK-${year}-`;
  const [last] = await tx
    .select({ reference: applications.reference })
    .from(applications)
    .where(and(eq(applications.municipalityId, municipalityId), like(applications.reference, `${prefix}%`)))
    .orderBy(desc(sql`length(${applications.reference})`), desc(applications.reference))
    .limit(1);
  const n = last ? Number(last.reference.slice(prefix.length)) : 0;
  return `${prefix}${String((Number.isFinite(n) ? n : 0) + 1).padStart(6, "0")}`;
}

async function resolvePerson(db: Database, pidValue: string, pidHash: string) {
  const [known] = await db.select({ id: persons.id }).from(persons).where(eq(persons.pidHash, pidHash)).limit(1);
  if (known) return known.id;
  try {
    return await upsertResident(db, pidValue);
  } catch (error) {
    if (error instanceof RegisterUnavailableError)
      throw new ApiProblem(503, "Personregisteret svarer ikke", "Folkeregisteret svarte ikke, så personen kunne ikke registreres. Send forespørselen på nytt om litt; den lagres bare én gang.", {}, { "Retry-After": "60" });
    if (!(error instanceof UnknownPersonError)) throw error;
    const demo = getEnv().PORTAL_ENV === "demo" ? " Demoen kjenner bare syntetiske fødselsnumre (måned + 80)." : "";
    throw new IngestError("unknown_person", `Personregisteret har ingen person med dette fødselsnummeret.${demo}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Views (what the API answers; never the fødselsnummer)

export type CaseEventView = {
  id: string;
  type: ApplicationEventType;
  occurredAt: string;
  recordedAt: string;
  source: ApplicationEvent["source"];
  [detail: string]: unknown;
};

export type CaseApplicationSummary = {
  reference: string;
  services: string[];
  channel: Application["channel"];
  createdAt: string;
  updatedAt: string;
  eventCount: number;
  /** What the resident answered in the portal; null for applications registered by the case system. */
  answers: CaseSubmission["answers"];
  /** Every document of the application (attachments, the PDF copy, letters …) with its download path. */
  documents: CaseSubmission["documents"];
};

export type CaseApplicationView = Omit<CaseApplicationSummary, "eventCount"> & { events: CaseEventView[] };

function eventView(row: ApplicationEvent): CaseEventView {
  return {
    ...row.payload,
    id: row.idempotencyKey,
    type: row.type,
    occurredAt: row.occurredAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    source: row.source,
  };
}

async function applicationView(db: Database, application: Application): Promise<CaseApplicationView> {
  const events = await db
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, application.id))
    .orderBy(asc(applicationEvents.occurredAt), asc(applicationEvents.recordedAt), asc(applicationEvents.id));
  const submission = (await submissionsForCaseSystem(db, application.municipalityId, [application])).get(application.id);
  return {
    reference: application.reference,
    services: application.serviceSlugs,
    channel: application.channel,
    createdAt: application.createdAt.toISOString(),
    updatedAt: application.updatedAt.toISOString(),
    answers: submission?.answers ?? null,
    documents: submission?.documents ?? [],
    events: events.map(eventView),
  };
}

const notFound = () => new IngestError("not_found", "Kommunen har ingen søknad med denne referansen.");

async function findApplication(db: Database, municipalityId: string, reference: string) {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.municipalityId, municipalityId), eq(applications.reference, reference)))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

async function applicationById(db: Database, id: string) {
  const [row] = await db.select().from(applications).where(eq(applications.id, id)).limit(1);
  return applicationView(db, row);
}

// ---------------------------------------------------------------------------------------------
// Writes

/**
 * Registers an application made on paper, by phone or otherwise outside the portal: the person
 * (created from the person register when new), the application and its `received` event.
 * `created` is false when the same request was made before (the stored application is returned).
 */
export async function registerApplication(
  db: Database,
  actor: IntegrationActor,
  input: unknown,
): Promise<{ created: boolean; application: CaseApplicationView }> {
  const { municipalityId } = actor;
  const body = parseOrThrow(registerApplicationSchema, input);
  await requireKnownServices(db, municipalityId, body.services.map((slug, i) => ({ slug, name: `services[${i}]` })));
  // The hash is of the keyed look-up hash, never of the number itself (11 digits are easy to guess).
  const pidHash = lookupHash(body.pid);
  const hash = requestHash("register-application", { ...body, pid: pidHash });

  const replay = async (event: ApplicationEvent) => {
    if (event.type !== "received") throw new IngestError("conflict", `id «${body.id}» er allerede brukt for en annen forespørsel.`);
    return { created: false, application: await applicationById(db, event.applicationId) };
  };
  const before = await storedUnderKey(db, municipalityId, body.id, hash);
  if (before) return replay(before);

  const personId = await resolvePerson(db, body.pid, pidHash);
  const year = osloYear(body.receivedAt);
  try {
    const outcome = await db.transaction(async (tx) => {
      let application: Application | undefined;
      for (let attempt = 0; !application; attempt++) {
        const reference = body.reference ?? (await nextReference(tx, municipalityId, year));
        [application] = await tx
          .insert(applications)
          .values({ id: randomUUID(), municipalityId, personId, reference, serviceSlugs: body.services, channel: body.channel })
          .onConflictDoNothing({ target: [applications.municipalityId, applications.reference] })
          .returning();
        if (application) break;
        // The reference is taken: by the same request racing this one, or by another application.
        const raced = await storedUnderKey(tx, municipalityId, body.id, hash);
        if (raced) return { replayOf: raced };
        if (body.reference) throw new IngestError("conflict", `Kommunen har allerede en søknad med referansen «${reference}».`);
        if (attempt >= 10) throw new Error("No free reference after 10 attempts");
      }
      if (!application) throw new Error("unreachable");
      const [event] = await tx
        .insert(applicationEvents)
        .values({
          applicationId: application.id,
          municipalityId,
          type: "received",
          payload: body.caseNumber ? { caseNumber: body.caseNumber } : {},
          source: "fagsystem",
          idempotencyKey: body.id,
          bodyHash: hash,
          occurredAt: new Date(body.receivedAt),
        })
        .onConflictDoNothing({ target: [applicationEvents.municipalityId, applicationEvents.idempotencyKey] })
        .returning({ id: applicationEvents.id });
      if (!event) throw new KeyTaken();
      await tx.insert(auditEntries).values({
        municipalityId,
        actorKind: "system",
        actorId: actor.keyId,
        actorName: actor.name,
        subjectPersonId: personId,
        action: "application.registered",
        objectType: "application",
        objectId: application.id,
      });
      await refreshApplicationProjection(tx, application.id);
      return { application };
    });
    if (outcome.replayOf) return replay(outcome.replayOf);
    return { created: true, application: await applicationView(db, outcome.application) };
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    const raced = await storedUnderKey(db, municipalityId, body.id, hash);
    if (!raced) throw error;
    return replay(raced);
  }
}

/**
 * Appends a case event to one of the municipality's applications. `created` is false when the
 * same event (same id, same body) was stored before; the stored event is returned.
 */
export async function appendEvent(
  db: Database,
  actor: IntegrationActor,
  reference: string,
  input: unknown,
): Promise<{ created: boolean; event: CaseEventView }> {
  const { municipalityId } = actor;
  // The look-up also reads what recordEvent needs (the events so far): one round trip for both.
  const application = await readProjectionInput(db, { municipalityId, reference });
  if (!application) throw notFound();
  const body = parseOrThrow(caseEventSchema, input);
  const named: { slug: string; name: string }[] = [
    ...("outcomes" in body && body.outcomes ? body.outcomes : []).map((o, i) => ({ slug: o.service, name: `outcomes[${i}].service` })),
    ...("service" in body ? [{ slug: body.service, name: "service" }] : []),
    ...("services" in body && body.services ? body.services.map((slug, i) => ({ slug, name: `services[${i}]` })) : []),
  ];
  await requireKnownServices(db, municipalityId, named);
  const hash = requestHash("case-event", { reference: application.reference, event: body });
  // No look-up first: a repeated id is rare, and the insert itself finds it (then read below).

  const { id, type, occurredAt, ...fields } = body;
  // A decision keeps the appeal rule of each service as it was when decided (status.ts), and its
  // letter as a document of the event: the payload names the letter, never carries its bytes.
  let payload: Record<string, unknown> = fields;
  let letter: { filename: string; bytes: Uint8Array } | undefined;
  if (body.type === "decided") {
    const { letter: sent, ...rest } = body;
    const appealRules = await appealRulesOf(db, municipalityId, body.outcomes.map((o) => o.service));
    payload = { ...rest, appealRules };
    delete payload.id;
    delete payload.type;
    delete payload.occurredAt;
    if (sent) {
      const bytes = new Uint8Array(Buffer.from(sent.contentBase64, "base64"));
      letter = { filename: safeFilename(sent.filename, "application/pdf"), bytes };
      payload.letter = { filename: letter.filename, size: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") };
    }
  }
  const stored = await recordEvent(db, {
    application,
    type,
    payload,
    source: "fagsystem",
    idempotencyKey: id,
    bodyHash: hash,
    occurredAt: new Date(occurredAt),
    actor: { kind: "system", id: actor.keyId, name: actor.name },
    withStored: letter
      ? async (tx, event) => {
          await storeDocument(tx, {
            municipalityId,
            personId: application.personId,
            kind: "decision_letter",
            filename: letter.filename,
            file: { bytes: letter.bytes, mime: "application/pdf" },
            applicationId: application.id,
            applicationEventId: event.id,
            uploadedBy: { kind: "system", id: actor.keyId },
          });
        }
      : undefined,
  }, application);
  if (!stored) {
    const raced = await storedUnderKey(db, municipalityId, id, hash);
    if (!raced) throw new IngestError("conflict", `id «${id}» er allerede brukt for en annen forespørsel.`);
    return { created: false, event: eventView(raced) };
  }
  return { created: true, event: eventView(stored) };
}

// ---------------------------------------------------------------------------------------------
// Reads for the case system

/** One of the municipality's applications with its events in the order they happened. */
export async function getApplicationForCaseSystem(db: Database, actor: IntegrationActor, reference: string) {
  return applicationView(db, await findApplication(db, actor.municipalityId, reference));
}

type Cursor = { updatedAt: string; id: string };
const cursorPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function encodeCursor(cursor: Cursor) {
  return Buffer.from(JSON.stringify([cursor.updatedAt, cursor.id])).toString("base64url");
}

function decodeCursor(value: string): Cursor {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown[];
    if (typeof updatedAt === "string" && cursorPattern.test(updatedAt) && typeof id === "string" && uuidPattern.test(id))
      return { updatedAt, id };
  } catch {
    // falls through
  }
  throw invalid([{ name: "cursor", reason: "er ikke en gyldig markør; bruk nextCursor fra forrige svar" }]);
}

/**
 * The municipality's applications, least recently updated first, in pages ordered by
 * (updated_at, id). The cursor keeps the database's microseconds so that no row is skipped or
 * repeated between pages.
 */
export async function listApplicationsForCaseSystem(
  db: Database,
  actor: IntegrationActor,
  query: Record<string, string | undefined>,
): Promise<{ items: CaseApplicationSummary[]; nextCursor: string | null }> {
  const params = parseOrThrow(listQuerySchema, query);
  const limit = params.limit ?? defaultPageSize;
  const cursor = params.cursor ? decodeCursor(params.cursor) : undefined;
  const cursorText = sql<string>`to_char(${applications.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  const rows = await db
    .select({
      id: applications.id,
      reference: applications.reference,
      services: applications.serviceSlugs,
      channel: applications.channel,
      createdAt: applications.createdAt,
      updatedAt: applications.updatedAt,
      cursorAt: cursorText,
      // Written out: drizzle leaves columns unqualified in a one-table select.
      eventCount: sql<number>`(select count(*) from "application_events" as e where e."application_id" = "applications"."id")`.mapWith(Number),
    })
    .from(applications)
    .where(
      and(
        eq(applications.municipalityId, actor.municipalityId),
        params.updatedSince ? gte(applications.updatedAt, new Date(params.updatedSince)) : undefined,
        cursor
          ? sql`(${applications.updatedAt}, ${applications.id}) > (${cursor.updatedAt}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(applications.updatedAt), asc(applications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const submissions = await submissionsForCaseSystem(db, actor.municipalityId, page);
  return {
    items: page.map((r) => ({
      reference: r.reference,
      services: r.services,
      channel: r.channel,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      eventCount: r.eventCount,
      answers: submissions.get(r.id)?.answers ?? null,
      documents: submissions.get(r.id)?.documents ?? [],
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ updatedAt: last.cursorAt, id: last.id }) : null,
  };
}
