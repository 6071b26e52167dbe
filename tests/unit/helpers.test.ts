import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { errorKind } from "~/components/error-boundary";
import { getLocale } from "~/.server/i18n";
import { tokenize } from "~/.server/services/catalog";
import { parseCatalogQuery } from "~/schemas/catalog";
import { safeRedirectPath } from "~/utils/safe-redirect";

const withHeaders = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

describe("language detection", () => {
  it("prefers the cookie set by the language switch", () => {
    expect(getLocale(withHeaders({ Cookie: "a=1; lng=nn", "Accept-Language": "en" }))).toBe("nn");
  });
  it("reads Accept-Language by weight and maps no/nb-NO to bokmål", () => {
    expect(getLocale(withHeaders({ "Accept-Language": "de;q=0.9, en;q=0.8, nn;q=0.95" }))).toBe("nn");
    expect(getLocale(withHeaders({ "Accept-Language": "no-NO" }))).toBe("nb");
    expect(getLocale(withHeaders({ "Accept-Language": "en-GB,en;q=0.9" }))).toBe("en");
  });
  it("falls back to bokmål on malformed or unknown values, never throws", () => {
    for (const header of [";;;,,,", "q=abc", "xx;q=NaN", "*", "en;q=-1", "\u00ff\u00fe".repeat(600)]) {
      expect(getLocale(withHeaders({ "Accept-Language": header }))).toBe("nb");
    }
    expect(getLocale(withHeaders({ Cookie: "lng=%%%; =; ;;lng" }))).toBe("nb");
    expect(getLocale(withHeaders({ Cookie: "lng=de" }))).toBe("nb");
  });
});

describe("search words", () => {
  it("keeps letters and digits only, in lower case", () => {
    expect(tokenize("Hjemme-SYKEPLEIE!!")).toEqual(["hjemme", "sykepleie"]);
    expect(tokenize("'; drop table services; --")).toEqual(["drop", "table", "services"]);
    expect(tokenize("a & b | !c <-> d:*")).toEqual(["a", "b", "c", "d"]);
  });
  it("keeps Norwegian letters and caps the number of words", () => {
    expect(tokenize("Pårørende ØRE æble")).toEqual(["pårørende", "øre", "æble"]);
    expect(tokenize("en to tre fire fem seks sju åtte ni ti")).toHaveLength(8);
  });
  it("ignores an empty query", () => {
    expect(tokenize("  ---  ")).toEqual([]);
  });
});

describe("catalogue query", () => {
  it("accepts the ordinary parameters", () => {
    const { query, error } = parseCatalogQuery(new URLSearchParams("q=hjemmehjelp&kategori=hjemme&niva=2"));
    expect(error).toBeUndefined();
    expect(query).toEqual({ q: "hjemmehjelp", kategori: "hjemme", niva: 2 });
  });
  it("rejects a query longer than 200 characters with a translatable message", () => {
    const { error } = parseCatalogQuery(new URLSearchParams({ q: "x".repeat(3000) }));
    expect(error).toBe("search.errors.tooLong");
  });
  it("rejects malformed filters", () => {
    expect(parseCatalogQuery(new URLSearchParams("kategori=<script>")).error).toBe("search.errors.unknownCategory");
    expect(parseCatalogQuery(new URLSearchParams("niva=12")).error).toBe("search.errors.unknownLevel");
  });
});

describe("redirects stay on this site", () => {
  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", "/x\u0000y"])(
    "refuses %j",
    (target) => {
      expect(safeRedirectPath(target)).toBe("/");
    },
  );
  it("keeps a same-site path with its query", () => {
    expect(safeRedirectPath("/tjenester?q=alarm")).toBe("/tjenester?q=alarm");
  });
});

describe("the error page", () => {
  it("tells someone whose upload was too large what to do, in all three languages", async () => {
    expect(errorKind(413)).toBe("tooLarge");
    expect([404, 400, 403, 500, 503].map(errorKind)).toEqual(["notFound", "badRequest", "clientError", "serverError", "serverError"]);
    for (const lng of ["nb", "nn", "en"]) {
      const { errors } = JSON.parse(fs.readFileSync(`locales/${lng}/common.json`, "utf8"));
      expect(errors.tooLarge.body).toMatch(/10 MB/);
    }
  });
});
