// The resident's online appeal (klage): the route's loader and action called with real Request
// objects and a real resident session, against in-memory PGlite or PostgreSQL (DATABASE_URL),
// seeded with the demo applications (Solveig: a partly granted decision within the deadline;
// Randi: a decision past the deadline; Ingrid: no decision yet).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveStatus } from "~/.server/applications/status";
import * as appealRoute from "~/routes/min-side_.soknader.$id_.klage";
import * as receiptRoute from "~/routes/min-side_.soknader.$id_.klage_.kvittering";
import { applicationEvents, applications, auditEntries } from "../../db/schema";
import { openPortalForTests } from "../support/database";
import { personIdOf, residentSession, run } from "../support/domain";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
const origin = "http://localhost:3000";

type Resident = { personId: string; cookie: string; csrf: string };
const residents: Record<string, Resident> = {};
const applicationOf: Record<string, string> = {};

async function loginAs(givenName: string): Promise<Resident> {
  return residentSession(test.db, await personIdOf(test.db, givenName), origin);
}

beforeAll(async () => {
  test = await openPortalForTests("appeal");
  for (const name of ["Solveig", "Ingrid", "Randi"]) {
    residents[name] = await loginAs(name);
    const [row] = await test.db
      .select({ id: applications.id })
      .from(applications)
      .where(eq(applications.personId, residents[name].personId));
    applicationOf[name] = row.id;
  }
});
afterAll(async () => {
  await test?.cleanup();
});

// ---------------------------------------------------------------------------------------------
// Helpers

const path_ = (id: string, receipt = false) => `/min-side/soknader/${id}/klage${receipt ? "/kvittering" : ""}`;

function get(who: Resident, id: string, receipt = false) {
  const request = new Request(`${origin}${path_(id, receipt)}`, { headers: { Cookie: who.cookie } });
  const route = receipt ? receiptRoute : appealRoute;
  return run(() => route.loader({ request, params: { id }, context: {} }));
}

type Fields = Partial<{ services: string[]; disagreement: string; reasons: string; wish: string; confirmed: boolean; key: string; csrf: string | null; intent: string }>;

function post(who: Resident, id: string, fields: Fields) {
  const body = new URLSearchParams();
  if (fields.csrf !== null) body.set("csrf", fields.csrf ?? who.csrf);
  if (fields.key) body.set("key", fields.key);
  for (const s of fields.services ?? []) body.append("services", s);
  for (const name of ["disagreement", "reasons", "wish"] as const) if (fields[name] !== undefined) body.set(name, fields[name]!);
  if (fields.confirmed) body.set("confirmed", "ja");
  if (fields.intent) body.set("intent", fields.intent);
  const request = new Request(`${origin}${path_(id)}`, {
    method: "POST",
    headers: { Cookie: who.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return run(() => appealRoute.action({ request, params: { id }, context: {} }));
}

const complete = {
  services: ["hjemmesykepleie"],
  disagreement: "Jeg får ikke besøk om morgenen.",
  reasons: "Jeg er svimmel om morgenen\r\nog har falt to ganger.\r\n\r\nDatteren min bor langt unna.",
  wish: "Besøk hver morgen.",
  confirmed: true,
};

async function appealEvents(applicationId: string) {
  return test.db
    .select()
    .from(applicationEvents)
    .where(and(eq(applicationEvents.applicationId, applicationId), eq(applicationEvents.type, "appeal_received")));
}

// ---------------------------------------------------------------------------------------------

describe("the appeal form", () => {
  it("is open for Solveig's decision, with its one service preselected and a fresh form key", async () => {
    const res = await get(residents.Solveig, applicationOf.Solveig);
    expect(res.status).toBe(200);
    expect(res.data.state.kind).toBe("open");
    expect(res.data.services).toEqual([{ slug: "hjemmesykepleie", title: expect.any(String), outcome: "partly_granted" }]);
    expect(res.data.formKey).toMatch(/^[0-9a-f-]{36}$/);
    const again = await get(residents.Solveig, applicationOf.Solveig);
    expect(again.data.formKey).not.toBe(res.data.formKey);
  });

  it("comes back with the errors and everything that was typed when it does not validate", async () => {
    const key = crypto.randomUUID();
    const res = await post(residents.Solveig, applicationOf.Solveig, {
      key,
      intent: "review",
      disagreement: "   ",
      reasons: "",
      wish: "Besøk hver morgen.",
    });
    expect(res.status).toBe(400);
    expect(res.data.step).toBe("edit");
    expect(res.data.errors).toEqual({
      services: "appealForm.errors.services",
      disagreement: "appealForm.errors.disagreement",
      reasons: "appealForm.errors.reasons",
      confirmed: "appealForm.errors.confirmed",
    });
    expect(res.data.values).toMatchObject({ wish: "Besøk hver morgen.", disagreement: "   ", services: [] });
    expect(res.data.formKey).toBe(key);

    const tooLong = await post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "review", reasons: "x".repeat(4001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data.errors).toEqual({ reasons: "appealForm.errors.tooLong" });
    expect(tooLong.data.values.disagreement).toBe(complete.disagreement);

    const notDecided = await post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "review", services: ["avlastning"] });
    expect(notDecided.data.errors).toEqual({ services: "appealForm.errors.services" });
    // A failed send keeps the input too, and stores nothing.
    const failedSend = await post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "send", confirmed: false });
    expect(failedSend.status).toBe(400);
    expect(failedSend.data.values.reasons).toBe(complete.reasons);
    expect(await appealEvents(applicationOf.Solveig)).toHaveLength(0);
  });

  it("shows the review with the answers and the same key, and Endre goes back with them", async () => {
    const key = crypto.randomUUID();
    const review = await post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "review" });
    expect(review.status).toBe(200);
    expect(review.data).toMatchObject({ step: "review", formKey: key });
    expect(review.data.values.reasons).toBe("Jeg er svimmel om morgenen\nog har falt to ganger.\n\nDatteren min bor langt unna.");
    const edit = await post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "edit" });
    expect(edit.data).toMatchObject({ step: "edit", errors: {}, formKey: key, values: { wish: "Besøk hver morgen." } });
    expect(await appealEvents(applicationOf.Solveig)).toHaveLength(0);
  });
});

