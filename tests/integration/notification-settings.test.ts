// The caseworker's notification settings (/saksbehandler/varsler) and the demo's outbox page
// (/dev/utboks): route loaders and actions called with real Requests and real employee sessions.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, getEmployeeSession } from "~/.server/auth/session";
import { captureSmsGateway, clearCapturedMessages, devOutboxEnabled } from "~/.server/notifications/transports";
import * as outboxRoute from "~/routes/dev.utboks";
import * as settingsRoute from "~/routes/saksbehandler.varsler";
import { employees } from "../../db/schema";
import { openPortalForTests } from "../support/database";

let test: Awaited<ReturnType<typeof openPortalForTests>>;
const origin = "http://localhost:3000";
const url = `${origin}/saksbehandler/varsler`;

type Employee = { id: string; cookie: string; csrf: string };

async function employeeWith(subject: string, roles: ("caseworker" | "editor")[], unit: string | null): Promise<Employee> {
  const [row] = await test.db
    .insert(employees)
    .values({ municipalityId: test.municipalityId, issuer: "test", subject, name: `Test ${subject}`, unit, roles })
    .returning();
  const setCookie = await createSession(test.db, new Request(origin), { kind: "employee", employeeId: row.id });
  const cookie = setCookie.split(";")[0];
  const session = await getEmployeeSession(new Request(origin, { headers: { Cookie: cookie } }));
  return { id: row.id, cookie, csrf: session!.csrfToken };
}

function post(who: Employee, fields: Record<string, string>) {
  const body = new URLSearchParams(fields);
  return settingsRoute.action({
    request: new Request(url, { method: "POST", body, headers: { Cookie: who.cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" } }),
    params: {},
    context: {},
  });
}

async function thrown(fn: () => Promise<unknown>): Promise<Response> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a Response to be thrown");
}

async function stored(id: string) {
  const [row] = await test.db.select({ email: employees.email, dailyDigest: employees.dailyDigest }).from(employees).where(eq(employees.id, id));
  return row;
}

beforeAll(async () => {
  test = await openPortalForTests("notify-settings");
});
afterAll(async () => {
  await test?.cleanup();
});

describe("/saksbehandler/varsler", () => {
  it("shows the caseworker's own settings and unit, and saves them after a redirect", async () => {
    const kari = await employeeWith("settings-kari", ["caseworker"], "Tildelingskontoret");
    const loaded = await settingsRoute.loader({ request: new Request(url, { headers: { Cookie: kari.cookie } }), params: {}, context: {} });
    expect(loaded.values).toEqual({ email: "", dailyDigest: false });
    expect(loaded.text.title).toBe("Varsler på e-post");
    expect(loaded.text.unit).toMatch(/^Enheten din: Tildelingskontoret/);

    const saved = (await post(kari, { csrf: kari.csrf, dailyDigest: "ja", email: " kari@fjordvik.example " })) as Response;
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/saksbehandler/varsler?lagret=1");
    expect(await stored(kari.id)).toEqual({ email: "kari@fjordvik.example", dailyDigest: true });

    // Off again; the address may stay.
    await post(kari, { csrf: kari.csrf, email: "kari@fjordvik.example" });
    expect(await stored(kari.id)).toEqual({ email: "kari@fjordvik.example", dailyDigest: false });
  });

  it("refuses a summary without an address and a malformed address, keeping what was typed", async () => {
    const per = await employeeWith("settings-per", ["caseworker"], "Tildelingskontoret");
    const missing = (await post(per, { csrf: per.csrf, dailyDigest: "ja", email: "" })) as unknown as { data: { errors: Record<string, string>; values: unknown }; init: { status: number } };
    expect(missing.init.status).toBe(400);
    expect(missing.data.errors).toEqual({ email: "errors.emailRequired" });
    expect(missing.data.values).toEqual({ email: "", dailyDigest: true });
    const malformed = (await post(per, { csrf: per.csrf, dailyDigest: "ja", email: "per@" })) as unknown as { data: { errors: Record<string, string>; values: unknown } };
    expect(malformed.data.errors).toEqual({ email: "errors.email" });
    expect(malformed.data.values).toEqual({ email: "per@", dailyDigest: true });
    expect(await stored(per.id)).toEqual({ email: null, dailyDigest: false });
  });

  it("refuses a form without the session's CSRF token", async () => {
    const anne = await employeeWith("settings-anne", ["caseworker"], "Tildelingskontoret");
    const other = await employeeWith("settings-other", ["caseworker"], "Tildelingskontoret");
    expect((await thrown(() => post(anne, { dailyDigest: "ja", email: "anne@fjordvik.example" }))).status).toBe(403);
    expect((await thrown(() => post(anne, { csrf: other.csrf, dailyDigest: "ja", email: "anne@fjordvik.example" }))).status).toBe(403);
    expect(await stored(anne.id)).toEqual({ email: null, dailyDigest: false });
  });

  it("is only for caseworkers, and only ever changes the employee's own settings", async () => {
    const editor = await employeeWith("settings-editor", ["editor"], null);
    const response = await thrown(() => settingsRoute.loader({ request: new Request(url, { headers: { Cookie: editor.cookie } }), params: {}, context: {} }));
    expect(response.status).toBe(403);
    expect((await thrown(() => post(editor, { csrf: editor.csrf, dailyDigest: "ja", email: "e@fjordvik.example" }))).status).toBe(403);

    // A field naming another employee is ignored: the session decides whose settings change.
    const a = await employeeWith("settings-a", ["caseworker"], "Tildelingskontoret");
    const b = await employeeWith("settings-b", ["caseworker"], "Tildelingskontoret");
    await post(a, { csrf: a.csrf, dailyDigest: "ja", email: "a@fjordvik.example", employeeId: b.id });
    expect(await stored(b.id)).toEqual({ email: null, dailyDigest: false });
    expect(await stored(a.id)).toEqual({ email: "a@fjordvik.example", dailyDigest: true });

    // Without a session: to the employee login.
    const anonymous = await thrown(() => settingsRoute.loader({ request: new Request(url), params: {}, context: {} }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/saksbehandler/logg-inn");
  });

  it("tells an employee without a unit that there is no inbox to summarise", async () => {
    const loner = await employeeWith("settings-loner", ["caseworker"], null);
    const loaded = await settingsRoute.loader({ request: new Request(url, { headers: { Cookie: loner.cookie } }), params: {}, context: {} });
    expect(loaded.text.unit).toContain("ikke knyttet til en enhet");
  });
});

describe("/dev/utboks", () => {
  it("lists what the demo captured, newest first, and does not exist in production", async () => {
    clearCapturedMessages();
    const sms = captureSmsGateway();
    await sms.send("+47 400 00 004", "Første", { reference: "a" });
    await sms.send("+47 400 00 004", "Andre", { reference: "b" });
    const loaded = await outboxRoute.loader({ request: new Request(`${origin}/dev/utboks`), params: {}, context: {} });
    expect(loaded.messages.map((m) => m.text)).toEqual(["Andre", "Første"]);
    expect(loaded.messages[0]).toMatchObject({ channel: "SMS", recipient: "+47 400 00 004", subject: null });
    expect(devOutboxEnabled({ PORTAL_ENV: "demo" })).toBe(true);
    expect(devOutboxEnabled({ PORTAL_ENV: "production" })).toBe(false);
  });
});
