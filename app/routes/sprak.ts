import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { languageCookie } from "~/.server/i18n";
import { fallbackLanguage, isLanguage } from "~/i18n/config";
import { safeRedirectPath } from "~/utils/safe-redirect";

// The language switch: a plain link, so it works without JavaScript. It remembers the choice in
// a cookie and sends the visitor back to the page they were on (same site only).
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const requested = url.searchParams.get("lng");
  const lng = isLanguage(requested) ? requested : fallbackLanguage;
  const secure = url.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return redirect(safeRedirectPath(url.searchParams.get("til")), {
    status: 303,
    headers: { "Set-Cookie": languageCookie(lng, secure), "Cache-Control": "no-store" },
  });
}