describe("sending the appeal", () => {
  it("refuses a missing or wrong CSRF token with 403, and stores nothing", async () => {
    const key = crypto.randomUUID();
    expect((await post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "send", csrf: null })).status).toBe(403);
    expect((await post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "send", csrf: residents.Ingrid.csrf })).status).toBe(
      403,
    );
    expect(await appealEvents(applicationOf.Solveig)).toHaveLength(0);
  });

  it("answers 404 for another resident's application, to read or to post, and stores nothing", async () => {
    expect((await get(residents.Ingrid, applicationOf.Solveig)).status).toBe(404);
    expect((await get(residents.Ingrid, applicationOf.Solveig, true)).status).toBe(404);
    expect((await get(residents.Ingrid, "not-a-uuid")).status).toBe(404);
    const forged = await post(residents.Ingrid, applicationOf.Solveig, { ...complete, key: crypto.randomUUID(), intent: "send" });
    expect(forged.status).toBe(404);
    expect(await appealEvents(applicationOf.Solveig)).toHaveLength(0);
  });

  it("stores the appeal once, from the portal, with the resident as actor in the audit log — also when sent twice at once", async () => {
    const key = crypto.randomUUID();
    const [first, second] = await Promise.all([
      post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "send" }),
      post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "send" }),
    ]);
    const receipt = `/min-side/soknader/${applicationOf.Solveig}/klage/kvittering`;
    for (const res of [first, second]) expect(res).toMatchObject({ status: 303, location: receipt });
    // And once more, later (a resent form).
    expect(await post(residents.Solveig, applicationOf.Solveig, { ...complete, key, intent: "send" })).toMatchObject({ status: 303, location: receipt });

    const events = await appealEvents(applicationOf.Solveig);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.source).toBe("portal");
    expect(event.idempotencyKey).toBe(`portal-klage-${key}`);
    expect(event.payload).toEqual({
      services: ["hjemmesykepleie"],
      disagreement: complete.disagreement,
      reasons: "Jeg er svimmel om morgenen\nog har falt to ganger.\n\nDatteren min bor langt unna.",
      wish: complete.wish,
    });
    const audit = await test.db.select().from(auditEntries).where(eq(auditEntries.objectId, event.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorKind: "person",
      actorId: residents.Solveig.personId,
      actorName: "Solveig Fjellstad",
      subjectPersonId: residents.Solveig.personId,
      action: "application.event_appended",
      objectType: "application_event",
    });

    // The status follows: the appeal is with the municipality, and the deadline is used.
    const all = await test.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, applicationOf.Solveig));
    const status = deriveStatus(all, new Date());
    expect(status.stage).toBe("appealed");
    expect(status.nextStep.key).toBe("appealWithMunicipality");
    expect(status.deadlines.appealOpen).toBe(false);
  });

  it("shows the receipt with what was sent", async () => {
    const res = await get(residents.Solveig, applicationOf.Solveig, true);
    expect(res.status).toBe(200);
    expect(res.data.application.reference).toBe("SOK-2026-000101");
    expect(res.data.appeal).toMatchObject({ disagreement: complete.disagreement, wish: complete.wish });
    expect(res.data.appeal.services).toHaveLength(1);
    expect(res.data.sentAt).toMatch(/kl\. \d{2}:\d{2}/);
  });

  it("takes no second appeal against the same decision: the page explains instead", async () => {
    const page = await get(residents.Solveig, applicationOf.Solveig);
    expect(page.data.state.kind).toBe("appealed");
    expect(page.data.portalAppeal).toBe(true);
    const res = await post(residents.Solveig, applicationOf.Solveig, { ...complete, key: crypto.randomUUID(), intent: "send" });
    expect(res).toMatchObject({ status: 409, data: { step: "closed" } });
    expect(await appealEvents(applicationOf.Solveig)).toHaveLength(1);
  });

  it("refuses after the deadline, and when there is no decision, and has no receipt for them", async () => {
    const randi = await get(residents.Randi, applicationOf.Randi);
    expect(randi.data.state.kind).toBe("closed");
    const late = await post(residents.Randi, applicationOf.Randi, { ...complete, services: ["avlastning"], key: crypto.randomUUID(), intent: "send" });
    expect(late).toMatchObject({ status: 409, data: { step: "closed" } });
    const review = await post(residents.Randi, applicationOf.Randi, { ...complete, services: ["avlastning"], key: crypto.randomUUID(), intent: "review" });
    expect(review.status).toBe(409);
    expect(await appealEvents(applicationOf.Randi)).toHaveLength(0);
    expect((await get(residents.Randi, applicationOf.Randi, true)).status).toBe(404);

    const ingrid = await get(residents.Ingrid, applicationOf.Ingrid);
    expect(ingrid.data.state.kind).toBe("no_decision");
    const none = await post(residents.Ingrid, applicationOf.Ingrid, { ...complete, services: ["praktisk-bistand"], key: crypto.randomUUID(), intent: "send" });
    expect(none.status).toBe(409);
    expect(await appealEvents(applicationOf.Ingrid)).toHaveLength(0);
  });
});
