// Decision letters, documentation answered with uploads and the three-week rule, against a real
// database seeded with the demo (PGlite, or PostgreSQL with DATABASE_URL):
// - a caseworker's decision stores a generated letter (a valid PDF that says what was decided and
//   how to appeal, with the masked fødselsnummer only) or the caseworker's own PDF (checked by
//   content); the case system's API takes a letter too, idempotently;
// - a resident answers a documentation request with files on the application page; a double
//   submit stores one event; nobody else can reach the files;
// - decisions on services under forvaltningsloven get three weeks to appeal, the others four.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCase, outcomeField, recordCaseworkAction, type CaseworkActor, type CaseworkForm } from "~/.server/applications/casework";
import { submitDocumentation } from "~/.server/applications/documentation";
import { demoIntegrationKey } from "~/.server/applications/integration-keys";
import { deriveStatus } from "~/.server/applications/status";
import { osloDate } from "~/utils/dates";
import { addCalendarDays } from "~/utils/working-days";
import { getDocumentForEmployee, getDocumentForPerson } from "~/.server/documents/store";
import type { UploadedFile } from "~/.server/documents/upload";
import * as eventsRoute from "~/routes/api.v1.applications.$reference.events";
import * as applicationRoute from "~/routes/min-side_.soknader.$id";
import * as appealRoute from "~/routes/min-side_.soknader.$id_.klage";
import * as receiptRoute from "~/routes/min-side_.soknader.$id_.klage_.kvittering";
import { formatDate } from "~/utils/dates";
import { applicationEvents, applications, documents, employees, persons } from "../../db/schema";
import { syntheticPersons } from "../../db/seed/persons";
import { openPortalForTests } from "../support/database";
import { personIdOf, residentSession, statusOf } from "../support/domain";
import { flat, readPdf } from "../support/pdf-text";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
let kari: CaseworkActor;
const origin = "http://localhost:3000";
const people: Record<string, string> = {};

const today = () => osloDate(new Date());
const inDays = (days: number) => addCalendarDays(today(), days);

let counter = 0;
async function newCase(givenName: string, serviceSlugs: string[]) {
  const [application] = await test.db
    .insert(applications)
    .values({
      municipalityId: test.municipalityId,
      personId: people[givenName],
      reference: `SOK-VEDTAK-${String(++counter).padStart(4, "0")}`,
      serviceSlugs,
      channel: "paper",
    })
    .returning();
  await test.db.insert(applicationEvents).values({
    applicationId: application.id,
    municipalityId: test.municipalityId,
    type: "received",
    source: "fagsystem",
    idempotencyKey: `test-received-${application.id}`,
    bodyHash: "x",
    occurredAt: new Date(Date.now() - 10 * 24 * 60 * 60 * 1000),
  });
  return application;
}

const act = (applicationId: string, type: Parameters<typeof recordCaseworkAction>[3], form: CaseworkForm, files: UploadedFile[] = [], key = randomUUID()) =>
  recordCaseworkAction(test.db, kari, applicationId, type, key, form, new Date(), { files });

async function aPdf(text: string) {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  return doc.save();
}
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const upload = (field: string, filename: string, bytes: Uint8Array, mime?: "application/pdf" | "image/png"): UploadedFile => ({
  field,
  filename,
  size: bytes.byteLength,
  ...(mime ? { accepted: { bytes, mime } } : { problem: "wrong_type" as const }),
});

const decision = (slugs: string[], outcome = "partly_granted"): CaseworkForm => ({
  ...Object.fromEntries(slugs.map((s) => [outcomeField(s), outcome])),
  [`utfallBeskrivelse-${slugs[0]}`]: "Hjelp med tungt renhold annenhver uke.",
  reasoning: "Du klarer det meste selv, men trenger hjelp med tungt renhold.",
  criteria: "Hva du klarer selv\nUttalelse fra fastlegen",
});

