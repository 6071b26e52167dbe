import type { MetaFunction } from "@remix-run/node";
import { LoggedOutPage } from "~/components/auth";
import { rootTitleMeta } from "~/utils/meta";

export const meta: MetaFunction = (args) => rootTitleMeta(args, "loggedOut");

export default function LoggedOut() {
  return <LoggedOutPage loginHref="/saksbehandler/logg-inn" />;
}
