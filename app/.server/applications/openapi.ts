import type { ApplicationEventType } from "../../../db/schema";
import { defaultApiRateLimit } from "../rate-limit";
import { maxJsonBodyBytes } from "./api-http";
import { serviceSlugPattern } from "~/utils/applications";
import { decisionOutcomes, defaultPageSize, maxEventBodyBytes, maxLetterBytes, maxPageSize } from "./ingest";

// The OpenAPI 3.1 description of /api/v1, served at GET /api/v1/openapi.json.
// tests/integration/applications-api.test.ts keeps it true: every api.v1.* route is described,
// every described path has a route, and the event and registration schemas have exactly the
// fields the zod schemas in ingest.ts accept.

export type Schema = {
  $ref?: string;
  type?: "object" | "string" | "integer" | "number" | "boolean" | "array" | "null" | ("string" | "null")[];
  format?: string;
  contentEncoding?: string;
  contentMediaType?: string;
  pattern?: string;
  const?: string;
  enum?: readonly string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  oneOf?: Schema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  examples?: unknown[];
};

type Ref = { $ref: string };
type MediaType = { schema: Schema; example?: unknown };
type Header = { description?: string; schema: Schema };
type Response = { description: string; headers?: Record<string, Header | Ref>; content?: Record<string, MediaType> };
type Parameter = { name: string; in: "query" | "path" | "header"; required?: boolean; description?: string; schema: Schema };
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: (Parameter | Ref)[];
  requestBody?: { required: boolean; content: Record<string, MediaType> };
  responses: Record<string, Response | Ref>;
};
type PathItem = { parameters?: (Parameter | Ref)[] } & Partial<Record<"get" | "post" | "put" | "patch" | "delete", Operation>>;

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, PathItem>;
  components: {
    securitySchemes: Record<string, { type: "http"; scheme: "bearer"; description: string }>;
    schemas: Record<string, Schema>;
    responses: Record<string, Response>;
    parameters: Record<string, Parameter>;
    headers: Record<string, Header>;
  };
};

const ref = (kind: "schemas" | "responses" | "parameters" | "headers", name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});
const json = (schema: Schema, example?: unknown): Record<string, MediaType> => ({
  "application/json": example === undefined ? { schema } : { schema, example },
});
const str = (maxLength: number, description?: string): Schema => ({ type: "string", minLength: 1, maxLength, ...(description ? { description } : {}) });
const instant: Schema = { type: "string", format: "date-time", description: "ISO 8601 med tidssone" };
const date: Schema = { type: "string", format: "date", description: "ÅÅÅÅ-MM-DD" };
const slug: Schema = { type: "string", pattern: serviceSlugPattern.source, description: "En tjenestes slug, f.eks. praktisk-bistand" };
const idempotencyKey: Schema = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  pattern: "^[\\x21-\\x7e]+$",
  description: "Avsenderens id for forespørselen (idempotensnøkkel), unik i kommunen. Samme id og samme innhold gir samme svar; samme id med annet innhold gir 409.",
};

/** The component name of one event type's schema, e.g. PreliminaryReplyEvent. */
export function eventSchemaName(type: ApplicationEventType) {
  return `${type.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}Event`;
}

function eventVariant(type: ApplicationEventType, description: string, fields: Record<string, Schema>, required: string[] = []): Schema {
  return {
    type: "object",
    description,
    additionalProperties: false,
    required: ["id", "type", "occurredAt", ...required],
    properties: {
      id: ref("schemas", "IdempotencyKey"),
      type: { type: "string", const: type },
      occurredAt: { ...instant, description: "Når det skjedde (ISO 8601 med tidssone); ikke fram i tid" },
      ...fields,
    },
  };
}

const outcomesSchema = (description: string): Schema => ({
  type: "array",
  minItems: 1,
  maxItems: 20,
  description,
  items: {
    type: "object",
    additionalProperties: false,
    required: ["service", "outcome"],
    properties: {
      service: slug,
      outcome: { type: "string", enum: decisionOutcomes, description: "innvilget, delvis innvilget, avslått, avvist" },
      description: str(2000, "F.eks. antall timer per uke"),
    },
  },
});
const appealOutcome: Schema = {
  type: "string",
  enum: decisionOutcomes,
  description: "Utfallet vedtaket har etter klagebehandlingen, for alle tjenestene i vedtaket (eller bruk outcomes per tjeneste)",
};