async function lettersOf(applicationId: string) {
  return test.db.select().from(documents).where(and(eq(documents.applicationId, applicationId), eq(documents.kind, "decision_letter")));
}

beforeAll(async () => {
  test = await openPortalForTests("decisions");
  for (const name of ["Solveig", "Ingrid", "Randi"]) people[name] = await personIdOf(test.db, name);
  const [row] = await test.db
    .insert(employees)
    .values({ municipalityId: test.municipalityId, issuer: "test", subject: "ansatt-vedtak", name: "Kari Nordmann", unit: "Tildelingskontoret", roles: ["caseworker"] })
    .returning();
  kari = { id: row.id, municipalityId: test.municipalityId, name: row.name, unit: row.unit };
});
afterAll(async () => {
  await test?.cleanup();
});

describe("the decision letter a caseworker lets the portal write", () => {
  it("is a valid PDF with the outcome per service, reasons, legal basis, appeal right and deadline, access right and contact", async () => {
    const { id, reference } = await newCase("Ingrid", ["praktisk-bistand"]);
    expect(await act(id, "decided", { ...decision(["praktisk-bistand"]), letter: "generate" })).toMatchObject({ status: "recorded" });

    const [event] = await test.db.select().from(applicationEvents).where(and(eq(applicationEvents.applicationId, id), eq(applicationEvents.type, "decided")));
    const [letter] = await lettersOf(id);
    expect(letter).toMatchObject({ kind: "decision_letter", mime: "application/pdf", applicationEventId: event.id, personId: people.Ingrid, uploadedByKind: "employee" });
    expect(letter.filename).toBe(`vedtaksbrev-${reference}.pdf`);

    const pdf = await readPdf(letter.bytes);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    const text = flat(pdf.text);
    expect(text).toContain("Fjordvik kommune");
    expect(text).toContain("Tildelingskontoret");
    expect(text).toContain(reference);
    expect(text).toContain(formatDate(today(), "nb"));
    expect(text).toContain("Vedtak om praktisk bistand (hjemmehjelp)");
    expect(text).toContain("Delvis innvilget. Du får noe av det du søkte om, men ikke alt.");
    expect(text).toContain("Hjelp med tungt renhold annenhver uke.");
    expect(text).toContain("Du klarer det meste selv, men trenger hjelp med tungt renhold.");
    expect(text).toContain("Uttalelse fra fastlegen");
    expect(text).toContain("pasient- og brukerrettighetsloven § 2-1 a");
    // The appeal: four weeks for a health and care service, the date, to whom and how.
    expect(text).toContain(`fire uker (pasient- og brukerrettighetsloven § 7-5). Klagen må være sendt senest ${formatDate(inDays(28), "nb")}`);
    expect(text).toContain("Statsforvalteren");
    expect(text).toContain("Klag i portalen");
    expect(text).toContain("forvaltningsloven § 18");
    expect(text).toContain("Kari Nordmann");
    // The applicant by name and the masked number only.
    const pid = syntheticPersons.find((p) => p.givenName === "Ingrid")!.pid;
    expect(text).toContain(`${pid.slice(0, 6)} *****`);
    expect(text).not.toContain(pid);
    expect(text).not.toContain(pid.slice(6));
  });

  it("names three weeks for a service under forvaltningsloven, per service when the rules differ, and can be in nynorsk", async () => {
    const { id } = await newCase("Ingrid", ["praktisk-bistand", "omsorgsbolig"]);
    expect(
      await act(id, "decided", { ...decision(["praktisk-bistand", "omsorgsbolig"], "granted"), letter: "generate", letterLanguage: "nn" }),
    ).toMatchObject({ status: "recorded" });
    const [letter] = await lettersOf(id);
    const text = flat((await readPdf(letter.bytes)).text);
    expect(text).toContain("Tenestene i vedtaket har ulike fristar for å klage");
    expect(text).toContain(`tre veker (forvaltningslova § 29). Send klaga seinast ${formatDate(inDays(21), "nn")}`);
    expect(text).toContain(`fire veker (pasient- og brukarrettslova § 7-5). Send klaga seinast ${formatDate(inDays(28), "nn")}`);

    const events = await test.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, id));
    const status = deriveStatus(events, new Date());
    expect(status.deadlines.appealDeadline).toMatchObject({
      rule: "mixed",
      date: inDays(28),
      earliestOpen: inDays(21),
      byService: [
        { service: "praktisk-bistand", rule: "pbrl", date: inDays(28) },
        { service: "omsorgsbolig", rule: "fvl", date: inDays(21) },
      ],
    });
    expect(status.nextDeadline).toEqual({ kind: "appeal", date: inDays(21), overdue: false });
    // After three weeks only the four-week service can still be appealed.
    expect(deriveStatus(events, new Date(Date.now() + 22 * 24 * 60 * 60 * 1000)).deadlines).toMatchObject({ appealOpen: true });
    expect(deriveStatus(events, new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)).deadlines).toMatchObject({ appealOpen: false });
  });

  it("takes the caseworker's own letter only when it is a PDF by its content", async () => {
    const { id } = await newCase("Ingrid", ["hjemmesykepleie"]);
    const form = { ...decision(["hjemmesykepleie"], "granted"), letter: "upload" };
    expect(await act(id, "decided", form)).toEqual({ status: "invalid", errors: { letterFile: { key: "letterMissing", ns: "applications" } } });
    // A PNG named .pdf is not a PDF.
    expect(await act(id, "decided", form, [upload("letterFile", "vedtak.png", png, "image/png")])).toEqual({
      status: "invalid",
      errors: { letterFile: { key: "letterType", ns: "applications" } },
    });
    expect(await act(id, "decided", form, [upload("letterFile", "vedtak.pdf", new TextEncoder().encode("not a pdf"))])).toMatchObject({
      status: "invalid",
      errors: { letterFile: { key: "letterType" } },
    });
    expect(await lettersOf(id)).toHaveLength(0);
    expect((await test.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, id))).map((e) => e.type)).toEqual(["received"]);

    const own = await aPdf("Vedtak fra fagsystemet");
    const key = randomUUID();
    expect(await act(id, "decided", form, [upload("letterFile", "mitt-vedtak.pdf", own, "application/pdf")], key)).toMatchObject({ status: "recorded", duplicate: false });
    // Sent twice: one event, one letter.
    expect(await act(id, "decided", form, [upload("letterFile", "mitt-vedtak.pdf", own, "application/pdf")], key)).toMatchObject({ status: "recorded", duplicate: true });
    const letters = await lettersOf(id);
    expect(letters).toHaveLength(1);
    expect(letters[0].filename).toBe("mitt-vedtak.pdf");
    expect(Buffer.from(letters[0].bytes).equals(Buffer.from(own))).toBe(true);
  });
});

