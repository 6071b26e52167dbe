import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { startLogin } from "~/.server/auth/login";
import { LoginPage } from "~/components/auth";
import { rootTitleMeta } from "~/utils/meta";

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  startLogin(request, "resident", context.clientAddress as string | undefined);

export const meta: MetaFunction = (args) => rootTitleMeta(args, "login");

export default LoginPage;