const eventVariants: Record<ApplicationEventType, Schema> = {
  received: eventVariant("received", "Søknaden er mottatt.", { caseNumber: str(64, "Fagsystemets saksnummer") }),
  preliminary_reply: eventVariant(
    "preliminary_reply",
    "Foreløpig svar (forvaltningsloven § 11 a): når vedtak ventes.",
    { expectedDecisionBy: date, description: str(2000) },
    ["expectedDecisionBy"],
  ),
  assessment_planned: eventVariant(
    "assessment_planned",
    "Kartleggingsbesøk er avtalt.",
    { plannedAt: instant, description: str(2000) },
    ["plannedAt"],
  ),
  documentation_requested: eventVariant(
    "documentation_requested",
    "Kommunen ber om dokumentasjon innen en frist.",
    { description: str(4000), dueDate: date },
    ["description", "dueDate"],
  ),
  documentation_received: eventVariant("documentation_received", "Dokumentasjonen er mottatt.", { description: str(2000) }),
  decided: eventVariant(
    "decided",
    "Vedtak med utfall per tjeneste, begrunnelse, kriteriene som er vurdert og eventuelt vedtaksbrevet som PDF. " +
      "Portalen lagrer klagefristen som gjaldt for hver tjeneste da vedtaket ble gjort (`appealRules` i den lagrede hendelsen: " +
      "`pbrl` fire uker, pasient- og brukerrettighetsloven § 7-5; `fvl` tre uker, forvaltningsloven § 29). " +
      "Vedtaksbrevet vises for innbyggeren som «Vedtaksbrev (PDF)»; den lagrede hendelsen har `letter` med filnavn, størrelse og SHA-256, ikke innholdet.",
    {
      outcomes: outcomesSchema("Utfall per tjeneste; hver tjeneste én gang"),
      reasoning: str(20_000, "Begrunnelsen"),
      criteria: { type: "array", maxItems: 50, items: str(2000), description: "Kriteriene som er vurdert" },
      legalBasis: str(4000, "Lovgrunnlaget for vedtaket"),
      letter: {
        type: "object",
        additionalProperties: false,
        required: ["filename", "contentBase64"],
        description: `Vedtaksbrevet som PDF. Innholdet sjekkes (må være PDF, ikke tomt, høyst ${maxLetterBytes} byte før base64); ellers 400 med feltet i invalid-params.`,
        properties: {
          filename: str(200, "Filnavnet innbyggeren ser, f.eks. vedtak-2026-123.pdf"),
          contentBase64: { type: "string", contentEncoding: "base64", contentMediaType: "application/pdf", description: "PDF-filen i base64 (RFC 4648, med utfylling)" },
        },
      },
    },
    ["outcomes", "reasoning"],
  ),
  appeal_received: eventVariant(
    "appeal_received",
    "Klage er mottatt. En klage sendt i portalen har også tjenestene det klages på og det innbyggeren skrev.",
    {
      description: str(4000),
      services: { type: "array", minItems: 1, maxItems: 20, items: slug, description: "Tjenestene det klages på" },
      disagreement: str(4000, "Hva innbyggeren er uenig i"),
      reasons: str(4000, "Hvorfor innbyggeren mener vedtaket bør endres"),
      wish: str(4000, "Endringen innbyggeren ønsker"),
    },
  ),
  appeal_reconsidered: eventVariant(
    "appeal_reconsidered",
    "Kommunen har vurdert klagen på nytt (forvaltningsloven § 33). granted betyr at klageren fikk medhold og klagen er avsluttet; ellers sendes den til Statsforvalteren.",
    { outcome: appealOutcome, outcomes: outcomesSchema("Utfall per tjeneste etter ny vurdering"), reasoning: str(20_000) },
    ["outcome"],
  ),
  appeal_forwarded: eventVariant("appeal_forwarded", "Klagen er sendt til Statsforvalteren.", { description: str(2000) }),
  appeal_decided: eventVariant(
    "appeal_decided",
    "Statsforvalteren har avgjort klagen.",
    { outcome: appealOutcome, outcomes: outcomesSchema("Utfall per tjeneste etter Statsforvalterens vedtak"), reasoning: str(20_000) },
    ["outcome", "reasoning"],
  ),
  service_started: eventVariant(
    "service_started",
    "Tjenesten er startet.",
    { service: slug, startDate: date, description: str(2000) },
    ["service", "startDate"],
  ),
  service_changed: eventVariant(
    "service_changed",
    "Tjenesten er endret.",
    { service: slug, description: str(4000, "Hva som er endret"), fromDate: { ...date, description: "Fra hvilken dag endringen gjelder" }, reasoning: str(4000, "Begrunnelsen for endringen") },
    ["service", "description"],
  ),
  service_ended: eventVariant(
    "service_ended",
    "Tjenesten er avsluttet.",
    { service: slug, endDate: date, description: str(2000) },
    ["service", "endDate"],
  ),
};