describe("the decision letter from the case system's API", () => {
  async function post(reference: string, body: unknown) {
    const request = new Request(`${origin}/api/v1/applications/${reference}/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${demoIntegrationKey.key}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const response = (await eventsRoute.action({ request, params: { reference }, context: {} })) as Response;
    return { status: response.status, json: (await response.json()) as any };
  }

  it("stores it once with the decision, answers 409 for another letter under the same id and 400 naming the field for a non-PDF", async () => {
    const { id, reference } = await newCase("Solveig", ["trygghetsalarm"]);
    const pdf = Buffer.from(await aPdf("Vedtak om trygghetsalarm")).toString("base64");
    const body = {
      id: `gerica-vedtak-${randomUUID()}`,
      type: "decided",
      occurredAt: new Date().toISOString(),
      outcomes: [{ service: "trygghetsalarm", outcome: "granted" }],
      reasoning: "Du har falt flere ganger.",
      letter: { filename: "Vedtak trygghetsalarm.pdf", contentBase64: pdf },
    };
    const first = await post(reference, body);
    expect(first.status).toBe(201);
    // The stored event names the letter; it never echoes its bytes.
    expect(first.json.letter).toEqual({ filename: "Vedtak trygghetsalarm.pdf", size: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(first.json)).not.toContain(pdf.slice(0, 40));
    expect(first.json.appealRules).toEqual({ trygghetsalarm: "fvl" });

    const replay = await post(reference, body);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
    const other = Buffer.from(await aPdf("Et annet brev")).toString("base64");
    const conflict = await post(reference, { ...body, letter: { ...body.letter, contentBase64: other } });
    expect(conflict.status).toBe(409);

    const events = await test.db.select().from(applicationEvents).where(and(eq(applicationEvents.applicationId, id), eq(applicationEvents.type, "decided")));
    expect(events).toHaveLength(1);
    const letters = await lettersOf(id);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ applicationEventId: events[0].id, uploadedByKind: "system", filename: "Vedtak trygghetsalarm.pdf" });
    expect(Buffer.from(letters[0].bytes).toString("base64")).toBe(pdf);
    // Three weeks: the safety alarm is decided under forvaltningsloven in Fjordvik.
    expect(deriveStatus(events, new Date()).deadlines.appealDeadline).toMatchObject({ rule: "fvl", date: inDays(21) });

    for (const [contentBase64, reason] of [
      [Buffer.from("GIF89a not a pdf").toString("base64"), /PDF/],
      ["not base64!", /base64/],
      ["", /tom/],
    ] as const) {
      const bad = await post(reference, { ...body, id: `gerica-bad-${randomUUID()}`, letter: { filename: "brev.pdf", contentBase64 } });
      expect(bad.status).toBe(400);
      expect(bad.json["invalid-params"]).toEqual([{ name: "letter.contentBase64", reason: expect.stringMatching(reason) }]);
    }
    // Over 5 MB: 400 naming the field; a body over 8 MB is refused before it is read (413).
    const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(5 * 1024 * 1024)]).toString("base64");
    const tooBig = await post(reference, { ...body, id: `gerica-bad-${randomUUID()}`, letter: { filename: "stor.pdf", contentBase64: big } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json["invalid-params"]).toEqual([{ name: "letter.contentBase64", reason: expect.stringMatching(/høyst 5242880 byte/) }]);
    const huge = Buffer.alloc(7 * 1024 * 1024).toString("base64");
    expect((await post(reference, { ...body, id: `gerica-bad-${randomUUID()}`, letter: { filename: "x.pdf", contentBase64: huge } })).status).toBe(413);
    const missingName = await post(reference, { ...body, id: `gerica-bad-${randomUUID()}`, letter: { contentBase64: pdf } });
    expect(missingName.json["invalid-params"]).toEqual([{ name: "letter.filename", reason: "mangler" }]);
    expect(await lettersOf(id)).toHaveLength(1);
  });
});

describe("who can read a decision letter", () => {
  it("the resident it belongs to and the municipality's caseworker (logged); another resident gets 404", async () => {
    const { id } = await newCase("Ingrid", ["praktisk-bistand"]);
    await act(id, "decided", { ...decision(["praktisk-bistand"]), letter: "generate" });
    const [letter] = await lettersOf(id);
    const mine = await getDocumentForPerson(test.db, { actorPersonId: people.Ingrid, subjectPersonId: people.Ingrid, municipalityId: test.municipalityId }, letter.id);
    expect(mine.id).toBe(letter.id);
    expect(
      await statusOf(getDocumentForPerson(test.db, { actorPersonId: people.Randi, subjectPersonId: people.Randi, municipalityId: test.municipalityId }, letter.id)),
    ).toBe(404);
    expect(
      await statusOf(getDocumentForPerson(test.db, { actorPersonId: people.Randi, subjectPersonId: people.Ingrid, municipalityId: test.municipalityId }, letter.id)),
    ).toBe(404);
    expect((await getDocumentForEmployee(test.db, kari, letter.id)).id).toBe(letter.id);
  });
});

describe("documentation answered with uploads", () => {
  type Resident = { personId: string; cookie: string; csrf: string };
  async function loginAs(givenName: string): Promise<Resident> {
    return residentSession(test.db, people[givenName], origin);
  }

  /** Posts the application page's documentation form as a browser would (multipart). */
  async function send(resident: Resident, applicationId: string, fields: { key: string; comment?: string; files: { name: string; bytes: Uint8Array }[] }) {
    const form = new FormData();
    form.set("csrf", resident.csrf);
    form.set("key", fields.key);
    form.set("comment", fields.comment ?? "");
    for (const f of fields.files) form.append("filer", new Blob([Buffer.from(f.bytes)]), f.name);
    const request = new Request(`${origin}/min-side/soknader/${applicationId}`, {
      method: "POST",
      headers: { Cookie: resident.cookie, Origin: origin },
      body: form,
    });
    try {
      const value = await applicationRoute.action({ request, params: { id: applicationId }, context: {} });
      if (value instanceof Response) return { status: value.status, location: value.headers.get("Location"), data: null };
      const d = value as unknown as { data: any; init: ResponseInit | null };
      return { status: d.init?.status ?? 200, location: null, data: d.data };
    } catch (error) {
      if (error instanceof Response) return { status: error.status, location: null, data: null };
      throw error;
    }
  }

  async function requested(givenName: string) {
    const application = await newCase(givenName, ["praktisk-bistand"]);
    expect(await act(application.id, "documentation_requested", { description: "Send uttalelse fra fastlegen.", dueDate: inDays(14) })).toMatchObject({ status: "recorded" });
    return application;
  }

  it("stores the files and one documentation_received event from the portal, once for a double submit; the caseworker sees them", async () => {
    const ingrid = await loginAs("Ingrid");
    const { id } = await requested("Ingrid");
    const pdf = await aPdf("Uttalelse fra fastlegen");
    const key = randomUUID();
    const files = [
      { name: "uttalelse.pdf", bytes: pdf },
      { name: "bilde.png", bytes: png },
    ];
    const first = await send(ingrid, id, { key, comment: "Her er uttalelsen.", files });
    expect(first).toMatchObject({ status: 303, location: `/min-side/soknader/${id}?sendt=dokumentasjon#dokumentasjon-sendt` });
    const again = await send(ingrid, id, { key, comment: "Her er uttalelsen.", files });
    expect(again.status).toBe(303);

    const received = await test.db
      .select()
      .from(applicationEvents)
      .where(and(eq(applicationEvents.applicationId, id), eq(applicationEvents.type, "documentation_received")));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ source: "portal", payload: { description: "Her er uttalelsen.", files: [{ filename: "uttalelse.pdf" }, { filename: "bilde.png" }] } });
    const stored = await test.db.select().from(documents).where(eq(documents.applicationEventId, received[0].id));
    expect(stored.map((d) => [d.filename, d.mime, d.kind, d.uploadedByKind])).toEqual([
      ["uttalelse.pdf", "application/pdf", "attachment", "person"],
      ["bilde.png", "image/png", "attachment", "person"],
    ]);
    const events = await test.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, id));
    const status = deriveStatus(events, new Date());
    expect(status.openDocumentationRequest).toBeUndefined();
    expect(status.stage).toBe("in_progress");

    // The resident sees them on the page, the caseworker on the case page.
    const opened = await openCase(test.db, kari, id);
    expect(opened.events.map((e) => e.type)).toContain("documentation_received");
    expect((await getDocumentForEmployee(test.db, kari, stored[0].id)).filename).toBe("uttalelse.pdf");

    // Nothing more is asked for now: a new form is refused and stores nothing.
    const late = await send(ingrid, id, { key: randomUUID(), files: [{ name: "mer.pdf", bytes: pdf }] });
    expect(late.status).toBe(409);
    expect(late.data).toMatchObject({ noRequest: true });
  });

  it("comes back with the comment and errors for no file or a file of the wrong type, storing nothing", async () => {
    const ingrid = await loginAs("Ingrid");
    const { id } = await requested("Ingrid");
    const none = await send(ingrid, id, { key: randomUUID(), comment: "Sender den i posten.", files: [] });
    expect(none).toMatchObject({ status: 400, data: { comment: "Sender den i posten.", errors: [{ field: "files", key: "noFiles" }] } });
    const wrong = await send(ingrid, id, { key: randomUUID(), files: [{ name: "brev.pdf", bytes: new TextEncoder().encode("<html>") }] });
    expect(wrong).toMatchObject({ status: 400, data: { errors: [{ field: "files", key: "wrong_type", file: "brev.pdf" }] } });
    const events = await test.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, id));
    expect(events.map((e) => e.type)).toEqual(["received", "documentation_requested"]);
  });

  it("refuses another resident: 404 for sending to A's application and for A's files", async () => {
    const randi = await loginAs("Randi");
    const { id } = await requested("Ingrid");
    const attempt = await send(randi, id, { key: randomUUID(), files: [{ name: "x.pdf", bytes: await aPdf("x") }] });
    expect(attempt.status).toBe(404);
    expect(
      await statusOf(
        submitDocumentation(test.db, {
          scope: { actorPersonId: people.Randi, subjectPersonId: people.Ingrid, municipalityId: test.municipalityId, applicationId: id },
          actor: { personId: people.Randi, name: "Randi" },
          formKey: randomUUID(),
          comment: "",
          files: [],
        }),
      ),
    ).toBe(404);

    const ingrid = await loginAs("Ingrid");
    expect((await send(ingrid, id, { key: randomUUID(), files: [{ name: "a.pdf", bytes: await aPdf("a") }] })).status).toBe(303);
    const [doc] = await test.db.select().from(documents).where(eq(documents.applicationId, id));
    expect(
      await statusOf(getDocumentForPerson(test.db, { actorPersonId: people.Randi, subjectPersonId: people.Randi, municipalityId: test.municipalityId }, doc.id)),
    ).toBe(404);
  });
});

