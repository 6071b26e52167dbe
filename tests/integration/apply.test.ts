// Applying online: the routes' loaders and actions called with real Request objects and real
// resident sessions, against in-memory PGlite or PostgreSQL (DATABASE_URL). A draft saved step by
// step and resumed, validation that keeps what was written, attachments checked by content,
// sending once however often it is sent, access by id for someone else (404), the case-system API
// with the answers and documents (key-scoped), and the database failing during sending.
import { createHash } from "node:crypto";
import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftRetentionDays, pruneDrafts, submitDraft } from "~/.server/applications/apply";
import { demoIntegrationKey, hashIntegrationKey } from "~/.server/applications/integration-keys";
import { createSession } from "~/.server/auth/session";
import { useDatabaseForTests, type Database } from "~/.server/db";
import { maxFileBytes } from "~/.server/documents/upload";
import { getFixedT } from "~/.server/i18n";
import { formatDate } from "~/utils/dates";
import * as apiDocumentRoute from "~/routes/api.v1.applications.$reference.documents.$documentId";
import * as apiDetailRoute from "~/routes/api.v1.applications.$reference";
import * as apiListRoute from "~/routes/api.v1.applications";
import * as caseRoute from "~/routes/saksbehandler.saker.$id";
import * as staffDocumentRoute from "~/routes/saksbehandler_.dokumenter.$id";
import * as documentRoute from "~/routes/min-side_.dokumenter.$id";
import * as applicationRoute from "~/routes/min-side_.soknader.$id";
import * as receiptRoute from "~/routes/min-side_.soknader.$id_.kvittering";
import * as listRoute from "~/routes/min-side_.soknader._index";
import * as startRoute from "~/routes/min-side_.soknader.ny";
import * as stepRoute from "~/routes/min-side_.soknader.utkast.$draftId.$steg";
import * as resumeRoute from "~/routes/min-side_.soknader.utkast.$draftId._index";
import * as deleteRoute from "~/routes/min-side_.soknader.utkast.$draftId.slett";
import {
  applicationDetails,
  applicationDrafts,
  applications,
  auditEntries,
  documents,
  employees,
  integrationKeys,
  municipalities,
  persons,
} from "../../db/schema";
import { demoMunicipality } from "../../db/seed/municipality";
import { openPortalForTests } from "../support/database";
import { personIdOf, residentSession, run, type Outcome } from "../support/domain";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
const origin = "http://localhost:3000";
const neighbourKey = "nabovik-apply-test-key-5e1d";

type Resident = { personId: string; cookie: string; csrf: string };
let solveig: Resident;
let ingrid: Resident;

async function loginAs(givenName: string): Promise<Resident> {
  return residentSession(test.db, await personIdOf(test.db, givenName), origin);
}

beforeAll(async () => {
  test = await openPortalForTests("apply");
  solveig = await loginAs("Solveig");
  ingrid = await loginAs("Ingrid");
  const [neighbour] = await test.db
    .insert(municipalities)
    .values({ ...demoMunicipality, slug: "nabovik", name: "Nabovik kommune", organisationNumber: "999999998" })
    .returning({ id: municipalities.id });
  await test.db.insert(integrationKeys).values({ municipalityId: neighbour.id, name: "Nabovik-fagsystem", keyHash: hashIntegrationKey(neighbourKey) });
});
afterAll(async () => {
  await test?.cleanup();
});

// ---------------------------------------------------------------------------------------------
// Helpers

type Route = { loader?: (args: any) => unknown; action?: (args: any) => unknown };

function get(who: Resident | null, route: Route, url: string, params: Record<string, string> = {}) {
  const request = new Request(`${origin}${url}`, { headers: who ? { Cookie: who.cookie } : {} });
  return run(() => route.loader!({ request, params, context: {} }) as Promise<unknown>);
}