const problem: Schema = {
  type: "object",
  description: "RFC 9457 problem details",
  required: ["title", "status", "detail"],
  properties: {
    type: { type: "string", description: "Alltid about:blank" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
  },
};

const problemResponse = (description: string, schema: Schema = ref("schemas", "Problem")): Response => ({
  description,
  content: { "application/problem+json": { schema } },
});

const applicationBase: Record<string, Schema> = {
  reference: { type: "string", description: "Søknadens referanse, f.eks. SOK-2026-000123" },
  services: { type: "array", items: slug },
  channel: { type: "string", enum: ["portal", "paper", "phone", "other"], description: "Hvor søknaden ble laget" },
  createdAt: instant,
  updatedAt: { ...instant, description: "Sist endret (ny hendelse); grunnlaget for updatedSince og markøren" },
  answers: {
    oneOf: [{ $ref: "#/components/schemas/ApplicationAnswers" }, { type: "null" }],
    description: "Svarene innbyggeren ga i portalen (kanal portal); null for søknader registrert av fagsystemet",
  },
  documents: {
    type: "array",
    items: { $ref: "#/components/schemas/Document" },
    description: "Alle dokumentene i søknaden: vedlegg, kopien av søknaden (PDF), vedtaksbrev, dokumentasjon …; `kind` sier hva",
  },
};

const referenceParameter: Parameter = {
  name: "reference",
  in: "path",
  required: true,
  description: "Søknadens referanse",
  schema: { type: "string" },
};

const authenticated = [{ integrationKey: [] }];
const apiResponses = {
  "401": ref("responses", "Unauthorized"),
  "429": ref("responses", "TooManyRequests"),
  "500": ref("responses", "InternalError"),
};
const writeResponses = {
  "400": ref("responses", "BadRequest"),
  "409": ref("responses", "Conflict"),
  "413": ref("responses", "PayloadTooLarge"),
  "415": ref("responses", "UnsupportedMediaType"),
};

export const openApiDocument: OpenApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Helse og omsorg – API",
    version: "1.0.0",
    description: [
      "Kommunens fagsystem (Gerica, Profil, CosDoc, Visma …) registrerer søknader som er kommet inn på papir eller telefon,",
      "og sender hendelser i saksbehandlingen (mottatt, foreløpig svar, vedtak, klage, tjeneste startet …). Status for en søknad",
      "utledes i portalen fra hendelsene; ingen setter en status direkte.\n\n",
      "Autentisering: `Authorization: Bearer <integrasjonsnøkkel>`. En nøkkel gjelder én kommune.\n\n",
      "Idempotens: hver skriving har en `id` fra avsenderen. Samme `id` med samme innhold lagres én gang og gir samme svar",
      "(201 første gang, 200 senere); samme `id` med annet innhold gir 409.\n\n",
      `Feil svares som \`application/problem+json\` (RFC 9457); ugyldige felt står i \`invalid-params\`. Innhold over ${maxJsonBodyBytes} byte gir 413 (hendelser: ${maxEventBodyBytes} byte, så et vedtaksbrev får plass).\n\n`,
      `Grenser: høyst ${defaultApiRateLimit} forespørsler i minuttet per integrasjonsnøkkel (kommunen kan endre det med API_RATE_LIMIT);`,
      "over grensen svares 429 med `Retry-After` i sekunder.\n\n",
      "Listen over søknader er ordnet etter (updatedAt, intern id). Endringer som skjer samtidig kan få et tidspunkt som er litt",
      "eldre enn det som allerede er lest; et fagsystem som henter med `updatedSince` bør derfor gå et par minutter tilbake.",
    ].join(" "),
  },
  tags: [
    { name: "søknader", description: "Søknader og hendelser i saksbehandlingen (fagsystem)" },
    { name: "tjenester", description: "Tjenestebeskrivelsene (åpent)" },
    { name: "meta", description: "Denne beskrivelsen" },
  ],
  security: authenticated,
  paths: {
    "/api/v1/applications": {
      get: {
        operationId: "listApplications",
        summary: "Kommunens søknader, sist endret sist, i sider",
        tags: ["søknader"],
        parameters: [
          {
            name: "updatedSince",
            in: "query",
            description: "Bare søknader endret på eller etter dette tidspunktet",
            schema: instant,
          },
          {
            name: "limit",
            in: "query",
            description: `Antall per side (1–${maxPageSize})`,
            schema: { type: "integer", minimum: 1, maximum: maxPageSize, default: defaultPageSize },
          },
          { name: "cursor", in: "query", description: "nextCursor fra forrige side", schema: { type: "string" } },
        ],
        responses: {
          "200": { description: "En side med søknader", content: json(ref("schemas", "ApplicationPage")) },
          "400": ref("responses", "BadRequest"),
          ...apiResponses,
        },
      },
      post: {
        operationId: "registerApplication",
        summary: "Registrer en søknad som er kommet inn utenom portalen (papir, telefon)",
        description:
          "Oppretter personen (fra folkeregisteret) hvis den er ny, søknaden og hendelsen `received`. Uten `reference` lager portalen en (SOK-<år>-<nummer>).",
        tags: ["søknader"],
        requestBody: {
          required: true,
          content: json(ref("schemas", "RegisterApplication"), {
            id: "gerica-2026-0042",
            pid: "14833921259",
            services: ["praktisk-bistand"],
            channel: "paper",
            receivedAt: "2026-03-02T09:30:00+01:00",
            caseNumber: "2026/0042",
          }),
        },
        responses: {
          "201": {
            description: "Registrert",
            headers: { Location: { description: "Søknadens adresse i API-et", schema: { type: "string" } } },
            content: json(ref("schemas", "Application")),
          },
          "200": { description: "Samme forespørsel er gjort før; den lagrede søknaden", content: json(ref("schemas", "Application")) },
          ...writeResponses,
          "422": problemResponse("Personregisteret kjenner ikke fødselsnummeret"),
          "503": problemResponse("Folkeregisteret svarer ikke akkurat nå; send samme forespørsel igjen etter Retry-After sekunder"),
          ...apiResponses,
        },
      },
    },
    "/api/v1/applications/{reference}": {
      parameters: [ref("parameters", "Reference")],
      get: {
        operationId: "getApplication",
        summary: "Én søknad med alle hendelsene, i den rekkefølgen de skjedde",
        tags: ["søknader"],
        responses: {
          "200": { description: "Søknaden", content: json(ref("schemas", "Application")) },
          "404": ref("responses", "NotFound"),
          ...apiResponses,
        },
      },
    },
    "/api/v1/applications/{reference}/events": {
      parameters: [ref("parameters", "Reference")],
      post: {
        operationId: "appendEvent",
        summary: "Legg til en hendelse i saksbehandlingen",
        tags: ["søknader"],
        requestBody: {
          required: true,
          content: json(ref("schemas", "CaseEvent"), {
            id: "gerica-evt-1001",
            type: "decided",
            occurredAt: "2026-03-20T13:05:00+01:00",
            outcomes: [{ service: "praktisk-bistand", outcome: "partly_granted", description: "2 timer annenhver uke" }],
            reasoning: "Du får hjelp til tyngre rengjøring …",
            criteria: ["Behov for hjelp til rengjøring"],
          }),
        },
        responses: {
          "201": { description: "Lagret", content: json(ref("schemas", "StoredEvent")) },
          "200": { description: "Samme hendelse er sendt før; den lagrede hendelsen", content: json(ref("schemas", "StoredEvent")) },
          ...writeResponses,
          "404": ref("responses", "NotFound"),
          ...apiResponses,
        },
      },
    },
    "/api/v1/applications/{reference}/documents/{documentId}": {
      parameters: [
        ref("parameters", "Reference"),
        { name: "documentId", in: "path", required: true, description: "Dokumentets id (fra `documents` i søknaden)", schema: { type: "string", format: "uuid" } },
      ],
      get: {
        operationId: "getApplicationDocument",
        summary: "Innholdet i ett dokument i søknaden (vedlegg, kopi av søknaden, vedtaksbrev …)",
        description: "Svarer med filen selv (Content-Type etter innholdet: application/pdf, image/jpeg eller image/png) og ETag lik SHA-256.",
        tags: ["søknader"],
        responses: {
          "200": {
            description: "Filen",
            content: {
              "application/pdf": { schema: { type: "string", format: "binary" } },
              "image/jpeg": { schema: { type: "string", format: "binary" } },
              "image/png": { schema: { type: "string", format: "binary" } },
            },
          },
          "404": problemResponse("Kommunen har ingen søknad med denne referansen, eller søknaden har ikke dette dokumentet"),
          ...apiResponses,
        },
      },
    },
    "/api/v1/services": {
      get: {
        operationId: "searchServices",
        summary: "Tjenestebeskrivelsene, rangert etter søket (alle når q er tom)",
        tags: ["tjenester"],
        security: [],
        parameters: [
          { name: "q", in: "query", description: "Søketekst (høyst 200 tegn)", schema: { type: "string", maxLength: 200 } },
          { name: "lang", in: "query", schema: { type: "string", enum: ["nb", "nn", "en"], default: "nb" } },
        ],
        responses: {
          "200": { description: "Treffene", content: json(ref("schemas", "ServiceSearch")) },
          "400": problemResponse("Ugyldig språk eller for langt søk"),
          "429": ref("responses", "TooManyRequests"),
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApi",
        summary: "Denne beskrivelsen (OpenAPI 3.1)",
        tags: ["meta"],
        security: [],
        responses: { "200": { description: "OpenAPI-dokumentet", content: json({ type: "object" }) } },
      },
    },
  },
  components: {
    securitySchemes: {
      integrationKey: {
        type: "http",
        scheme: "bearer",
        description: "Integrasjonsnøkkel for én kommune. Bare SHA-256 av nøkkelen lagres; den kan trekkes tilbake.",
      },
    },
    parameters: { Reference: referenceParameter },
    headers: {
      WWWAuthenticate: { description: 'Bearer realm="api"', schema: { type: "string" } },
      RetryAfter: { description: "Sekunder til neste forespørsel kan sendes", schema: { type: "integer", minimum: 1 } },
    },
    schemas: {
      Problem: problem,
      ValidationProblem: {
        ...problem,
        required: ["title", "status", "detail", "invalid-params"],
        properties: {
          ...problem.properties,
          "invalid-params": {
            type: "array",
            items: {
              type: "object",
              required: ["name", "reason"],
              properties: {
                name: { type: "string", description: "Feltet, f.eks. outcomes[0].outcome" },
                reason: { type: "string" },
              },
            },
          },
        },
      },
      IdempotencyKey: idempotencyKey,
      RegisterApplication: {
        type: "object",
        additionalProperties: false,
        required: ["id", "pid", "services", "channel", "receivedAt"],
        properties: {
          id: ref("schemas", "IdempotencyKey"),
          reference: {
            type: "string",
            pattern: "^[A-Za-z0-9][A-Za-z0-9-]{2,39}$",
            description: "Valgfri; uten den lager portalen en (SOK-<år>-<nummer>)",
          },
          caseNumber: str(64, "Fagsystemets saksnummer"),
          pid: { type: "string", pattern: "^\\d{11}$", description: "Søkerens fødselsnummer eller D-nummer. Gis aldri tilbake." },
          services: { type: "array", minItems: 1, maxItems: 20, items: slug },
          channel: { type: "string", enum: ["paper", "phone", "other"] },
          receivedAt: { ...instant, description: "Når kommunen mottok søknaden" },
        },
      },
      CaseEvent: {
        oneOf: Object.keys(eventVariants).map((t) => ref("schemas", eventSchemaName(t as ApplicationEventType))),
        discriminator: {
          propertyName: "type",
          mapping: Object.fromEntries(
            Object.keys(eventVariants).map((t) => [t, `#/components/schemas/${eventSchemaName(t as ApplicationEventType)}`]),
          ),
        },
      },
      ...Object.fromEntries(
        Object.entries(eventVariants).map(([t, schema]) => [eventSchemaName(t as ApplicationEventType), schema]),
      ),
      StoredEvent: {
        type: "object",
        description: "En lagret hendelse: feltene slik de ble sendt (se CaseEvent), og når og fra hvem den ble registrert.",
        required: ["id", "type", "occurredAt", "recordedAt", "source"],
        additionalProperties: true,
        properties: {
          id: ref("schemas", "IdempotencyKey"),
          type: { type: "string", enum: Object.keys(eventVariants) },
          occurredAt: instant,
          recordedAt: instant,
          source: { type: "string", enum: ["portal", "caseworker", "fagsystem"] },
        },
      },
      Application: {
        type: "object",
        required: ["reference", "services", "channel", "createdAt", "updatedAt", "events"],
        properties: { ...applicationBase, events: { type: "array", items: ref("schemas", "StoredEvent") } },
      },
      ApplicationAnswers: {
        type: "object",
        description: "Svarene fra søknadsskjemaet i portalen. Felt innbyggeren ikke svarte på, er utelatt.",
        properties: {
          whatMatters: { type: "string", description: "Hva er viktig for deg?" },
          living: { type: "string", description: "Hvordan søkeren bor" },
          currentHelp: { type: "string", description: "Hjelp søkeren får i dag, og fra hvem" },
          difficulties: { type: "string", description: "Hva som er vanskelig nå, med søkerens egne ord" },
          contact: {
            type: "object",
            required: ["who"],
            description: "Hvem kommunen skal kontakte om søknaden",
            properties: {
              who: { type: "string", enum: ["me", "other"], description: "me: søkeren selv; other: en annen person" },
              name: { type: "string" },
              phone: { type: "string" },
              relation: { type: "string", description: "Hva personen er for søkeren, f.eks. datter" },
            },
          },
          consent: { type: "boolean", description: "true: kommunen kan hente inn opplysningene som trengs; false: søkeren sender dem selv" },
        },
      },
      Document: {
        type: "object",
        required: ["id", "kind", "filename", "mime", "size", "sha256", "createdAt", "downloadUrl"],
        properties: {
          id: { type: "string", format: "uuid" },
          kind: {
            type: "string",
            enum: ["attachment", "decision_letter", "application_copy", "agreement"],
            description: "attachment: fil fra innbyggeren eller saksbehandler; application_copy: PDF-kopi av søknaden slik den ble sendt; decision_letter: vedtaksbrev",
          },
          filename: { type: "string" },
          mime: { type: "string", enum: ["application/pdf", "image/jpeg", "image/png"], description: "Typen funnet fra innholdet, ikke navnet" },
          size: { type: "integer", minimum: 1, description: "Byte" },
          sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
          createdAt: instant,
          downloadUrl: { type: "string", description: "Stien til GET /api/v1/applications/{reference}/documents/{documentId}" },
        },
      },
      ApplicationSummary: {
        type: "object",
        required: ["reference", "services", "channel", "createdAt", "updatedAt", "eventCount"],
        properties: { ...applicationBase, eventCount: { type: "integer", minimum: 0 } },
      },
      ApplicationPage: {
        type: "object",
        required: ["items", "nextCursor"],
        properties: {
          items: { type: "array", items: ref("schemas", "ApplicationSummary") },
          nextCursor: { type: ["string", "null"], description: "Markøren for neste side; null på siste side" },
        },
      },
      ServiceSearch: {
        type: "object",
        required: ["query", "lang", "count", "results"],
        properties: {
          query: { type: "string" },
          lang: { type: "string", enum: ["nb", "nn", "en"] },
          count: { type: "integer" },
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["slug", "title", "summary", "url"],
              properties: {
                slug,
                title: { type: "string" },
                summary: { type: "string" },
                url: { type: "string", format: "uri" },
              },
            },
          },
        },
      },
    },
    responses: {
      BadRequest: problemResponse("Ugyldig innhold; invalid-params sier hvilke felt", ref("schemas", "ValidationProblem")),
      Unauthorized: {
        ...problemResponse("Mangler, ukjent eller tilbaketrukket integrasjonsnøkkel"),
        headers: { "WWW-Authenticate": ref("headers", "WWWAuthenticate") },
      },
      NotFound: problemResponse("Kommunen har ingen søknad med denne referansen"),
      Conflict: problemResponse("id er brukt for en annen forespørsel, eller referansen er tatt"),
      PayloadTooLarge: problemResponse(`Innholdet er over ${maxJsonBodyBytes} byte`),
      UnsupportedMediaType: problemResponse("Innholdet er ikke application/json"),
      InternalError: problemResponse("Feil i portalen"),
      TooManyRequests: {
        ...problemResponse(
          `For mange forespørsler: høyst API_RATE_LIMIT (standard ${defaultApiRateLimit}) i minuttet per integrasjonsnøkkel, ` +
            "og per klientadresse for tjenestekatalogen; høyst 60 forsøk i minuttet per klientadresse uten gyldig nøkkel. Vent så mange sekunder som Retry-After sier.",
        ),
        headers: { "Retry-After": ref("headers", "RetryAfter") },
      },
    },
  },
};