describe("service_changed from the case page", () => {
  it("records what changed, from when and why, only for a running service", async () => {
    const { id } = await newCase("Ingrid", ["praktisk-bistand"]);
    expect(await act(id, "service_changed", { service: "praktisk-bistand", description: "Hver uke." })).toEqual({ status: "not_allowed" });
    await act(id, "decided", { ...decision(["praktisk-bistand"], "granted"), letter: "generate" });
    await act(id, "service_started", { service: "praktisk-bistand", startDate: inDays(1) });
    expect(await act(id, "service_changed", { service: "praktisk-bistand", description: "" })).toEqual({
      status: "invalid",
      errors: { description: { key: "required" } },
    });
    expect(
      await act(id, "service_changed", { service: "praktisk-bistand", description: "Hjelp hver uke i stedet for annenhver.", fromDate: inDays(7), reasoning: "Behovet har økt." }),
    ).toMatchObject({ status: "recorded" });
    const [changed] = await test.db
      .select()
      .from(applicationEvents)
      .where(and(eq(applicationEvents.applicationId, id), eq(applicationEvents.type, "service_changed")));
    expect(changed).toMatchObject({
      source: "caseworker",
      payload: { service: "praktisk-bistand", description: "Hjelp hver uke i stedet for annenhver.", fromDate: inDays(7), reasoning: "Behovet har økt." },
    });
  });
});

