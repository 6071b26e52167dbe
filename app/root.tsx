import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "@remix-run/react";
import dsCss from "@digdir/designsystemet-css?url";
import themeCss from "@digdir/designsystemet-theme/digdir.css?url";
import { getResidentSession } from "./.server/auth/session";
import { getFixedT, getLocale } from "./.server/i18n";
import { getCurrentMunicipality } from "./.server/municipality";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { SiteFooter, SiteHeader } from "./components/layout";
import { PathLinkNavigation } from "./components/path-link";
import { SessionTimeout } from "./components/session-timeout";
import { fallbackLanguage } from "./i18n/config";
import appCss from "./styles/app.css?url";
import { pageMeta } from "./utils/meta";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dsCss },
  { rel: "stylesheet", href: themeCss },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const [municipality, session] = await Promise.all([getCurrentMunicipality(), getResidentSession(request)]);
  const t = getFixedT(locale, "common");
  const withName = (title: string) => `${title} – ${municipality.name}`;
  return {
    locale,
    resident: session
      ? {
          givenName: session.person.givenName,
          csrfToken: session.csrfToken,
          idleExpiresAt: session.idleExpiresAt.toISOString(),
        }
      : null,
    titles: {
      login: withName(getFixedT(locale, "auth")("login.title")),
      loginProblem: withName(getFixedT(locale, "auth")("problems.title")),
      logout: withName(getFixedT(locale, "auth")("logout.title")),
      loggedOut: withName(getFixedT(locale, "auth")("logout.doneTitle")),
      employeeHome: withName(getFixedT(locale, "employee")("title")),
    },
    errorTitles: {
      notFound: withName(t("errors.notFound.title")),
      badRequest: withName(t("errors.badRequest.title")),
      clientError: withName(t("errors.clientError.title")),
      serverError: withName(t("errors.serverError.title")),
    },
    municipality: {
      name: municipality.name,
      theme: safeTheme(municipality.theme),
      contact: {
        unit: municipality.contact.unit[locale],
        phone: municipality.contact.phone,
        email: municipality.contact.email,
        openingHours: municipality.contact.openingHours[locale],
        address: municipality.contact.address,
        website: municipality.contact.website,
      },
    },
  };
}

const hexColour = /^#[0-9a-fA-F]{6}$/;

/** Only well-formed colours reach the inline style. */
function safeTheme(theme: { accent: string; accentContrast: string }) {
  return hexColour.test(theme.accent) && hexColour.test(theme.accentContrast)
    ? { accent: theme.accent, accentContrast: theme.accentContrast }
    : null;
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, undefined);

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const theme = data?.municipality.theme;
  return (
    <html lang={data?.locale ?? fallbackLanguage} data-color-scheme="light">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {theme ? (
          <style nonce={nonce}>{`:root{--ds-color-accent-base-default:${theme.accent};--ds-color-accent-base-hover:color-mix(in srgb,${theme.accent} 85%,#000);--ds-color-accent-base-active:color-mix(in srgb,${theme.accent} 70%,#000);--ds-color-accent-base-contrast-default:${theme.accentContrast};}`}</style>
        ) : null}
      </head>
      <body>
        <SiteHeader />
        <main id="hovedinnhold" tabIndex={-1}>
          <div className="page-width">{children}</div>
        </main>
        <SiteFooter />
        {data?.resident ? <SessionTimeout kind="resident" idleExpiresAt={data.resident.idleExpiresAt} csrfToken={data.resident.csrfToken} logoutAction="/logg-ut" /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <PathLinkNavigation>
      <Outlet />
    </PathLinkNavigation>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
