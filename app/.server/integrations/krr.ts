import { z } from "zod";
import { IntegrationError, readJson, request } from "./http";
import type { MaskinportenClient } from "./maskinporten";

// Kontakt- og reservasjonsregisteret (KRR, Digdir): the e-mail address and mobile number a
// resident has given the public sector, and whether they have reserved themselves against
// digital communication.
//
// Contract (docs.digdir.no "Oppslagstjenesten REST", felleslosninger/docs
// _docs/Kontaktregisteret/oppslagstjenesten_rest.md and krr_attributter.md):
//   POST {KRR_URL}/rest/v2/personer   (https://kontaktregisteret.no; test: https://test.kontaktregisteret.no)
//   Authorization: Bearer <Maskinporten token with scope krr:global/kontaktinformasjon.read>
//   { "personidentifikatorer": ["<fødselsnummer>"] }            (1–1000 numbers)
//   → { "personer": [ { "personidentifikator", "reservasjon": "JA"|"NEI",
//        "status": "AKTIV"|"SLETTET"|"IKKE_REGISTRERT", "varslingsstatus": "KAN_VARSLES"|"KAN_IKKE_VARSLES",
//        "kontaktinformasjon": { "epostadresse", "mobiltelefonnummer", ... }, "spraak" } ] }
// A number KRR does not know is answered as status IKKE_REGISTRERT, or is missing from the list;
// both mean "no contact details", not an error.

export const krrScope = "krr:global/kontaktinformasjon.read";

export type KrrStatus = "AKTIV" | "SLETTET" | "IKKE_REGISTRERT";

export type KrrContact = {
  status: KrrStatus;
  /** reservasjon "JA": no digital notifications from the public sector. */
  reserved: boolean;
  /** varslingsstatus: KAN_IKKE_VARSLES when the details are too old to be used (eForvaltningsforskriften). */
  canNotify: boolean;
  email: string | null;
  mobile: string | null;
};

const text = z
  .string()
  .nullish()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : null));

const answer = z.object({
  personer: z
    .array(
      z.object({
        personidentifikator: z.string(),
        reservasjon: z.enum(["JA", "NEI"]).nullish(),
        status: z.enum(["AKTIV", "SLETTET", "IKKE_REGISTRERT"]).catch("IKKE_REGISTRERT"),
        varslingsstatus: z.string().nullish(),
        kontaktinformasjon: z.object({ epostadresse: text, mobiltelefonnummer: text }).nullish(),
      }),
    )
    .default([]),
});

export type KrrClient = { lookup(pid: string, signal: AbortSignal): Promise<KrrContact> };

export function createKrrClient(config: { baseUrl: string; maskinporten: MaskinportenClient }): KrrClient {
  const endpoint = new URL("rest/v2/personer", config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`);
  return {
    async lookup(pid, signal) {
      const token = await config.maskinporten.token([krrScope], signal);
      const response = await request("krr", endpoint, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ personidentifikatorer: [pid] }),
        signal,
      });
      if (response.status === 401 || response.status === 403) {
        config.maskinporten.forget([krrScope]);
        throw new IntegrationError("krr", "rejected", `access refused (${response.status})`, { status: response.status });
      }
      if (!response.ok)
        throw new IntegrationError("krr", response.status >= 500 ? "unavailable" : "rejected", `answered ${response.status}`, {
          status: response.status,
        });
      const parsed = answer.safeParse(await readJson("krr", response));
      if (!parsed.success) throw new IntegrationError("krr", "invalid_response", "answer not in the documented shape", { status: response.status });
      const person = parsed.data.personer.find((p) => p.personidentifikator === pid);
      if (!person) return { status: "IKKE_REGISTRERT", reserved: false, canNotify: false, email: null, mobile: null };
      return {
        status: person.status,
        reserved: person.reservasjon === "JA",
        canNotify: person.varslingsstatus !== "KAN_IKKE_VARSLES",
        email: person.kontaktinformasjon?.epostadresse ?? null,
        mobile: person.kontaktinformasjon?.mobiltelefonnummer ?? null,
      };
    },
  };
}
