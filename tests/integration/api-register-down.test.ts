import { afterAll, beforeAll, expect, it, vi } from "vitest";
import * as listRoute from "~/routes/api.v1.applications";
import { openPortalForTests } from "../support/database";

// The case system registers a paper application for someone the portal has never seen while
// Folkeregisteret does not answer: the API says so (503 with Retry-After), stores nothing, and the
// same request sent again later registers the application once.

const registerDown = vi.hoisted(() => ({ down: false }));
vi.mock("~/.server/auth/people", async (importOriginal) => {
  const original = await importOriginal<typeof import("~/.server/auth/people")>();
  return {
    ...original,
    upsertResident: (...args: Parameters<typeof original.upsertResident>) => {
      if (registerDown.down) throw new original.RegisterUnavailableError();
      return original.upsertResident(...args);
    },
  };
});

let test: Awaited<ReturnType<typeof openPortalForTests>>;

beforeAll(async () => {
  test = await openPortalForTests("register-down");
  registerDown.down = true;
});
afterAll(async () => {
  await test?.cleanup();
});

const body = {
  id: "papir-register-nede-1",
  // A synthetic number the demo has no person for yet.
  pid: "24848010002",
  services: ["trygghetsalarm"],
  channel: "paper",
  receivedAt: "2026-11-20T09:00:00+01:00",
};

const register = () =>
  listRoute.action({
    request: new Request("http://localhost:3000/api/v1/applications", {
      method: "POST",
      headers: { Authorization: "Bearer dev-fagsystem-key", "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
    params: {},
    context: {},
  });

it("answers 503 with Retry-After while the register is down, then registers once when it is back", async () => {
  const refused = await register();
  expect(refused.status).toBe(503);
  expect(refused.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  expect(refused.headers.get("Retry-After")).toBe("60");
  expect(await refused.json()).toMatchObject({ status: 503, title: "Personregisteret svarer ikke" });

  registerDown.down = false;
  const first = await register();
  expect(first.status).toBe(201);
  const again = await register();
  expect(again.status).toBe(200);
  expect((await again.json()).reference).toBe((await first.json()).reference);
});
