import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/utils/meta";
import { useLoaderData } from "@remix-run/react";
import { loadStaticPage } from "~/.server/static-page";
import { StaticPageView } from "~/components/static-page";

export const loader = ({ request }: LoaderFunctionArgs) => loadStaticPage(request, "privacy");

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

export default function Page() {
  return <StaticPageView page={useLoaderData<typeof loader>().page} />;
}
