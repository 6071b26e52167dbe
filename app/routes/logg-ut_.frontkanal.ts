import type { LoaderFunctionArgs } from "@remix-run/node";
import { identityProvider } from "~/.server/auth/oidc";
import { endSessionsByIdpSid } from "~/.server/auth/session";
import { logger } from "~/.server/logger";

// Front-channel logout: ID-porten loads this in an iframe when the resident logs out elsewhere.
// Our cookies may not arrive in a third-party frame, so the session is found by the provider's
// `sid`. server.mjs lets only ID-porten's login hosts frame this one address.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const iss = url.searchParams.get("iss");
  const sid = url.searchParams.get("sid");
  const expected = identityProvider("resident").issuer;
  const trim = (s: string) => s.replace(/\/+$/, "");
  const headers = { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" };
  if (!iss || !sid || trim(iss) !== trim(expected) || sid.length > 200) {
    logger.warn("logout.frontchannel_refused");
    return new Response("Ugyldig forespørsel om utlogging.", { status: 400, headers });
  }
  const ended = await endSessionsByIdpSid(sid);
  logger.info("logout.frontchannel", { ended });
  return new Response("", { status: 200, headers });
}
