import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isSynthetic, maskFodselsnummer, validateFodselsnummer } from "~/utils/fodselsnummer";
import { syntheticPersons } from "../../db/seed/persons";

// No real-range number (month 01–12 with valid check digits) may appear as a literal in this file
// or in the seed. Those cases are built at run time from their parts with `build` below, and the
// last test scans both files to enforce it.

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const weighted = (digits: number[], weights: number[]) => weights.reduce((sum, w, i) => sum + w * digits[i], 0);
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * Builds an 11-digit number from its parts (`day`/`month` already include any +40/+80).
 * `k1Remainder` 0 is the pre-2032 rule, 1–3 the relaxed 2032 rule (4–10 give an invalid k1).
 * Returns null when k1 or k2 would be 10, i.e. no number exists for this individnummer.
 */
function build(day: number, month: number, yy: number, individnummer: number, k1Remainder = 0): string | null {
  const base = `${pad(day)}${pad(month)}${pad(yy)}${pad(individnummer, 3)}`;
  const digits = Array.from(base, Number);
  const k1 = (((k1Remainder - weighted(digits, K1_WEIGHTS)) % 11) + 11) % 11;
  if (k1 === 10) return null;
  const k2 = (11 - (weighted([...digits, k1], K2_WEIGHTS) % 11)) % 11;
  if (k2 === 10) return null;
  return `${base}${k1}${k2}`;
}

/** Like `build`, but takes the first individnummer from `from` up to `to` that gives a number. */
function buildFirst(day: number, month: number, yy: number, from: number, to = 999, k1Remainder = 0): string {
  for (let ind = from; ind <= to; ind++) {
    const pid = build(day, month, yy, ind, k1Remainder);
    if (pid) return pid;
  }
  throw new Error(`no number for ${day}.${month}.${yy} with individnummer ${from}–${to}`);
}

const withK2 = (pid: string, k2: number) => `${pid.slice(0, 10)}${k2}`;

describe("seed persons", () => {
  it("has only valid synthetic numbers", () => {
    expect(syntheticPersons).toHaveLength(9);
    for (const person of syntheticPersons) {
      const result = validateFodselsnummer(person.pid);
      expect(result, person.pid).toMatchObject({ valid: true, kind: "synthetic" });
      expect(isSynthetic(person.pid)).toBe(true);
      const month = Number(person.pid.slice(2, 4));
      expect(month).toBeGreaterThanOrEqual(81);
      expect(month).toBeLessThanOrEqual(92);
    }
  });

  it("uses unique numbers", () => {
    const pids = syntheticPersons.map((p) => p.pid);
    expect(new Set(pids).size).toBe(pids.length);
  });

  it("spreads birth years between 1934 and 1986", () => {
    const years = syntheticPersons.map((p) => {
      const result = validateFodselsnummer(p.pid);
      if (!result.valid) throw new Error(p.pid);
      return Number(result.birthDate.slice(0, 4));
    });
    expect(Math.min(...years)).toBeGreaterThanOrEqual(1934);
    expect(Math.max(...years)).toBeLessThanOrEqual(1986);
  });

  it("uses only fictional contact details", () => {
    for (const person of syntheticPersons) {
      if (person.email !== null) expect(person.email).toMatch(/^[a-z.]+@example\.no$/);
      if (person.mobile !== null) expect(person.mobile).toMatch(/^\+47 400 00 0\d\d$/);
    }
  });
});