describe("attachments to an appeal", () => {
  async function loginAs(givenName: string) {
    return residentSession(test.db, people[givenName], origin);
  }

  async function sendAppeal(resident: Awaited<ReturnType<typeof loginAs>>, applicationId: string, key: string, files: { name: string; bytes: Uint8Array }[]) {
    const form = new FormData();
    for (const [k, v] of Object.entries({ csrf: resident.csrf, key, services: "praktisk-bistand", disagreement: "Jeg trenger mer hjelp.", reasons: "Legen sier det.", confirmed: "ja", intent: "send" }))
      form.set(k, v);
    for (const f of files) form.append("vedlegg", new Blob([Buffer.from(f.bytes)]), f.name);
    const request = new Request(`${origin}/min-side/soknader/${applicationId}/klage`, { method: "POST", headers: { Cookie: resident.cookie, Origin: origin }, body: form });
    try {
      const value = await appealRoute.action({ request, params: { id: applicationId }, context: {} });
      if (value instanceof Response) return { status: value.status, location: value.headers.get("Location"), data: null };
      const d = value as unknown as { data: any; init: ResponseInit | null };
      return { status: d.init?.status ?? 200, location: null, data: d.data };
    } catch (error) {
      if (error instanceof Response) return { status: error.status, location: null, data: null };
      throw error;
    }
  }

  it("stores the files with the appeal event, once for a double submit, and shows them on the receipt; nobody else can open them", async () => {
    const { id } = await newCase("Ingrid", ["praktisk-bistand"]);
    await act(id, "decided", { ...decision(["praktisk-bistand"]), letter: "generate" });
    const ingrid = await loginAs("Ingrid");

    // A file that is not a PDF, JPEG or PNG: back to the review with what was wrong, nothing stored.
    const bad = await sendAppeal(ingrid, id, randomUUID(), [{ name: "notat.pdf", bytes: new TextEncoder().encode("hei") }]);
    expect(bad).toMatchObject({ status: 400, data: { step: "review", attachmentErrors: [{ key: "wrong_type", file: "notat.pdf" }] } });
    const appealsOf = () => test.db.select().from(applicationEvents).where(and(eq(applicationEvents.applicationId, id), eq(applicationEvents.type, "appeal_received")));
    expect(await appealsOf()).toHaveLength(0);

    const key = randomUUID();
    const files = [{ name: "legeerklaering.pdf", bytes: await aPdf("Legeerklæring") }];
    expect(await sendAppeal(ingrid, id, key, files)).toMatchObject({ status: 303, location: `/min-side/soknader/${id}/klage/kvittering` });
    expect((await sendAppeal(ingrid, id, key, files)).status).toBe(303);
    const appeals = await appealsOf();
    expect(appeals).toHaveLength(1);
    expect(appeals[0].payload).toMatchObject({ attachments: [{ filename: "legeerklaering.pdf", size: expect.any(Number) }] });
    const attached = await test.db.select().from(documents).where(eq(documents.applicationEventId, appeals[0].id));
    expect(attached.map((d) => [d.filename, d.kind, d.uploadedByKind])).toEqual([["legeerklaering.pdf", "attachment", "person"]]);

    const receipt = (await receiptRoute.loader({
      request: new Request(`${origin}/min-side/soknader/${id}/klage/kvittering`, { headers: { Cookie: ingrid.cookie } }),
      params: { id },
      context: {},
    })) as any;
    expect(receipt.appeal.attachments).toEqual([{ id: attached[0].id, filename: "legeerklaering.pdf", size: expect.stringMatching(/ kB$/) }]);

    // The caseworker sees it (logged); another resident does not.
    expect((await getDocumentForEmployee(test.db, kari, attached[0].id)).filename).toBe("legeerklaering.pdf");
    expect(
      await statusOf(getDocumentForPerson(test.db, { actorPersonId: people.Randi, subjectPersonId: people.Randi, municipalityId: test.municipalityId }, attached[0].id)),
    ).toBe(404);
  });
});
