import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { finishLogin } from "~/.server/auth/login";
import { LoginCallbackPage } from "~/components/auth";
import { rootTitleMeta } from "~/utils/meta";

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  finishLogin(request, "resident", context.clientAddress as string | undefined);

export const meta: MetaFunction = (args) => rootTitleMeta(args, "loginProblem");

export default LoginCallbackPage;
