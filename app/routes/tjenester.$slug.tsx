import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/utils/meta";
import { useLoaderData } from "@remix-run/react";
import { getPublicContext } from "~/.server/request";
import { catalog } from "~/.server/services/catalog-cache";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { levelLabels, ServiceView } from "~/components/service-view";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, municipality, locale } = await getPublicContext(request);
  const slug = params.slug ?? "";
  const service = /^[a-z0-9-]{1,80}$/.test(slug) ? await catalog.get(db, municipality.id, locale, slug) : null;
  if (!service) throw new Response(null, { status: 404, statusText: "Not Found" });
  const levels = levelLabels(municipality.levelModel, service.levels, locale);
  return {
    service: { ...service, publishedAt: service.publishedAt.toISOString() },
    levels,
    locale,
    title: `${service.title} – ${municipality.name}`,
  };
}

export const meta: MetaFunction<typeof loader> = (args) =>
  pageMeta(args, args.data?.title, args.data?.service.summary);

export default function ServicePage() {
  const { service, levels, locale } = useLoaderData<typeof loader>();
  return (
    <ServiceView service={service} levels={levels} locale={locale} applyHref={`/min-side/soknader/ny?tjeneste=${encodeURIComponent(service.slug)}`} />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