function post(who: Resident, route: Route, url: string, params: Record<string, string>, fields: Record<string, string | string[] | File[]>) {
  const hasFiles = Object.values(fields).some((v) => Array.isArray(v) && v.some((x) => typeof x !== "string"));
  let body: URLSearchParams | FormData;
  if (hasFiles) {
    const form = new FormData();
    form.set("csrf", who.csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
    body = form;
  } else {
    const form = new URLSearchParams();
    form.set("csrf", who.csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x as string);
    body = form;
  }
  const request = new Request(`${origin}${url}`, { method: "POST", headers: { Cookie: who.cookie }, body });
  return run(() => route.action!({ request, params, context: {} }) as Promise<unknown>);
}

const stepUrl = (draftId: string, step: string) => `/min-side/soknader/utkast/${draftId}/${step}`;
const postStep = (who: Resident, draftId: string, step: string, fields: Record<string, string | string[] | File[]>) =>
  post(who, stepRoute, stepUrl(draftId, step), { draftId, steg: step }, fields);
const getStep = (who: Resident, draftId: string, step: string, query = "") =>
  get(who, stepRoute, `${stepUrl(draftId, step)}${query}`, { draftId, steg: step });

async function startDraft(who: Resident, service?: string) {
  const res = await post(who, startRoute, "/min-side/soknader/ny", {}, service ? { tjeneste: service } : {});
  expect(res.status).toBe(303);
  const match = res.location!.match(/\/min-side\/soknader\/utkast\/([0-9a-f-]{36})\/tjenester$/);
  expect(match).not.toBeNull();
  return match![1];
}

async function draftRow(id: string) {
  const [row] = await test.db.select().from(applicationDrafts).where(eq(applicationDrafts.id, id));
  return row;
}

const pdfBytes = (text = "lege") => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
const pdf = (name: string, text?: string) => new File([pdfBytes(text)], name, { type: "application/pdf" });

/** A draft with every step answered, ready to send. */
async function completeDraft(who: Resident, withFile = true) {
  const id = await startDraft(who, "hjemmesykepleie");
  expect((await postStep(who, id, "tjenester", { intent: "next", services: ["hjemmesykepleie", "praktisk-bistand"] })).status).toBe(303);
  expect((await postStep(who, id, "viktig", { intent: "next", whatMatters: "Å bo hjemme og gå tur med hunden." })).status).toBe(303);
  expect(
    (
      await postStep(who, id, "situasjon", {
        intent: "next",
        living: "Alene i leilighet i tredje etasje, uten heis.",
        currentHelp: "Datteren handler for meg.",
        difficulties: "Jeg er svimmel om morgenen\r\nog har falt to ganger.",
      })
    ).status,
  ).toBe(303);
  expect(
    (
      await postStep(who, id, "kontakt", {
        intent: "next",
        contactWho: "other",
        contactName: "Kari Testdatter",
        contactPhone: "912 34 567",
        contactRelation: "Datter",
      })
    ).status,
  ).toBe(303);
  if (withFile) expect((await postStep(who, id, "vedlegg", { intent: "next", files: [pdf("legeerklæring.pdf")] })).status).toBe(303);
  else expect((await postStep(who, id, "vedlegg", { intent: "next" })).status).toBe(303);
  expect((await postStep(who, id, "samtykke", { intent: "next", consent: "yes" })).status).toBe(303);
  return id;
}

// ---------------------------------------------------------------------------------------------

describe("starting an application", () => {
  it("sends a visitor who is not logged in to log in, and back to the form", async () => {
    const res = await get(null, startRoute, "/min-side/soknader/ny?tjeneste=hjemmesykepleie");
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/logg-inn?returnTo=${encodeURIComponent("/min-side/soknader/ny?tjeneste=hjemmesykepleie")}`);
  });

  it("starts a draft with the service the resident came from already chosen, and ignores an unknown one", async () => {
    const page = await get(solveig, startRoute, "/min-side/soknader/ny?tjeneste=hjemmesykepleie");
    expect(page.data.service).toMatchObject({ slug: "hjemmesykepleie" });
    const id = await startDraft(solveig, "hjemmesykepleie");
    expect((await draftRow(id)).serviceSlugs).toEqual(["hjemmesykepleie"]);
    const other = await startDraft(solveig, "finnes-ikke");
    expect((await draftRow(other)).serviceSlugs).toEqual([]);
    const step = await getStep(solveig, id, "tjenester");
    expect(step.data.values.services).toEqual(["hjemmesykepleie"]);
    expect(step.data.title).toMatch(/^Steg 1 av 7: Tjenester/);
  });

  it("refuses a start without the form's CSRF token", async () => {
    const request = new Request(`${origin}/min-side/soknader/ny`, {
      method: "POST",
      headers: { Cookie: solveig.cookie },
      body: new URLSearchParams({ tjeneste: "hjemmesykepleie" }),
    });
    expect((await run(() => startRoute.action({ request, params: {}, context: {} }))).status).toBe(403);
  });
});

describe("the steps", () => {
  it("saves each step, resumes at the furthest step reached, and lists the draft as started", async () => {
    const id = await startDraft(solveig);
    const next = await postStep(solveig, id, "tjenester", { intent: "next", services: ["praktisk-bistand"] });
    expect(next).toMatchObject({ status: 303, location: stepUrl(id, "viktig") });
    const later = await postStep(solveig, id, "viktig", { intent: "later", whatMatters: "Å klare meg selv." });
    expect(later).toMatchObject({ status: 303, location: "/min-side/soknader?utkast=lagret" });

    const row = await draftRow(id);
    expect(row.serviceSlugs).toEqual(["praktisk-bistand"]);
    expect(row.answers.whatMatters).toBe("Å klare meg selv.");
    expect(row.step).toBe("viktig");

    const resume = await get(solveig, resumeRoute, `/min-side/soknader/utkast/${id}`, { draftId: id });
    expect(resume).toMatchObject({ status: 302, location: stepUrl(id, "viktig") });
    const page = await getStep(solveig, id, "viktig");
    expect(page.data.values.whatMatters).toBe("Å klare meg selv.");

    const list = await get(solveig, listRoute, "/min-side/soknader?utkast=lagret");
    expect(list.data.draftNotice).toBe("lagret");
    expect(list.data.drafts.find((d: { id: string }) => d.id === id)).toMatchObject({ services: "praktisk bistand (hjemmehjelp)" });

    const back = await postStep(solveig, id, "viktig", { intent: "back", whatMatters: "Å klare meg selv." });
    expect(back).toMatchObject({ status: 303, location: stepUrl(id, "tjenester") });
  });

  it("does not go on without the required answers, and keeps what was written", async () => {
    const id = await startDraft(solveig);
    const none = await postStep(solveig, id, "tjenester", { intent: "next" });
    expect(none.status).toBe(400);
    expect(none.data.errors).toEqual({ services: "errors.services" });
    const unknown = await postStep(solveig, id, "tjenester", { intent: "next", services: ["finnes-ikke"] });
    expect(unknown.data.errors).toEqual({ services: "errors.services" });

    const long = "a".repeat(4001);
    const tooLong = await postStep(solveig, id, "situasjon", { intent: "next", living: long, difficulties: "" });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data.errors).toEqual({ living: "errors.tooLong", difficulties: "errors.difficulties" });
    expect(tooLong.data.values.living).toBe(long);
    // Saving for later keeps an empty answer empty, but never saves a text over the limit.
    const laterTooLong = await postStep(solveig, id, "situasjon", { intent: "later", living: long });
    expect(laterTooLong.status).toBe(400);
    expect((await draftRow(id)).answers.living).toBeUndefined();
    // 4000 characters, with line breaks sent as \r\n counted once each.
    const exactly = `${"b".repeat(1999)}\r\n${"c".repeat(2000)}`;
    expect((await postStep(solveig, id, "situasjon", { intent: "later", living: exactly })).status).toBe(303);
    expect((await draftRow(id)).answers.living).toHaveLength(4000);

    const phone = await postStep(solveig, id, "kontakt", {
      intent: "next",
      contactWho: "other",
      contactName: "Kari Testdatter",
      contactPhone: "12",
      contactRelation: "",
    });
    expect(phone.data.errors).toEqual({ contactPhone: "errors.contactPhone", contactRelation: "errors.contactRelation" });
    expect(phone.data.values).toMatchObject({ contactName: "Kari Testdatter", contactPhone: "12" });

    const consent = await postStep(solveig, id, "samtykke", { intent: "next" });
    expect(consent.data.errors).toEqual({ consent: "errors.consent" });
    const no = await postStep(solveig, id, "samtykke", { intent: "next", consent: "no" });
    expect(no).toMatchObject({ status: 303, location: stepUrl(id, "oppsummering") });
    expect((await draftRow(id)).answers.consent).toBe(false);
  });

  it("returns to the review page after a change made from it", async () => {
    const id = await completeDraft(solveig, false);
    const res = await postStep(solveig, id, "viktig", { intent: "next", fra: "oppsummering", whatMatters: "Å lage middag selv." });
    expect(res).toMatchObject({ status: 303, location: stepUrl(id, "oppsummering") });
  });

  it("shows what is missing on the review page and does not send an incomplete draft", async () => {
    const id = await startDraft(solveig, "hjemmesykepleie");
    const review = await getStep(solveig, id, "oppsummering");
    expect(review.data.missing.map((m: { step: string }) => m.step)).toEqual(["viktig", "situasjon", "kontakt", "samtykke"]);
    const send = await postStep(solveig, id, "oppsummering", { intent: "send" });
    expect(send.status).toBe(400);
    expect(send.data.kind).toBe("incomplete");
    expect((await draftRow(id)).applicationId).toBeNull();
  });

  it("answers 404 for a step that does not exist", async () => {
    const id = await startDraft(solveig);
    expect((await getStep(solveig, id, "finnes-ikke")).status).toBe(404);
  });
});

describe("attachments", () => {
  it("stores PDF, JPEG and PNG files found by content, lists them, and removes one", async () => {
    const id = await startDraft(solveig, "hjemmesykepleie");
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], "bilde", { type: "application/octet-stream" });
    const up = await postStep(solveig, id, "vedlegg", { intent: "upload", files: [pdf("lege.pdf"), png] });
    expect(up).toMatchObject({ status: 303, location: `${stepUrl(id, "vedlegg")}?vedlegg=lagt-ved&antall=2` });
    const page = await getStep(solveig, id, "vedlegg", "?vedlegg=lagt-ved&antall=2");
    // Files sent together are listed in the order they were stored; that order is not asserted.
    expect(page.data.attachments.map((a: { filename: string; mime: string }) => [a.filename, a.mime]).sort()).toEqual([
      ["bilde.png", "image/png"],
      ["lege.pdf", "application/pdf"],
    ]);
    expect(page.data.noticeCount).toBe(2);
    const first = page.data.attachments.find((a: { filename: string }) => a.filename === "lege.pdf").id;
    const doc = await get(solveig, documentRoute, `/min-side/dokumenter/${first}`, { id: first });
    expect(doc.status).toBe(200);
    expect(new Uint8Array(await doc.response!.arrayBuffer())).toEqual(pdfBytes());

    const removed = await postStep(solveig, id, "vedlegg", { intent: `remove:${first}` });
    expect(removed).toMatchObject({ status: 303, location: `${stepUrl(id, "vedlegg")}?vedlegg=fjernet` });
    expect((await getStep(solveig, id, "vedlegg")).data.attachments).toHaveLength(1);
    expect(await test.db.select().from(documents).where(eq(documents.id, first))).toEqual([]);
  });

  it("refuses a file of the wrong type (by content, whatever the name) or too large, with the step kept", async () => {
    const id = await startDraft(solveig, "hjemmesykepleie");
    const fake = new File([new TextEncoder().encode("#!/bin/sh\necho hei\n")], "lege.pdf", { type: "application/pdf" });
    const wrong = await postStep(solveig, id, "vedlegg", { intent: "upload", files: [fake] });
    expect(wrong.status).toBe(400);
    expect(wrong.data.fileErrors).toEqual([{ name: "lege.pdf", problem: "wrong_type" }]);

    const big = new Uint8Array(maxFileBytes + 1);
    big.set(pdfBytes());
    const large = await postStep(solveig, id, "vedlegg", { intent: "next", files: [new File([big], "stor.pdf", { type: "application/pdf" })] });
    expect(large.status).toBe(400);
    expect(large.data.fileErrors).toEqual([{ name: "stor.pdf", problem: "too_large" }]);

    // A good file beside a bad one is kept; the bad one is named in the error.
    const mixed = await postStep(solveig, id, "vedlegg", { intent: "upload", files: [pdf("god.pdf"), fake] });
    expect(mixed.data.fileErrors).toEqual([{ name: "lege.pdf", problem: "wrong_type" }]);
    expect((await getStep(solveig, id, "vedlegg")).data.attachments.map((a: { filename: string }) => a.filename)).toEqual(["god.pdf"]);
    const t = getFixedT("nb", "apply");
    expect(t("errors.file.wrong_type", { name: "lege.pdf" })).toBe("«lege.pdf» er ikke en PDF, JPG eller PNG. Lagre filen som en av disse og prøv igjen.");
  });

  it("keeps at most ten files on one application", async () => {
    const id = await startDraft(solveig, "hjemmesykepleie");
    const files = Array.from({ length: 10 }, (_, i) => pdf(`fil-${i}.pdf`, String(i)));
    expect((await postStep(solveig, id, "vedlegg", { intent: "upload", files })).status).toBe(303);
    const more = await postStep(solveig, id, "vedlegg", { intent: "upload", files: [pdf("en-til.pdf")] });
    expect(more.data.fileErrors).toEqual([{ name: "en-til.pdf", problem: "too_many" }]);
  });
});

describe("sending", () => {
  let draftId: string;
  let applicationId: string;

  it("makes one application with the answers, the files and a PDF copy, and shows the receipt", async () => {
    draftId = await completeDraft(solveig);
    const before = await test.db.select({ n: count() }).from(applications);
    const sent = await postStep(solveig, draftId, "oppsummering", { intent: "send" });
    expect(sent.status).toBe(303);
    const match = sent.location!.match(/^\/min-side\/soknader\/([0-9a-f-]{36})\/kvittering$/);
    expect(match).not.toBeNull();
    applicationId = match![1];

    const [application] = await test.db.select().from(applications).where(eq(applications.id, applicationId));
    expect(application).toMatchObject({ channel: "portal", personId: solveig.personId, serviceSlugs: ["hjemmesykepleie", "praktisk-bistand"] });
    expect(application.reference).toMatch(new RegExp(`^SOK-${new Date().getFullYear()}-\\d{6}$`));
    const after = await test.db.select({ n: count() }).from(applications);
    expect(after[0].n).toBe(before[0].n + 1);

    const [details] = await test.db.select().from(applicationDetails).where(eq(applicationDetails.applicationId, applicationId));
    expect(details.answers).toMatchObject({
      whatMatters: "Å bo hjemme og gå tur med hunden.",
      difficulties: "Jeg er svimmel om morgenen\nog har falt to ganger.",
      contact: { who: "other", name: "Kari Testdatter", phone: "912 34 567", relation: "Datter" },
      consent: true,
    });
    expect(details.stage).toEqual(expect.any(String));

    const files = await test.db.select().from(documents).where(eq(documents.applicationId, applicationId));
    expect(files.map((f) => f.kind).sort()).toEqual(["application_copy", "attachment"]);
    const copy = files.find((f) => f.kind === "application_copy")!;
    expect(copy.mime).toBe("application/pdf");
    expect(Buffer.from(copy.bytes).subarray(0, 5).toString()).toBe("%PDF-");
    expect(copy.filename).toBe(`soknad-${application.reference}.pdf`);
    expect(files.find((f) => f.kind === "attachment")!.draftId).toBe(draftId);

    expect((await draftRow(draftId)).applicationId).toBe(applicationId);
    const audit = await test.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.objectId, applicationId), eq(auditEntries.action, "application.submitted")));
    expect(audit).toHaveLength(1);

    const receipt = await get(solveig, receiptRoute, `/min-side/soknader/${applicationId}/kvittering`, { id: applicationId });
    expect(receipt.data).toMatchObject({ reference: application.reference, copyId: copy.id });
    const download = await get(solveig, documentRoute, `/min-side/dokumenter/${copy.id}?last-ned=1`, { id: copy.id });
    expect(download.status).toBe(200);
    expect(download.response!.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.response!.headers.get("Content-Disposition")).toMatch(/^attachment;/);

    // The application page shows what was sent, and the draft is no longer listed.
    const page = await get(solveig, applicationRoute, `/min-side/soknader/${applicationId}`, { id: applicationId });
    expect(page.data.sentAnswers).toMatchObject({ copyId: copy.id, attachments: [{ filename: "legeerklæring.pdf" }] });
    const list = await get(solveig, listRoute, "/min-side/soknader");
    expect(list.data.drafts.some((d: { id: string }) => d.id === draftId)).toBe(false);
  });

  it("makes one application when the same draft is sent again (double click, back button)", async () => {
    const again = await postStep(solveig, draftId, "oppsummering", { intent: "send" });
    expect(again).toMatchObject({ status: 303, location: `/min-side/soknader/${applicationId}/kvittering` });
    // Going back to a step of a sent draft leads to its receipt; changing it is not possible.
    expect(await getStep(solveig, draftId, "viktig")).toMatchObject({ status: 302, location: `/min-side/soknader/${applicationId}/kvittering` });
    const change = await postStep(solveig, draftId, "viktig", { intent: "next", whatMatters: "Noe annet" });
    expect(change.location).toBe(`/min-side/soknader/${applicationId}/kvittering`);
    const [details] = await test.db.select().from(applicationDetails).where(eq(applicationDetails.applicationId, applicationId));
    expect(details.answers?.whatMatters).toBe("Å bo hjemme og gå tur med hunden.");
    expect((await post(solveig, deleteRoute, `/min-side/soknader/utkast/${draftId}/slett`, { draftId }, {})).location).toBe(
      `/min-side/soknader/${applicationId}/kvittering`,
    );

    // Two sends at the same moment: one application, both answer it.
    const id = await completeDraft(solveig, false);
    const input = {
      scope: { actorPersonId: solveig.personId, subjectPersonId: solveig.personId, municipalityId: test.municipalityId },
      actor: { personId: solveig.personId, name: "Solveig Test" },
      municipality: { id: test.municipalityId, name: "Demo" },
      locale: "nb" as const,
    };
    const [a, b] = await Promise.all([submitDraft(test.db, id, input), submitDraft(test.db, id, input)]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.applicationId).toBe(b.applicationId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const copies = await test.db
      .select({ n: count() })
      .from(documents)
      .where(and(eq(documents.applicationId, a.applicationId), eq(documents.kind, "application_copy")));
    expect(copies[0].n).toBe(1);
  });

  it("lets nobody else open the draft, its files, the application, the copy or the receipt", async () => {
    const id = await completeDraft(solveig);
    const [file] = await test.db.select().from(documents).where(eq(documents.draftId, id));
    for (const step of ["tjenester", "vedlegg", "oppsummering"]) expect((await getStep(ingrid, id, step)).status).toBe(404);
    expect((await postStep(ingrid, id, "viktig", { intent: "next", whatMatters: "Kapret" })).status).toBe(404);
    expect((await postStep(ingrid, id, "oppsummering", { intent: "send" })).status).toBe(404);
    expect((await postStep(ingrid, id, "vedlegg", { intent: `remove:${file.id}` })).status).toBe(404);
    expect((await get(ingrid, resumeRoute, `/min-side/soknader/utkast/${id}`, { draftId: id })).status).toBe(404);
    expect((await get(ingrid, deleteRoute, `/min-side/soknader/utkast/${id}/slett`, { draftId: id })).status).toBe(404);
    expect((await post(ingrid, deleteRoute, `/min-side/soknader/utkast/${id}/slett`, { draftId: id }, {})).status).toBe(404);
    expect((await get(ingrid, documentRoute, `/min-side/dokumenter/${file.id}`, { id: file.id })).status).toBe(404);
    // Ingrid's own draft cannot remove Solveig's file either.
    const livs = await startDraft(ingrid);
    expect((await postStep(ingrid, livs, "vedlegg", { intent: `remove:${file.id}` })).status).toBe(404);
    expect((await draftRow(id)).answers.whatMatters).toBe("Å bo hjemme og gå tur med hunden.");

    const [copy] = await test.db
      .select()
      .from(documents)
      .where(and(eq(documents.applicationId, applicationId), eq(documents.kind, "application_copy")));
    expect((await get(ingrid, documentRoute, `/min-side/dokumenter/${copy.id}`, { id: copy.id })).status).toBe(404);
    expect((await get(ingrid, receiptRoute, `/min-side/soknader/${applicationId}/kvittering`, { id: applicationId })).status).toBe(404);
    expect((await get(ingrid, applicationRoute, `/min-side/soknader/${applicationId}`, { id: applicationId })).status).toBe(404);
    expect((await get(ingrid, listRoute, "/min-side/soknader")).data.drafts.some((d: { id: string }) => d.id === id)).toBe(false);
  });

  it("deletes a draft with its files after asking", async () => {
    const id = await completeDraft(solveig);
    const ask = await get(solveig, deleteRoute, `/min-side/soknader/utkast/${id}/slett`, { draftId: id });
    expect(ask.status).toBe(200);
    const res = await post(solveig, deleteRoute, `/min-side/soknader/utkast/${id}/slett`, { draftId: id }, {});
    expect(res).toMatchObject({ status: 303, location: "/min-side/soknader?utkast=slettet" });
    expect(await draftRow(id)).toBeUndefined();
    expect(await test.db.select().from(documents).where(eq(documents.draftId, id))).toEqual([]);
  });

  it("deletes a draft never sent six months after its last change, with its files, and says when on the list", async () => {
    const old = await completeDraft(ingrid);
    const recent = await completeDraft(ingrid);
    const sent = await completeDraft(ingrid);
    const submitted = await submitDraft(test.db, sent, {
      scope: { actorPersonId: ingrid.personId, subjectPersonId: ingrid.personId, municipalityId: test.municipalityId },
      actor: { personId: ingrid.personId, name: "Ingrid Test" },
      municipality: { id: test.municipalityId, name: "Demo" },
      locale: "nb",
    });
    if (!submitted.ok) throw new Error("not sent");
    const { applicationId } = submitted;
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    await test.db.update(applicationDrafts).set({ updatedAt: daysAgo(draftRetentionDays + 1) }).where(inArray(applicationDrafts.id, [old, sent]));
    await test.db.update(applicationDrafts).set({ updatedAt: daysAgo(draftRetentionDays - 1) }).where(eq(applicationDrafts.id, recent));

    // The list tells the resident the day each draft goes.
    const list = await get(ingrid, listRoute, "/min-side/soknader");
    const shown = (list.data.drafts as { id: string; deletedOn: string }[]).find((d) => d.id === recent);
    expect(shown?.deletedOn).toBe(formatDate(daysAgo(-1), "nb"));

    expect(await pruneDrafts(test.db, now)).toBe(1);
    expect(await draftRow(old)).toBeUndefined();
    expect(await test.db.select().from(documents).where(eq(documents.draftId, old))).toEqual([]);
    expect(await draftRow(recent)).toBeDefined();
    expect(await test.db.select().from(documents).where(eq(documents.draftId, recent))).toHaveLength(1);
    // A sent draft is the application's: it stays, with the files sent.
    expect(await draftRow(sent)).toBeDefined();
    expect((await test.db.select().from(documents).where(eq(documents.applicationId, applicationId))).length).toBeGreaterThan(0);
    expect(await pruneDrafts(test.db, now)).toBe(0);
  });
});

describe("the caseworker's case page", () => {
  it("shows the applicant's answers and files, and opening a file is in the resident's innsynslogg", async () => {
    const id = await completeDraft(solveig);
    const applicationId = (await postStep(solveig, id, "oppsummering", { intent: "send" })).location!.split("/")[3];
    const [employee] = await test.db
      .insert(employees)
      .values({ municipalityId: test.municipalityId, issuer: "test", subject: "apply-test", name: "Siri Saksbehandler", unit: "Tildelingskontoret", roles: ["caseworker"] })
      .returning();
    const cookie = (await createSession(test.db, new Request(origin), { kind: "employee", employeeId: employee.id })).split(";")[0];
    const staff = { personId: "", cookie, csrf: "" };
    const page = await get(staff, caseRoute, `/saksbehandler/saker/${applicationId}`, { id: applicationId });
    expect(page.status).toBe(200);
    expect(page.data.sentAnswers).toMatchObject({
      answers: { whatMatters: "Å bo hjemme og gå tur med hunden.", contact: { who: "other", name: "Kari Testdatter" } },
      attachments: [{ filename: "legeerklæring.pdf", mime: "application/pdf" }],
    });
    const fileId = page.data.sentAnswers.attachments[0].id;
    const file = await get(staff, staffDocumentRoute, `/saksbehandler/dokumenter/${fileId}`, { id: fileId });
    expect(file.status).toBe(200);
    const seen = await test.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.objectId, fileId), eq(auditEntries.action, "document.viewed"), eq(auditEntries.actorId, employee.id)));
    expect(seen).toHaveLength(1);
    expect(seen[0].subjectPersonId).toBe(solveig.personId);
    // A draft's file stays the resident's own until it is sent.
    const draft = await completeDraft(solveig);
    const [draftFile] = await test.db.select().from(documents).where(eq(documents.draftId, draft));
    expect((await get(staff, staffDocumentRoute, `/saksbehandler/dokumenter/${draftFile.id}`, { id: draftFile.id })).status).toBe(404);
  });
});

describe("the case-system API", () => {
  const call = (route: Route, url: string, params: Record<string, string>, key: string = demoIntegrationKey.key) =>
    route.loader!({ request: new Request(`${origin}${url}`, { headers: { Authorization: `Bearer ${key}` } }), params, context: {} }) as Promise<Response>;

  it("includes a portal application's answers and documents, and serves the files to the same municipality only", async () => {
    const id = await completeDraft(solveig);
    const sent = await postStep(solveig, id, "oppsummering", { intent: "send" });
    const applicationId = sent.location!.split("/")[3];
    const [application] = await test.db.select().from(applications).where(eq(applications.id, applicationId));
    const reference = application.reference;

    const detail = await call(apiDetailRoute, `/api/v1/applications/${reference}`, { reference });
    expect(detail.status).toBe(200);
    const body = await detail.json();
    expect(body.channel).toBe("portal");
    expect(body.answers).toMatchObject({ whatMatters: "Å bo hjemme og gå tur med hunden.", consent: true });
    expect(body.documents.map((d: { kind: string }) => d.kind).sort()).toEqual(["application_copy", "attachment"]);
    const attachment = body.documents.find((d: { kind: string }) => d.kind === "attachment");
    expect(attachment).toMatchObject({
      filename: "legeerklæring.pdf",
      mime: "application/pdf",
      size: pdfBytes().byteLength,
      sha256: createHash("sha256").update(pdfBytes()).digest("hex"),
      downloadUrl: `/api/v1/applications/${reference}/documents/${attachment.id}`,
    });

    // The list (the case system's import) carries the same.
    let cursor = "";
    let listed: { reference: string; answers: unknown; documents: unknown[] } | undefined;
    for (let page = 0; page < 20 && !listed; page++) {
      const res = await call(apiListRoute, `/api/v1/applications?limit=100${cursor ? `&cursor=${cursor}` : ""}`, {});
      const json = await res.json();
      listed = json.items.find((i: { reference: string }) => i.reference === reference);
      if (!json.nextCursor) break;
      cursor = json.nextCursor;
    }
    expect(listed?.answers).toEqual(body.answers);
    expect(listed?.documents).toEqual(body.documents);

    const params = { reference, documentId: attachment.id };
    const file = await call(apiDocumentRoute, attachment.downloadUrl, params);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdfBytes());
    // The resident's innsynslogg shows that the case system fetched the file.
    const fetched = await test.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.objectId, attachment.id), eq(auditEntries.action, "document.viewed"), eq(auditEntries.actorKind, "system")));
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatchObject({ subjectPersonId: solveig.personId, actorName: demoIntegrationKey.name });

    // Another municipality's key, an unknown reference, another application's reference, no key.
    const neighbour = await call(apiDocumentRoute, attachment.downloadUrl, params, neighbourKey);
    expect(neighbour.status).toBe(404);
    expect(neighbour.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect((await call(apiDetailRoute, `/api/v1/applications/${reference}`, { reference }, neighbourKey)).status).toBe(404);
    expect((await call(apiDocumentRoute, "/x", { reference: "SOK-1999-000001", documentId: attachment.id })).status).toBe(404);
    const [otherApp] = await test.db.select().from(applications).where(eq(applications.personId, ingrid.personId)).limit(1);
    if (otherApp)
      expect((await call(apiDocumentRoute, "/x", { reference: otherApp.reference, documentId: attachment.id })).status).toBe(404);
    expect((await call(apiDocumentRoute, "/x", { reference, documentId: "not-a-uuid" })).status).toBe(404);
    expect((await call(apiDocumentRoute, "/x", params, "feil-nokkel")).status).toBe(401);

    // A draft's file is not the application's: never listed or served.
    const draft = await completeDraft(solveig);
    const [draftFile] = await test.db.select().from(documents).where(eq(documents.draftId, draft));
    expect((await call(apiDocumentRoute, "/x", { reference, documentId: draftFile.id })).status).toBe(404);
  });
});

describe("when the database fails during sending", () => {
  /** The database, except that inside a transaction the insert into `table` fails like a lost connection. */
  function failingInsert(db: Database, table: unknown): Database {
    const lostConnection = () => Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" });
    const wrapTx = (tx: object) =>
      new Proxy(tx, {
        get(target, prop) {
          if (prop === "insert")
            return (t: unknown) => {
              if (t === table) throw lostConnection();
              return (target as Database).insert(t as never);
            };
          const value = Reflect.get(target, prop);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    return new Proxy(db, {
      get(target, prop) {
        if (prop === "transaction")
          return (fn: (tx: unknown) => Promise<unknown>, config?: unknown) =>
            target.transaction((tx) => fn(wrapTx(tx)) as Promise<never>, config as never);
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  it("says so in plain words, keeps the draft with its files, and leaves nothing half-written", async () => {
    const id = await completeDraft(solveig);
    const filesBefore = await test.db.select().from(documents).where(eq(documents.draftId, id));
    const [{ n: applicationsBefore }] = await test.db.select({ n: count() }).from(applications);
    const [{ n: copiesBefore }] = await test.db.select({ n: count() }).from(documents).where(eq(documents.kind, "application_copy"));

    // The application row is written, then the connection is lost on the next insert.
    useDatabaseForTests({ ...test, db: failingInsert(test.db, applicationDetails) });
    let failed: Outcome;
    try {
      failed = await postStep(solveig, id, "oppsummering", { intent: "send" });
    } finally {
      useDatabaseForTests(test);
    }
    expect(failed.status).toBe(503);
    expect(failed.data).toEqual({ kind: "failed" });
    expect(getFixedT("nb", "apply")("review.failed")).toBe("Vi fikk ikke sendt søknaden. Utkastet ditt er lagret. Prøv igjen om litt.");

    const draft = await draftRow(id);
    expect(draft.applicationId).toBeNull();
    expect(draft.answers.whatMatters).toBe("Å bo hjemme og gå tur med hunden.");
    const filesAfter = await test.db.select().from(documents).where(eq(documents.draftId, id));
    expect(filesAfter.map((f) => [f.id, f.applicationId])).toEqual(filesBefore.map((f) => [f.id, null]));
    expect((await test.db.select({ n: count() }).from(applications))[0].n).toBe(applicationsBefore);
    expect((await test.db.select({ n: count() }).from(documents).where(eq(documents.kind, "application_copy")))[0].n).toBe(copiesBefore);
    // The page still shows the draft for another try.
    expect((await getStep(solveig, id, "oppsummering")).data.attachments).toHaveLength(1);

    // The PDF copy failing to be stored undoes everything too.
    useDatabaseForTests({ ...test, db: failingInsert(test.db, documents) });
    try {
      expect((await postStep(solveig, id, "oppsummering", { intent: "send" })).status).toBe(503);
    } finally {
      useDatabaseForTests(test);
    }
    expect((await test.db.select({ n: count() }).from(applications))[0].n).toBe(applicationsBefore);
    expect((await draftRow(id)).applicationId).toBeNull();

    // Once the database is back, the same draft is sent.
    const retry = await postStep(solveig, id, "oppsummering", { intent: "send" });
    expect(retry.status).toBe(303);
    expect((await test.db.select({ n: count() }).from(applications))[0].n).toBe(applicationsBefore + 1);
  });
});
