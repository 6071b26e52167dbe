// Local stand-ins for ID-porten (residents) and for the municipality's employee login, used in a
// demo when no real issuer is configured. Built on oidc-provider v9 and mounted by Express under
// the issuer's path: `app.use(mountPath, handler)`.
//
// What the stand-in mimics (see shared/domain/norway.md §1): code flow with PKCE (S256) required,
// state + nonce, client_secret_basic, `acr` idporten-loa-substantial/-high chosen by the tester,
// `amr: ["TestID"]`, a pseudonymous `sub` (never the fødselsnummer), `pid`, `locale` and `sid` in
// the ID token, and RP-initiated logout with a confirmation form. Only synthetic fødselsnumre
// (month + 80) are accepted. Everything lives in memory: a restart forgets sessions and grants.
//
// Pages are plain server-rendered HTML without any script, so they work under the portal's strict
// CSP (inline <style> only) and without JavaScript.

import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import Provider, { type Account, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { isSynthetic, validateFodselsnummer } from "~/utils/fodselsnummer";
import { syntheticEmployees, syntheticPersons } from "../../../db/seed/persons";

export type DevProviderOptions = {
  kind: "idporten" | "employee";
  /** Absolute, e.g. "http://localhost:3000/dev-idporten"; the handler is mounted at its path. */
  issuer: string;
  client: { clientId: string; clientSecret: string; redirectUris: string[]; postLogoutRedirectUris: string[] };
};

export type DevProvider = {
  issuer: string;
  /** The issuer's pathname, e.g. "/dev-idporten". */
  mountPath: string;
  /** For Express: `app.use(mountPath, handler)`. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
};

/** The stand-in may only be used in a demo, and only when no real issuer is configured. */
export function devProviderEnabled(env: { PORTAL_ENV: "demo" | "production" }, issuerConfigured: boolean): boolean {
  return env.PORTAL_ENV === "demo" && issuerConfigured === false;
}

const ACR_SUBSTANTIAL = "idporten-loa-substantial";
const ACR_HIGH = "idporten-loa-high";
type Acr = typeof ACR_SUBSTANTIAL | typeof ACR_HIGH;

type Lang = "nb" | "nn" | "en";
type Role = "caseworker" | "editor" | "admin";
type FieldError = "empty" | "format" | "date" | "checksum" | "real";

// ---------------------------------------------------------------------------------------------
// Texts

const texts = {
  nb: {
    banner: "Testinnlogging – bare for utvikling og test",
    bannerIdporten: "Dette er en lokal erstatning for ID-porten. Bruk bare syntetiske testpersoner.",
    bannerEmployee: "Dette er en lokal erstatning for kommunens innlogging for ansatte. Bruk bare testbrukere.",
    languages: "Språk",
    titleIdporten: "Logg inn med TestID",
    titleEmployee: "Logg inn som ansatt",
    intro: "Skriv inn et syntetisk fødselsnummer og velg sikkerhetsnivå, eller velg en testperson nedenfor.",
    pidLabel: "Fødselsnummer",
    pidHint: "11 siffer. Syntetiske testnumre har måned + 80, for eksempel 1483… for 14. mars.",
    levelLegend: "Sikkerhetsnivå",
    substantial: "Betydelig",
    high: "Høyt",
    login: "Logg inn",
    cancel: "Avbryt",
    personsHeading: "Syntetiske testpersoner",
    personsIntro: "Logg inn med ett klikk. Sikkerhetsnivået du har valgt over, blir brukt.",
    loginAs: (name: string, note: string) => `Logg inn som ${name} (${note})`,
    employeesHeading: "Velg en testansatt",
    employeesIntro: "Du blir logget inn med ett klikk.",
    roles: { caseworker: "saksbehandler", editor: "redaktør", admin: "administrator" } satisfies Record<Role, string>,
    and: " og ",
    errorSummary: "Dette må rettes",
    errorPrefix: "Feil: ",
    errors: {
      empty: "Skriv inn et fødselsnummer med 11 siffer.",
      format: "Fødselsnummeret må ha nøyaktig 11 siffer.",
      date: "Fødselsnummeret inneholder en dato som ikke finnes.",
      checksum: "Fødselsnummeret er ikke gyldig. Kontrollsifrene stemmer ikke.",
      real: "Bruk et syntetisk fødselsnummer (måned + 80). Ekte fødselsnumre kan ikke brukes her.",
    } satisfies Record<FieldError, string>,
    expiredTitle: "Innloggingen er utløpt",
    expiredText: "Innloggingen er utløpt eller allerede fullført. Gå tilbake til tjenesten og logg inn på nytt.",
    logoutTitle: "Logg ut",
    logoutText: "Vil du logge ut av testinnloggingen? Du blir logget ut av alle tjenester som bruker den.",
    logoutButton: "Logg ut",
    loggedOutTitle: "Du er logget ut",
    loggedOutText: "Du er logget ut av testinnloggingen. Du kan lukke dette vinduet.",
    errorTitle: "Noe gikk galt",
    errorText: "Innloggingen kunne ikke fullføres. Gå tilbake til tjenesten og prøv igjen.",
    errorCode: "Feilkode",
  },
  nn: {
    banner: "Testinnlogging – berre for utvikling og test",
    bannerIdporten: "Dette er ei lokal erstatning for ID-porten. Bruk berre syntetiske testpersonar.",
    bannerEmployee: "Dette er ei lokal erstatning for innlogginga til kommunen for tilsette. Bruk berre testbrukarar.",
    languages: "Språk",
    titleIdporten: "Logg inn med TestID",
    titleEmployee: "Logg inn som tilsett",
    intro: "Skriv inn eit syntetisk fødselsnummer og vel sikkerheitsnivå, eller vel ein testperson nedanfor.",
    pidLabel: "Fødselsnummer",
    pidHint: "11 siffer. Syntetiske testnummer har månad + 80, til dømes 1483… for 14. mars.",
    levelLegend: "Sikkerheitsnivå",
    substantial: "Betydeleg",
    high: "Høgt",
    login: "Logg inn",
    cancel: "Avbryt",
    personsHeading: "Syntetiske testpersonar",
    personsIntro: "Logg inn med eitt klikk. Sikkerheitsnivået du har valt over, blir brukt.",
    loginAs: (name: string, note: string) => `Logg inn som ${name} (${note})`,
    employeesHeading: "Vel ein testtilsett",
    employeesIntro: "Du blir logga inn med eitt klikk.",
    roles: { caseworker: "saksbehandlar", editor: "redaktør", admin: "administrator" } satisfies Record<Role, string>,
    and: " og ",
    errorSummary: "Dette må rettast",
    errorPrefix: "Feil: ",
    errors: {
      empty: "Skriv inn eit fødselsnummer med 11 siffer.",
      format: "Fødselsnummeret må ha nøyaktig 11 siffer.",
      date: "Fødselsnummeret inneheld ein dato som ikkje finst.",
      checksum: "Fødselsnummeret er ikkje gyldig. Kontrollsifra stemmer ikkje.",
      real: "Bruk eit syntetisk fødselsnummer (månad + 80). Ekte fødselsnummer kan ikkje brukast her.",
    } satisfies Record<FieldError, string>,
    expiredTitle: "Innlogginga har gått ut",
    expiredText: "Innlogginga har gått ut eller er alt fullført. Gå tilbake til tenesta og logg inn på nytt.",
    logoutTitle: "Logg ut",
    logoutText: "Vil du logge ut av testinnlogginga? Du blir logga ut av alle tenester som bruker ho.",
    logoutButton: "Logg ut",
    loggedOutTitle: "Du er logga ut",
    loggedOutText: "Du er logga ut av testinnlogginga. Du kan lukke dette vindauget.",
    errorTitle: "Noko gjekk gale",
    errorText: "Innlogginga kunne ikkje fullførast. Gå tilbake til tenesta og prøv igjen.",
    errorCode: "Feilkode",
  },
  en: {
    banner: "Test login – for development and testing only",
    bannerIdporten: "This is a local stand-in for ID-porten. Use synthetic test persons only.",
    bannerEmployee: "This is a local stand-in for the municipality's employee login. Use test users only.",
    languages: "Language",
    titleIdporten: "Log in with TestID",
    titleEmployee: "Log in as an employee",
    intro: "Enter a synthetic national identity number and choose a security level, or pick a test person below.",
    pidLabel: "National identity number (fødselsnummer)",
    pidHint: "11 digits. Synthetic test numbers have month + 80, for example 1483… for 14 March.",
    levelLegend: "Security level",
    substantial: "Substantial",
    high: "High",
    login: "Log in",
    cancel: "Cancel",
    personsHeading: "Synthetic test persons",
    personsIntro: "Log in with one click. The security level chosen above is used.",
    loginAs: (name: string, note: string) => `Log in as ${name} (${note})`,
    employeesHeading: "Choose a test employee",
    employeesIntro: "You are logged in with one click.",
    roles: { caseworker: "caseworker", editor: "editor", admin: "administrator" } satisfies Record<Role, string>,
    and: " and ",
    errorSummary: "There is a problem",
    errorPrefix: "Error: ",
    errors: {
      empty: "Enter an 11-digit national identity number.",
      format: "The national identity number must have exactly 11 digits.",
      date: "The national identity number contains a date that does not exist.",
      checksum: "The national identity number is not valid. The check digits do not match.",
      real: "Use a synthetic national identity number (month + 80). Real numbers cannot be used here.",
    } satisfies Record<FieldError, string>,
    expiredTitle: "The login has expired",
    expiredText: "The login has expired or is already complete. Go back to the service and log in again.",
    logoutTitle: "Log out",
    logoutText: "Do you want to log out of the test login? You will be logged out of every service that uses it.",
    logoutButton: "Log out",
    loggedOutTitle: "You are logged out",
    loggedOutText: "You are logged out of the test login. You can close this window.",
    errorTitle: "Something went wrong",
    errorText: "The login could not be completed. Go back to the service and try again.",
    errorCode: "Error code",
  },
} as const;

const languageNames: Record<Lang, string> = { nb: "Bokmål", nn: "Nynorsk", en: "English" };

/** First supported language in a `ui_locales`-style list ("nn en", "nb-NO"); nb by default. */
function pickLang(...candidates: unknown[]): Lang {
  for (const candidate of candidates) {
    if (typeof candidate !== "string") continue;
    for (const tag of candidate.split(/[\s,]+/)) {
      const base = tag.trim().toLowerCase().split(/[-_]/)[0];
      if (base === "nb" || base === "no") return "nb";
      if (base === "nn") return "nn";
      if (base === "en") return "en";
    }
  }
  return "nb";
}

// ---------------------------------------------------------------------------------------------
// HTML

function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const styles = `
:root{color-scheme:light;--ink:#1e2b3c;--blue:#0062ba;--line:#c9d3dd;--error:#b3000c;--warn-bg:#fff3c4;--warn-line:#b35c00}
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:var(--ink);background:#fff;-webkit-text-size-adjust:100%}
body{margin:0;overflow-wrap:anywhere}
header{border-bottom:1px solid var(--line)}
.test-banner{margin:0;padding:.75rem 1rem;background:var(--warn-bg);border-bottom:3px solid var(--warn-line)}
.test-banner strong{display:block;font-size:1.0625rem}
.bar{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between;max-width:40rem;margin:0 auto;padding:.5rem 1rem}
.brand{font-weight:700}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
a{color:var(--blue);text-underline-offset:.15em}
a[aria-current]{color:var(--ink);font-weight:700;text-decoration:none}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 1rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem}
label,legend{font-weight:600}
.field{margin:1.25rem 0}
.hint{display:block;color:#3d4f63;font-size:.9375rem;margin:.125rem 0 .375rem}
input[type=text]{font:inherit;width:100%;max-width:16rem;padding:.5rem .625rem;border:2px solid var(--ink);border-radius:4px;letter-spacing:.05em}
input[aria-invalid=true]{border-color:var(--error);border-width:3px}
.field-error{display:block;color:var(--error);font-weight:600;margin:.25rem 0}
fieldset{border:0;margin:1.25rem 0;padding:0;min-width:0}
legend{padding:0;margin-bottom:.25rem}
.radio{display:flex;gap:.5rem;align-items:flex-start;margin:.375rem 0}
.radio input{width:1.375rem;height:1.375rem;margin:.1rem 0 0;flex:none;accent-color:var(--blue)}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.875em;font-weight:400;color:#3d4f63}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0}
button{font:inherit;font-weight:600;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:4px;border:2px solid var(--blue);background:var(--blue);color:#fff;cursor:pointer;text-align:left}
button:hover{background:#004d93;border-color:#004d93}
button.secondary{background:#fff;color:var(--blue)}
button.secondary:hover{background:#e6f0fa}
.list{list-style:none;margin:.5rem 0 0;padding:0;display:grid;gap:.5rem}
.list button{width:100%;background:#fff;color:var(--ink);border:2px solid var(--line);font-weight:400}
.list button:hover{border-color:var(--blue);background:#f3f8fd}
.list button strong{font-weight:700}
.error-summary{border:3px solid var(--error);padding:.75rem 1rem;margin:0 0 1.5rem;border-radius:4px}
.error-summary h2{margin:0 0 .25rem;font-size:1.125rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:var(--error);font-weight:600}
:focus-visible{outline:3px solid var(--ink);outline-offset:2px;box-shadow:0 0 0 6px #ffd200}
@media (max-width:30rem){.actions button,.list button{width:100%}h1{font-size:1.5rem}}
@media (forced-colors:active){button{border:2px solid ButtonText}}
`;

type PageOptions = {
  lang: Lang;
  title: string;
  kind: DevProviderOptions["kind"];
  body: string;
  /** When set, a language switcher with links to `${languageBase}?lang=xx` is shown. */
  languageBase?: string;
};

function page({ lang, title, kind, body, languageBase }: PageOptions): string {
  const t = texts[lang];
  const brand = kind === "idporten" ? "ID-porten · TestID" : lang === "en" ? "Employee login · test" : "Ansattinnlogging · test";
  const languageNav = languageBase
    ? `<nav aria-label="${esc(t.languages)}"><ul>${(Object.keys(languageNames) as Lang[])
        .map(
          (code) =>
            `<li><a href="${esc(`${languageBase}?lang=${code}`)}" lang="${code}" hreflang="${code}"${
              code === lang ? ' aria-current="true"' : ""
            }>${esc(languageNames[code])}</a></li>`,
        )
        .join("")}</ul></nav>`
    : "";
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${styles}</style>
</head>
<body>
<header>
<p class="test-banner"><strong>${esc(t.banner)}</strong>${esc(kind === "idporten" ? t.bannerIdporten : t.bannerEmployee)}</p>
<div class="bar"><span class="brand">${esc(brand)}</span>${languageNav}</div>
</header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

function messagePage(kind: DevProviderOptions["kind"], lang: Lang, title: string, paragraphs: string[]): string {
  return page({
    lang,
    kind,
    title: `${title} – ${texts[lang].banner}`,
    body: `<h1>${esc(title)}</h1>${paragraphs.map((p) => `<p>${esc(p)}</p>`).join("")}`,
  });
}

function rolesText(lang: Lang, roles: readonly Role[]): string {
  return roles.map((role) => texts[lang].roles[role] ?? role).join(texts[lang].and);
}

type LoginFormState = { pid: string; acr: Acr; error?: FieldError };

function idportenLoginBody(lang: Lang, action: string, state: LoginFormState): string {
  const t = texts[lang];
  const error = state.error ? t.errors[state.error] : undefined;
  const describedBy = error ? "pid-hint pid-error" : "pid-hint";
  const summary = error
    ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${esc(t.errorSummary)}</h2>
<ul><li><a href="#pid">${esc(error)}</a></li></ul>
</div>`
    : "";
  const radio = (value: Acr, label: string) =>
    `<div class="radio"><input type="radio" id="acr-${value === ACR_HIGH ? "high" : "substantial"}" name="acr" value="${value}"${
      state.acr === value ? " checked" : ""
    }><label for="acr-${value === ACR_HIGH ? "high" : "substantial"}">${esc(label)} <span class="code">(${value})</span></label></div>`;
  const persons = syntheticPersons
    .map(
      (person) =>
        `<li><button type="submit" name="person" value="${esc(person.pid)}">${esc(
          t.loginAs(`${person.givenName} ${person.familyName}`, person.note[lang]),
        )}</button></li>`,
    )
    .join("\n");
  // One form, so the chosen level also applies to the one-click persons. "Logg inn" comes first in
  // the form so that Enter in the text field submits it.
  return `${summary}<h1>${esc(t.titleIdporten)}</h1>
<p>${esc(t.intro)}</p>
<form method="post" action="${esc(action)}" novalidate>
<input type="hidden" name="lang" value="${lang}">
<div class="field">
<label for="pid">${esc(t.pidLabel)}</label>
<span class="hint" id="pid-hint">${esc(t.pidHint)}</span>
${error ? `<span class="field-error" id="pid-error">${esc(t.errorPrefix)}${esc(error)}</span>` : ""}
<input type="text" id="pid" name="pid" inputmode="numeric" autocomplete="off" spellcheck="false" autocapitalize="off" maxlength="20" value="${esc(
    state.pid,
  )}" aria-describedby="${describedBy}"${error ? ' aria-invalid="true"' : ""}>
</div>
<fieldset>
<legend>${esc(t.levelLegend)}</legend>
${radio(ACR_SUBSTANTIAL, t.substantial)}
${radio(ACR_HIGH, t.high)}
</fieldset>
<div class="actions">
<button type="submit" name="action" value="login">${esc(t.login)}</button>
</div>
<section aria-labelledby="persons-heading">
<h2 id="persons-heading">${esc(t.personsHeading)}</h2>
<p>${esc(t.personsIntro)}</p>
<ul class="list">
${persons}
</ul>
</section>
<div class="actions">
<button type="submit" name="action" value="cancel" class="secondary">${esc(t.cancel)}</button>
</div>
</form>`;
}

function employeeLoginBody(lang: Lang, action: string): string {
  const t = texts[lang];
  const employees = syntheticEmployees
    .map(
      (employee) =>
        `<li><button type="submit" name="employee" value="${esc(employee.subject)}">${esc(
          `${employee.name} – ${rolesText(lang, employee.roles)}`,
        )}</button></li>`,
    )
    .join("\n");
  return `<h1>${esc(t.titleEmployee)}</h1>
<form method="post" action="${esc(action)}">
<input type="hidden" name="lang" value="${lang}">
<section aria-labelledby="employees-heading">
<h2 id="employees-heading">${esc(t.employeesHeading)}</h2>
<p>${esc(t.employeesIntro)}</p>
<ul class="list">
${employees}
</ul>
</section>
<div class="actions">
<button type="submit" name="action" value="cancel" class="secondary">${esc(t.cancel)}</button>
</div>
</form>`;
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

const BODY_LIMIT = 32 * 1024;

class BodyTooLarge extends Error {}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  // If something upstream (express.urlencoded) already parsed the body, use that.
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (parsed && typeof parsed === "object" && !Buffer.isBuffer(parsed)) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value === "string") form.append(key, value);
    }
    return form;
  }
  const type = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > BODY_LIMIT) throw new BodyTooLarge("request body too large");
    chunks.push(buffer);
  }
  if (type !== "application/x-www-form-urlencoded") return new URLSearchParams();
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function send(res: ServerResponse, status: number, html: string, cspFormTargets: string) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  if (!res.hasHeader("Content-Security-Policy")) res.setHeader("Content-Security-Policy", cspFormTargets);
  res.end(html);
}

// ---------------------------------------------------------------------------------------------
// The provider

function generateSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  return { ...jwk, kid: crypto.randomUUID(), alg: "RS256", use: "sig" };
}

function mountPathOf(issuer: URL): string {
  const path = issuer.pathname.replace(/\/+$/, "");
  if (!path) throw new Error(`dev provider issuer must have a path (e.g. /dev-idporten), got ${issuer.href}`);
  return path;
}

export async function createDevProvider(options: DevProviderOptions): Promise<DevProvider> {
  const { kind, client } = options;
  const issuerUrl = new URL(options.issuer);
  const mountPath = mountPathOf(issuerUrl);
  const issuer = `${issuerUrl.origin}${mountPath}`;

  // Per-process secrets: a restart invalidates everything, which is what a stand-in should do.
  const pseudonymKey = crypto.randomBytes(32);
  const pseudonym = (pid: string) => crypto.createHmac("sha256", pseudonymKey).update(pid).digest("base64url");
  /** ID-porten accounts seen since start: pseudonymous sub → pid and the language used at login. */
  const residents = new Map<string, { pid: string; locale: Lang }>();

  // Without the portal's CSP in front (tests, other hosts), set a strict one ourselves. Form posts
  // end in redirects to the client, so its origins are allowed as form targets.
  const formOrigins = new Set<string>(["'self'"]);
  for (const uri of [...client.redirectUris, ...client.postLogoutRedirectUris]) formOrigins.add(new URL(uri).origin);
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    `form-action ${[...formOrigins].join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");

  const langOfCtx = (ctx: KoaContextWithOIDC): Lang => {
    const oidc = ctx.oidc as KoaContextWithOIDC["oidc"] | undefined;
    const params = oidc?.params as Record<string, unknown> | undefined;
    return pickLang(params?.ui_locales, ctx.query?.ui_locales);
  };

  const renderOnCtx = (ctx: KoaContextWithOIDC, html: string) => {
    ctx.type = "html";
    ctx.set("Cache-Control", "no-store");
    if (!ctx.response.get("Content-Security-Policy")) ctx.set("Content-Security-Policy", csp);
    ctx.body = html;
  };

  const configuration: Configuration = {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris,
        token_endpoint_auth_method: "client_secret_basic",
        grant_types: ["authorization_code"],
        response_types: ["code"],
        id_token_signed_response_alg: "RS256",
      },
    ],
    jwks: { keys: [generateSigningKey()] },
    cookies: { keys: [crypto.randomBytes(32).toString("base64url"), crypto.randomBytes(32).toString("base64url")] },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      BackchannelAuthenticationRequest: 600,
      ClientCredentials: 600,
      DeviceCode: 600,
      Grant: 12 * 3600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 12 * 3600,
      Session: 12 * 3600,
    },
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    ...(kind === "idporten"
      ? {
          acrValues: [ACR_SUBSTANTIAL, ACR_HIGH],
          // acr/amr/auth_time under `openid` so they are always in the ID token (otherwise oidc-provider
          // includes acr only when acr_values was sent, and amr never).
          claims: {
            openid: ["sub", "pid", "locale", "acr", "amr", "auth_time"],
            profile: ["locale"],
            acr: null,
            amr: null,
            auth_time: null,
            sid: null,
          },
        }
      : {
          claims: { openid: ["sub", "name", "roles", "unit", "auth_time"], profile: ["name"], auth_time: null, sid: null },
        }),
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          // For tests of front-channel logout (ID-porten calls it with this sid): the stand-in tells
          // the session id it put in this client's ID tokens. Not a secret; the stand-in is never
          // used outside demos and tests.
          const sid = ctx.oidc.client ? ctx.oidc.session?.sidFor(ctx.oidc.client.clientId) : undefined;
          if (sid) ctx.set("X-Test-Sid", sid);
          const lang = langOfCtx(ctx);
          const t = texts[lang];
          const button = `<div class="actions"><button type="submit" name="logout" value="yes">${esc(t.logoutButton)}</button></div>`;
          // oidc-provider gives a form with the xsrf field and no visible controls; put the button inside.
          const withButton = form.includes("</form>")
            ? form.replace("</form>", `${button}</form>`)
            : `${form}<div class="actions"><button type="submit" form="op.logoutForm" name="logout" value="yes">${esc(t.logoutButton)}</button></div>`;
          renderOnCtx(
            ctx,
            page({ lang, kind, title: `${t.logoutTitle} – ${t.banner}`, body: `<h1>${esc(t.logoutTitle)}</h1><p>${esc(t.logoutText)}</p>${withButton}` }),
          );
        },
        postLogoutSuccessSource: (ctx) => {
          const lang = langOfCtx(ctx);
          const t = texts[lang];
          renderOnCtx(ctx, messagePage(kind, lang, t.loggedOutTitle, [t.loggedOutText]));
        },
      },
    },
    renderError: (ctx, out) => {
      const lang = langOfCtx(ctx);
      const t = texts[lang];
      const details = `${t.errorCode}: ${out.error}${out.error_description ? ` – ${out.error_description}` : ""}`;
      renderOnCtx(ctx, messagePage(kind, lang, t.errorTitle, [t.errorText, details]));
    },
    interactions: {
      url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
    },
    // No consent screen: whatever the client asks for is granted.
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      const accountId = oidc.session?.accountId;
      if (!oidc.client || !accountId) return undefined;
      const grantId = (oidc.result?.consent?.grantId as string | undefined) ?? oidc.session?.grantIdFor(oidc.client.clientId);
      let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (grant && grant.accountId !== accountId) grant = undefined;
      grant ??= new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId });
      const scopes = [...oidc.requestParamScopes];
      if (scopes.length) grant.addOIDCScope(scopes.join(" "));
      const claims = [...oidc.requestParamClaims];
      if (claims.length) grant.addOIDCClaims(claims);
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub): Account | undefined => {
      if (kind === "idporten") {
        const resident = residents.get(sub);
        if (!resident) return undefined;
        return {
          accountId: sub,
          claims: () => ({ sub, pid: resident.pid, locale: resident.locale }),
        };
      }
      const employee = syntheticEmployees.find((e) => e.subject === sub);
      if (!employee) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: employee.name, roles: [...employee.roles], unit: employee.unit }),
      };
    },
  };

  const provider = new Provider(issuer, configuration);
  // Behind a TLS-terminating proxy (https issuer), trust X-Forwarded-Proto so URLs come out as https.
  if (issuerUrl.protocol === "https:") provider.proxy = true;
  // ID-porten always puts `sid` in the ID token (front-channel logout finds the session by it).
  // oidc-provider does so only for back-channel logout clients, so widen that for this provider.
  (provider.Client.prototype as unknown as { includeSid: () => boolean }).includeSid = () => true;

  const providerCallback = provider.callback();

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, uid: string, query: URLSearchParams) {
    const action = `${mountPath}/interaction/${encodeURIComponent(uid)}`;
    const queryLang = query.get("lang");

    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      const lang = pickLang(queryLang);
      return send(res, 400, messagePage(kind, lang, texts[lang].expiredTitle, [texts[lang].expiredText]), csp);
    }
    if (details.uid !== uid) {
      const lang = pickLang(queryLang);
      return send(res, 400, messagePage(kind, lang, texts[lang].expiredTitle, [texts[lang].expiredText]), csp);
    }
    const params = details.params as Record<string, unknown>;

    // Should never be needed (loadExistingGrant grants everything), but never show a consent screen.
    if (details.prompt.name === "consent" && details.session?.accountId) {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: String(params.client_id) });
      if (!grant) throw new Error("grant not found");
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
      if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }

    const requested = typeof params.acr_values === "string" ? params.acr_values.split(" ") : [];
    const defaultAcr: Acr = requested.includes(ACR_HIGH) ? ACR_HIGH : ACR_SUBSTANTIAL;

    if (req.method === "GET" || req.method === "HEAD") {
      const lang = pickLang(queryLang, params.ui_locales);
      const t = texts[lang];
      const body = kind === "idporten" ? idportenLoginBody(lang, action, { pid: "", acr: defaultAcr }) : employeeLoginBody(lang, action);
      const title = `${kind === "idporten" ? t.titleIdporten : t.titleEmployee} – ${t.banner}`;
      return send(res, 200, page({ lang, kind, title, body, languageBase: action }), csp);
    }

    if (req.method !== "POST") {
      res.statusCode = 405;
      res.setHeader("Allow", "GET, POST");
      return res.end();
    }

    const form = await readForm(req);
    const lang = pickLang(form.get("lang"), params.ui_locales);

    if (form.get("action") === "cancel") {
      return provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "The user cancelled the login" },
        { mergeWithLastSubmission: false },
      );
    }

    if (kind === "employee") {
      const employee = syntheticEmployees.find((e) => e.subject === form.get("employee"));
      if (!employee) {
        const t = texts[lang];
        return send(res, 400, page({ lang, kind, title: `${t.titleEmployee} – ${t.banner}`, body: employeeLoginBody(lang, action), languageBase: action }), csp);
      }
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: employee.subject, remember: false } },
        { mergeWithLastSubmission: false },
      );
    }

    const chosenAcr = form.get("acr");
    const acr: Acr = chosenAcr === ACR_HIGH || chosenAcr === ACR_SUBSTANTIAL ? chosenAcr : defaultAcr;
    const personPid = form.get("person");
    const typed = (form.get("pid") ?? "").slice(0, 64);

    let pid: string;
    let error: FieldError | undefined;
    if (personPid !== null) {
      // A one-click person: only those on the list, and only if the seed really is synthetic.
      const person = syntheticPersons.find((p) => p.pid === personPid);
      pid = person?.pid ?? "";
      if (!person || !isSynthetic(pid)) error = "real";
    } else {
      pid = typed.replace(/\s+/g, "");
      if (!pid) error = "empty";
      else {
        const result = validateFodselsnummer(pid);
        if (!result.valid) error = result.reason;
        else if (!isSynthetic(pid)) error = "real";
      }
    }

    if (error) {
      const t = texts[lang];
      const body = idportenLoginBody(lang, action, { pid: personPid !== null ? "" : typed, acr, error });
      return send(res, 400, page({ lang, kind, title: `${t.errorPrefix}${t.titleIdporten} – ${t.banner}`, body, languageBase: action }), csp);
    }

    const sub = pseudonym(pid);
    residents.set(sub, { pid, locale: lang });
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: sub, acr, amr: ["TestID"], remember: false } },
      { mergeWithLastSubmission: false },
    );
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const r = req as IncomingMessage & { originalUrl?: string };
    // Mounted without Express stripping the prefix: strip it here the same way.
    if (r.originalUrl === undefined && r.url && (r.url === mountPath || r.url.startsWith(`${mountPath}/`) || r.url.startsWith(`${mountPath}?`))) {
      r.originalUrl = r.url;
      r.url = r.url.slice(mountPath.length) || "/";
      if (r.url.startsWith("?")) r.url = `/${r.url}`;
    }
    const url = new URL(r.url ?? "/", "http://local");
    const match = /^\/interaction\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) {
      void providerCallback(req, res);
      return;
    }
    let uid: string;
    try {
      uid = decodeURIComponent(match[1]);
    } catch {
      uid = "";
    }
    handleInteraction(req, res, uid, url.searchParams).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof BodyTooLarge) {
        res.statusCode = 413;
        res.end();
        return;
      }
      const lang = pickLang(url.searchParams.get("lang"));
      send(res, 500, messagePage(kind, lang, texts[lang].errorTitle, [texts[lang].errorText]), csp);
    });
  };

  return { issuer, mountPath, handler };
}
