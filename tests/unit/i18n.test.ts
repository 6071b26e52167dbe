import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { supportedLanguages } from "~/i18n/config";

// Bokmål is the master. Every key it has must exist in nynorsk and English, and no language may
// carry keys bokmål does not have, or an empty text.

const root = path.resolve("locales");
const namespaces = fs.readdirSync(path.join(root, "nb")).filter((f) => f.endsWith(".json"));

function leaves(value: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

function load(lng: string, ns: string) {
  return leaves(JSON.parse(fs.readFileSync(path.join(root, lng, ns), "utf8")));
}

describe("translations", () => {
  it("has namespaces", () => {
    expect(namespaces).toEqual(expect.arrayContaining(["common.json", "catalog.json", "pages.json"]));
  });

  for (const ns of namespaces) {
    const master = load("nb", ns);
    for (const lng of supportedLanguages) {
      it(`${lng}/${ns} has exactly the keys of nb/${ns}, none empty`, () => {
        const other = load(lng, ns);
        const missing = [...master.keys()].filter((k) => !other.has(k));
        const extra = [...other.keys()].filter((k) => !master.has(k));
        const empty = [...other.entries()].filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => k);
        expect({ missing, extra, empty }).toEqual({ missing: [], extra: [], empty: [] });
      });
      it(`${lng}/${ns} keeps every {{placeholder}} of nb`, () => {
        const other = load(lng, ns);
        const wrong = [...master.entries()]
          .filter(([k, v]) => {
            // {{name}} and {{name, format}} alike.
            const want = String(v).match(/{{\w+(?:, \w+)?}}/g)?.sort().join() ?? "";
            const have = String(other.get(k) ?? "").match(/{{\w+(?:, \w+)?}}/g)?.sort().join() ?? "";
            return want !== have;
          })
          .map(([k]) => k);
        expect(wrong).toEqual([]);
      });
    }
  }
});

describe("numbers in texts", () => {
  it("groups thousands the way each language writes them, in every language and from a kept format", async () => {
    const { getFixedT } = await import("~/.server/i18n");
    const Original = Intl.NumberFormat;
    let made = 0;
    Intl.NumberFormat = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made++;
      }
    } as typeof Intl.NumberFormat;
    const caption = (lng: "nb" | "nn" | "en", count: number) => getFixedT(lng, "employee")("cases.caption", { count, page: 1, pages: 2 });
    // Norwegian groups with a non-breaking space from five digits on; English with a comma.
    expect(caption("nb", 12345)).toBe("12\u00a0345 saker. Side 1 av 2.");
    expect(caption("nn", 12345)).toBe("12\u00a0345 saker. Side 1 av 2.");
    expect(caption("en", 12345)).toBe("12,345 cases. Page 1 of 2.");
    expect(caption("nb", 1)).toBe("1 sak. Side 1 av 2.");
    // A format per language at most, however many texts are made.
    try {
      for (let i = 0; i < 20; i++) caption("nb", 1000 + i);
    } finally {
      Intl.NumberFormat = Original;
    }
    expect(made).toBeLessThanOrEqual(3);
  });
});

describe("filling in texts", () => {
  it("gives what i18next gives, for every text in every language and namespace, with and without {{places}}", async () => {
    const { getFixedT, getI18n } = await import("~/.server/i18n");
    let compared = 0;
    for (const lng of supportedLanguages) {
      for (const file of namespaces) {
        const ns = file.replace(/\.json$/, "");
        for (const [key, text] of load(lng, file)) {
          if (typeof text !== "string") continue;
          // A text without places is still called with values at times (a timeline entry's service).
          const names = text.includes("{{") ? [...text.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]) : ["service"];
          const values = Object.fromEntries(names.map((name, i) => [name, i % 2 ? i * 1000 : `«${name}»`]));
          const fast = getFixedT(lng, ns)(key, values);
          const slow = getI18n(lng).t(key, { ...values, ns });
          expect(fast, `${lng}/${ns}:${key}`).toBe(slow);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("leaves plurals, formats, i18next's options and missing values to i18next", async () => {
    const { getFixedT } = await import("~/.server/i18n");
    const t = getFixedT("nb", "employee");
    expect(t("cases.caption", { count: 1, page: 1, pages: 1 })).toBe("1 sak. Side 1 av 1.");
    expect(t("cases.deadline.appeal", { date: "1.2.2026" })).toContain("1.2.2026");
    // A missing value: i18next's answer, whatever it is, and the same every time.
    expect(t("cases.deadline.appeal", {})).toBe(t("cases.deadline.appeal", {}));
    expect(t("finnes.ikke", { date: "x" })).toBe("finnes.ikke");
    expect(t("cases.deadline.appeal", { date: "x", defaultValue: "y" })).toContain("x");
  });
});
