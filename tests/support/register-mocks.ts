// Local stand-ins for Maskinporten, Kontakt- og reservasjonsregisteret (KRR) and Folkeregisteret,
// for the person-register tests. They follow the documented contracts (see the comments in
// app/.server/integrations/*.ts) and check what a real service would check: Maskinporten verifies
// the JWT grant's RS256 signature against the client's public key and its claims (aud, iss,
// scope, exp at most 120 s after iat, unique jti, kid); KRR and Folkeregisteret accept only a
// live token carrying their own scope. Each service can be taken down (503) or made to hang.
import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type MockPerson = {
  /** Folkeregisteret's name entries; omit the person from `freg` to make them unknown there. */
  name?: { fornavn: string; mellomnavn?: string; etternavn: string };
  krr?: {
    reservasjon: "JA" | "NEI";
    status: "AKTIV" | "SLETTET" | "IKKE_REGISTRERT";
    varslingsstatus?: "KAN_VARSLES" | "KAN_IKKE_VARSLES";
    epostadresse?: string;
    mobiltelefonnummer?: string;
  };
};

export type Mode = "up" | "down" | "hang";
type Service = "maskinporten" | "krr" | "freg";

export type GrantSeen = { header: Record<string, unknown>; claims: Record<string, unknown>; accepted: boolean; problem?: string };

export type RegisterMocks = {
  /** Maskinporten's issuer identifier (with the trailing slash, as Maskinporten publishes it). */
  issuer: string;
  krrUrl: string;
  fregUrl: string;
  people: Map<string, MockPerson>;
  grants: GrantSeen[];
  calls: Record<Service, number>;
  /** Bodies KRR received and paths Folkeregisteret received (to check what was asked). */
  krrBodies: unknown[];
  fregPaths: string[];
  mode: Record<Service, Mode>;
  /** Make every token issued so far unknown to the APIs (as after a key rotation). */
  revokeTokens(): void;
  stop(): Promise<void>;
};

