import type { MetaFunction } from "@remix-run/node";
import { loggedOutLoader } from "~/.server/auth/login";
import { LoggedOutPage } from "~/components/auth";
import { rootTitleMeta } from "~/utils/meta";

export const loader = loggedOutLoader;

export const meta: MetaFunction = (args) => rootTitleMeta(args, "loggedOut");

export default function LoggedOut() {
  return <LoggedOutPage loginHref="/logg-inn" />;
}
