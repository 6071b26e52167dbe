import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { logout } from "~/.server/auth/login";
import { LogoutPage } from "~/components/auth";
import { rootTitleMeta } from "~/utils/meta";

// Logging out changes state, so it is a POST from the "Logg ut" button.
export const action = ({ request }: ActionFunctionArgs) => logout(request, "employee");
export const meta: MetaFunction = (args) => rootTitleMeta(args, "logout");
export default LogoutPage;
