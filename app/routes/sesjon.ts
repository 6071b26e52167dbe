import type { ActionFunctionArgs } from "@remix-run/node";
import { assertCsrf, getEmployeeSession, getResidentSession } from "~/.server/auth/session";

// POST /sesjon: "Fortsett å være innlogget" in the idle warning. Marks the session as active now.
export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const kind = formData.get("kind") === "employee" ? "employee" : "resident";
  const find = (keepAlive: boolean) =>
    kind === "employee" ? getEmployeeSession(request, { keepAlive }) : getResidentSession(request, { keepAlive });
  // The CSRF token is checked before the session is touched: a refused request must not extend it.
  const current = await find(false);
  if (!current) return Response.json({ active: false }, { status: 401 });
  assertCsrf(formData, current);
  const session = await find(true);
  if (!session) return Response.json({ active: false }, { status: 401 });
  return Response.json({ active: true, idleExpiresAt: session.idleExpiresAt.toISOString() });
}
