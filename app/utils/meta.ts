import { isRouteErrorResponse } from "@remix-run/react";
import type { MetaArgs, MetaDescriptor } from "@remix-run/node";

type RootData = {
  errorTitles?: Record<"notFound" | "badRequest" | "clientError" | "serverError", string>;
  titles?: Record<RootTitle, string>;
};

/** Titles of pages whose loaders return no data of their own, translated by the root loader. */
export type RootTitle = "login" | "loginProblem" | "logout" | "loggedOut" | "employeeHome";

export function rootTitleMeta(args: MetaArgs, key: RootTitle): MetaDescriptor[] {
  const root = args.matches.find((m) => m.id === "root")?.data as RootData | undefined;
  return pageMeta(args, root?.titles?.[key]);
}

/**
 * A page's <title> and description; when the route shows an error instead, the error's title
 * (translated by the root loader), so error pages have a title too.
 */
export function pageMeta(args: MetaArgs, title: string | undefined, description?: string): MetaDescriptor[] {
  if (args.error) {
    const root = args.matches.find((m) => m.id === "root")?.data as RootData | undefined;
    const status = isRouteErrorResponse(args.error) ? args.error.status : 500;
    const kind = status === 404 ? "notFound" : status === 400 ? "badRequest" : status < 500 ? "clientError" : "serverError";
    return [{ title: root?.errorTitles?.[kind] ?? "Feil" }];
  }
  return description ? [{ title }, { name: "description", content: description }] : [{ title }];
}
