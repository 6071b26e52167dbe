import type { ActionFunctionArgs } from "@remix-run/node";
import { assertCsrf, getEmployeeSession, getResidentSession } from "~/.server/auth/session";

// POST /sesjon: "Fortsett å være innlogget" in the idle warning. Marks the session as active now.
export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const kind = formData.get("kind") === "employee" ? "employee" : "resident";
  const session =
    kind === "employee"
      ? await getEmployeeSession(request, { keepAlive: true })
      : await getResidentSession(request, { keepAlive: true });
  if (!session) return Response.json({ active: false }, { status: 401 });
  assertCsrf(formData, session);
  return Response.json({ active: true, idleExpiresAt: session.idleExpiresAt.toISOString() });
}