export async function startRegisterMocks(options: { clientId: string; publicKey: KeyObject | string; kid?: string }): Promise<RegisterMocks> {
  const publicKey = typeof options.publicKey === "string" ? createPublicKey(options.publicKey) : options.publicKey;
  const tokens = new Map<string, { scopes: string[]; expiresAt: number }>();
  const seenJti = new Set<string>();
  const hanging = new Set<http.ServerResponse>();
  const mocks: RegisterMocks = {
    issuer: "",
    krrUrl: "",
    fregUrl: "",
    people: new Map(),
    grants: [],
    calls: { maskinporten: 0, krr: 0, freg: 0 },
    krrBodies: [],
    fregPaths: [],
    mode: { maskinporten: "up", krr: "up", freg: "up" },
    revokeTokens: () => tokens.clear(),
    stop: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => resolve(body));
    });
  const bearer = (req: http.IncomingMessage, scope: string) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const known = token ? tokens.get(token) : undefined;
    return Boolean(known && known.expiresAt > Date.now() && known.scopes.includes(scope));
  };

  function checkGrant(assertion: string): GrantSeen {
    const [h, c, s] = assertion.split(".");
    const decode = (part: string) => JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    let header: Record<string, unknown> = {};
    let claims: Record<string, unknown> = {};
    try {
      header = decode(h);
      claims = decode(c);
    } catch {
      return { header, claims, accepted: false, problem: "not a JWT" };
    }
    const now = Math.floor(Date.now() / 1000);
    const problem =
      header.alg !== "RS256"
        ? "alg must be RS256"
        : options.kid !== undefined && header.kid !== options.kid
          ? "unknown kid"
          : !s || !verify("sha256", Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s, "base64url"))
            ? "signature does not verify"
            : claims.aud !== mocks.issuer
              ? "aud must be the issuer"
              : claims.iss !== options.clientId
                ? "unknown client"
                : typeof claims.scope !== "string" || claims.scope === ""
                  ? "no scope"
                  : typeof claims.iat !== "number" || typeof claims.exp !== "number" || claims.exp <= now || claims.exp - claims.iat > 120
                    ? "exp must be in the future and at most 120 s after iat"
                    : Math.abs(claims.iat - now) > 10
                      ? "iat too far from now"
                      : typeof claims.jti !== "string" || seenJti.has(claims.jti)
                        ? "jti missing or reused"
                        : undefined;
    if (!problem) seenJti.add(claims.jti as string);
    return { header, claims, accepted: !problem, problem };
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://mock");
    const service: Service | null =
      url.pathname === "/maskinporten/token"
        ? "maskinporten"
        : url.pathname === "/krr/rest/v2/personer"
          ? "krr"
          : url.pathname.startsWith("/freg/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/")
            ? "freg"
            : null;
    if (!service) return json(res, 404, { error: "not_found" });
    mocks.calls[service]++;
    const mode = mocks.mode[service];
    if (mode === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (mode === "down") return json(res, 503, { error: "unavailable" });

    if (service === "maskinporten") {
      const form = new URLSearchParams(await readBody(req));
      if (req.method !== "POST" || form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer")
        return json(res, 400, { error: "unsupported_grant_type" });
      const seen = checkGrant(form.get("assertion") ?? "");
      mocks.grants.push(seen);
      if (!seen.accepted) return json(res, 400, { error: "invalid_grant", error_description: seen.problem });
      const token = randomBytes(24).toString("base64url");
      const scopes = String(seen.claims.scope).split(" ");
      tokens.set(token, { scopes, expiresAt: Date.now() + 120_000 });
      return json(res, 200, { access_token: token, token_type: "Bearer", expires_in: 120, scope: scopes.join(" ") });
    }

    if (service === "krr") {
      if (req.method !== "POST") return json(res, 405, {});
      if (!bearer(req, "krr:global/kontaktinformasjon.read")) return json(res, 401, { error: "invalid_token" });
      const body = JSON.parse((await readBody(req)) || "{}") as { personidentifikatorer?: string[] };
      mocks.krrBodies.push(body);
      const personer = (body.personidentifikatorer ?? []).map((pid) => {
        const krr = mocks.people.get(pid)?.krr;
        if (!krr) return { personidentifikator: pid, status: "IKKE_REGISTRERT" };
        return {
          personidentifikator: pid,
          reservasjon: krr.reservasjon,
          status: krr.status,
          varslingsstatus: krr.varslingsstatus ?? "KAN_VARSLES",
          kontaktinformasjon: {
            epostadresse: krr.epostadresse,
            epostadresse_oppdatert: "2026-01-05T10:14:52+01",
            mobiltelefonnummer: krr.mobiltelefonnummer,
            mobiltelefonnummer_oppdatert: "2026-01-05T10:14:52+01",
          },
          spraak: "nb",
        };
      });
      return json(res, 200, { personer });
    }

    // Folkeregisteret
    if (!bearer(req, "folkeregister:deling/offentligmedhjemmel")) return json(res, 401, { error: "invalid_token" });
    mocks.fregPaths.push(`${url.pathname}${url.search}`);
    const pid = url.pathname.split("/").pop()!;
    const name = mocks.people.get(pid)?.name;
    if (!name || url.searchParams.get("part") !== "navn") return json(res, 404, { kode: "FREG-001", melding: "Fant ikke person" });
    return json(res, 200, {
      navn: [
        // An older name first, so the adapter has to pick the current one.
        { erGjeldende: false, kilde: "KILDE_DSF", gyldighetstidspunkt: "1990-01-01T00:00:00+01:00", fornavn: "Tidligere", etternavn: "Navn" },
        { erGjeldende: true, kilde: "Synutopia", gyldighetstidspunkt: "2020-06-01T00:00:00+02:00", ...name },
      ],
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  mocks.issuer = `${base}/maskinporten/`;
  mocks.krrUrl = `${base}/krr`;
  mocks.fregUrl = `${base}/freg`;
  return mocks;
}

/** A synthetic fødselsnummer (month + 80) with valid check digits, for day `day` of March 1961. */
export function syntheticPid(day: number, individ = 123): string {
  for (let ind = individ; ind < individ + 50; ind++) {
    const digits = `${String(day).padStart(2, "0")}8361${String(ind).padStart(3, "0")}`.split("").map(Number);
    const k1 = (11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * digits[i], 0) % 11)) % 11;
    if (k1 === 10) continue;
    const k2 = (11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * [...digits, k1][i], 0) % 11)) % 11;
    if (k2 === 10) continue;
    return `${digits.join("")}${k1}${k2}`;
  }
  throw new Error("no synthetic number");
}