describe("validateFodselsnummer", () => {
  it("reports the synthetic birth date without the +80", () => {
    expect(validateFodselsnummer(syntheticPersons[0].pid)).toEqual({
      valid: true,
      kind: "synthetic",
      birthDate: "1939-03-14",
    });
  });

  it("accepts an ordinary fødselsnummer built at run time", () => {
    const pid = buildFirst(1, 1, 80, 100);
    expect(validateFodselsnummer(pid)).toEqual({ valid: true, kind: "fnr", birthDate: "1980-01-01" });
    expect(isSynthetic(pid)).toBe(false);
  });

  it("accepts a D-nummer (day + 40) built at run time", () => {
    const pid = buildFirst(15 + 40, 6, 72, 200);
    expect(validateFodselsnummer(pid)).toEqual({ valid: true, kind: "dnr", birthDate: "1972-06-15" });
    expect(isSynthetic(pid)).toBe(false);
  });

  it("accepts a synthetic D-nummer (day + 40, month + 80)", () => {
    const pid = buildFirst(15 + 40, 6 + 80, 72, 200);
    expect(validateFodselsnummer(pid)).toEqual({ valid: true, kind: "synthetic-dnr", birthDate: "1972-06-15" });
    expect(isSynthetic(pid)).toBe(true);
  });

  it("strips spaces", () => {
    const pid = syntheticPersons[1].pid;
    expect(validateFodselsnummer(`${pid.slice(0, 6)} ${pid.slice(6)}`)).toMatchObject({ valid: true });
    expect(validateFodselsnummer(` ${pid} `)).toMatchObject({ valid: true });
  });

  it("rejects wrong check digits with 'checksum'", () => {
    for (const { pid } of syntheticPersons) {
      const k2 = Number(pid[10]);
      for (let other = 0; other <= 9; other++) {
        if (other === k2) continue;
        expect(validateFodselsnummer(withK2(pid, other)), withK2(pid, other)).toEqual({
          valid: false,
          reason: "checksum",
        });
      }
    }
  });

  it("rejects a k1 outside both the old and the 2032 rule, even with a matching k2", () => {
    for (let remainder = 4; remainder <= 10; remainder++) {
      const pid = buildFirst(14, 3 + 80, 39, 100, 499, remainder);
      expect(validateFodselsnummer(pid), pid).toEqual({ valid: false, reason: "checksum" });
    }
  });

  it("accepts k1 by the 2032 rule (remainder 1–3)", () => {
    for (const remainder of [1, 2, 3]) {
      const synthetic = buildFirst(14, 3 + 80, 39, 100, 499, remainder);
      expect(synthetic).not.toBe(buildFirst(14, 3 + 80, 39, 100, 499, 0));
      expect(validateFodselsnummer(synthetic), synthetic).toMatchObject({ valid: true, kind: "synthetic" });
      const real = buildFirst(1, 1, 80, 100, 499, remainder);
      expect(validateFodselsnummer(real)).toMatchObject({ valid: true, kind: "fnr" });
    }
  });

  it("rejects impossible dates with 'date'", () => {
    const cases = [
      buildFirst(31, 2 + 80, 80, 100), // 31 February
      buildFirst(31, 4 + 80, 80, 100), // 31 April
      buildFirst(1, 13 + 80, 80, 100), // month 13
      buildFirst(1, 0 + 80, 80, 100), // month 0
      buildFirst(0, 1 + 80, 80, 100), // day 0
      buildFirst(32 + 40, 1 + 80, 80, 100), // D-nummer day 32
      buildFirst(1, 1 + 40, 80, 100), // H-nummer (month + 40) is not supported
      buildFirst(29, 2 + 80, 0, 0, 499), // 29.02.1900 (individnummer 000–499 → 1900s, not a leap year)
      buildFirst(29, 2 + 80, 81, 0, 499), // 29.02.1981
    ];
    for (const pid of cases) expect(validateFodselsnummer(pid), pid).toEqual({ valid: false, reason: "date" });
  });

  it("accepts leap days and reads the century from the individnummer", () => {
    expect(validateFodselsnummer(buildFirst(29, 2 + 80, 0, 500, 999))).toEqual({
      valid: true,
      kind: "synthetic",
      birthDate: "2000-02-29",
    });
    expect(validateFodselsnummer(buildFirst(29, 2 + 80, 84, 0, 499))).toMatchObject({ birthDate: "1984-02-29" });
    expect(validateFodselsnummer(buildFirst(1, 1 + 80, 60, 500, 749))).toMatchObject({ birthDate: "1860-01-01" });
    expect(validateFodselsnummer(buildFirst(1, 1 + 80, 60, 900, 999))).toMatchObject({ birthDate: "1960-01-01" });
    expect(validateFodselsnummer(buildFirst(1, 1 + 80, 10, 500, 999))).toMatchObject({ birthDate: "2010-01-01" });
  });

  it("rejects non-digits and wrong lengths with 'format'", () => {
    const pid = syntheticPersons[0].pid;
    const cases = [
      "",
      "   ",
      pid.slice(0, 10),
      `${pid}0`,
      `${pid.slice(0, 10)}x`,
      `${pid.slice(0, 6)}-${pid.slice(6)}`,
      "abcdefghijk",
      "1e10",
      "８".repeat(11),
    ];
    for (const input of cases) expect(validateFodselsnummer(input), input).toEqual({ valid: false, reason: "format" });
    expect(isSynthetic("")).toBe(false);
  });
});

describe("maskFodselsnummer", () => {
  it("shows only the six birth date digits", () => {
    for (const { pid } of syntheticPersons) {
      const masked = maskFodselsnummer(pid);
      expect(masked).toBe(`${pid.slice(0, 6)} *****`);
      expect(masked.replace(/\D/g, "")).toHaveLength(6);
    }
    const pid = syntheticPersons[2].pid;
    expect(maskFodselsnummer(`${pid.slice(0, 6)} ${pid.slice(6)}`)).toBe(`${pid.slice(0, 6)} *****`);
  });
});

describe("fixtures", () => {
  it("contain no literal real-range number", () => {
    const files = [
      fileURLToPath(import.meta.url),
      fileURLToPath(new URL("../../db/seed/persons.ts", import.meta.url)),
    ];
    for (const file of files) {
      const literals = readFileSync(file, "utf8").match(/\d[\d ]{9,}\d/g) ?? [];
      for (const literal of literals) {
        const result = validateFodselsnummer(literal);
        if (result.valid) expect(result.kind, `${file}: ${literal}`).toMatch(/^synthetic/);
      }
    }
  });
});
