import { z } from "zod";
import { IntegrationError, readJson, request } from "./http";
import type { MaskinportenClient } from "./maskinporten";

// Folkeregisteret (Skatteetaten), the "offentlig med hjemmel" package: the resident's name.
//
// Contract (Skatteetaten/folkeregisteret-api-dokumentasjon, "Endepunkter": URLs are
// {miljø}/folkeregisteret/{rettighetspakke}/{versjon}/{ressurs}):
//   GET {FREG_URL}/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/{fødselsnummer}?part=navn
//   (https://folkeregisteret.api.skatteetaten.no; test: https://folkeregisteret-api-konsument.sits.no)
//   Authorization: Bearer <Maskinporten token with scope folkeregister:deling/offentligmedhjemmel>
//   Accept: application/json
//   → { "navn": [ { "erGjeldende": true, "fornavn", "mellomnavn", "etternavn", "gyldighetstidspunkt", ... } ] }
//   404 when the register has no person with that number.

export const fregScope = "folkeregister:deling/offentligmedhjemmel";

export type FregName = { givenName: string; familyName: string };

const name = z.object({
  erGjeldende: z.boolean().nullish(),
  gyldighetstidspunkt: z.string().nullish(),
  fornavn: z.string().nullish(),
  mellomnavn: z.string().nullish(),
  etternavn: z.string().nullish(),
});
const answer = z.object({ navn: z.array(name).default([]) });

/** The current name: the entry marked erGjeldende, else the one valid from the latest date. */
function currentName(entries: z.infer<typeof name>[]): FregName | null {
  const usable = entries.filter((e) => e.fornavn?.trim() && e.etternavn?.trim());
  const chosen =
    usable.find((e) => e.erGjeldende) ??
    [...usable].sort((a, b) => (b.gyldighetstidspunkt ?? "").localeCompare(a.gyldighetstidspunkt ?? ""))[0];
  if (!chosen) return null;
  return {
    givenName: chosen.fornavn!.trim(),
    // A Norwegian mellomnavn is a family name borne alongside the etternavn ("Kari Nordmann Hansen").
    familyName: [chosen.mellomnavn?.trim(), chosen.etternavn!.trim()].filter(Boolean).join(" "),
  };
}

export type FregClient = {
  /** The name, or null when Folkeregisteret has no person with this number. */
  lookupName(pid: string, signal: AbortSignal): Promise<FregName | null>;
};

export function createFregClient(config: { baseUrl: string; maskinporten: MaskinportenClient }): FregClient {
  const base = config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`;
  return {
    async lookupName(pid, signal) {
      if (!/^\d{11}$/.test(pid)) return null;
      const token = await config.maskinporten.token([fregScope], signal);
      const url = new URL(`folkeregisteret/offentlig-med-hjemmel/api/v1/personer/${pid}`, base);
      url.searchParams.set("part", "navn");
      const response = await request("folkeregisteret", url, {
        headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
        signal,
      });
      if (response.status === 404) return null;
      if (response.status === 401 || response.status === 403) {
        config.maskinporten.forget([fregScope]);
        throw new IntegrationError("folkeregisteret", "rejected", `access refused (${response.status})`, { status: response.status });
      }
      if (!response.ok)
        throw new IntegrationError("folkeregisteret", response.status >= 500 ? "unavailable" : "rejected", `answered ${response.status}`, {
          status: response.status,
        });
      const parsed = answer.safeParse(await readJson("folkeregisteret", response));
      const found = parsed.success ? currentName(parsed.data.navn) : null;
      if (!found) throw new IntegrationError("folkeregisteret", "invalid_response", "answer without a usable name", { status: response.status });
      return found;
    },
  };
}
