/**
 * Norwegian national identity numbers (fødselsnummer, D-nummer and Skatteetaten's synthetic
 * test numbers). Isomorphic: no Node APIs, no dependencies, safe in the browser and on the server.
 *
 * Layout: DDMMYY (birth date) + III (individnummer) + k1 + k2 (mod 11 check digits).
 * - D-nummer: day + 40 (first digit 4–7).
 * - Synthetic (Skatteetaten's synthetic Folkeregister, TestID/Tenor): month + 80; the check digits
 *   are computed on the digits *after* adding 80.
 * - From 1 Jan 2032 k1 is relaxed: a weighted remainder of 0, 1, 2 or 3 is accepted (the old rule
 *   is remainder 0 only); k2 is unchanged. Both rules must be accepted side by side.
 *
 * Not supported (reported as an invalid date): H-nummer (month + 40) and other test-ID conventions
 * such as NAV's +40 or Norsk helsenett's +65.
 */

export type FodselsnummerKind = "fnr" | "dnr" | "synthetic" | "synthetic-dnr";

export type FodselsnummerResult =
  | { valid: true; kind: FodselsnummerKind; birthDate: string }
  | { valid: false; reason: "format" | "date" | "checksum" };

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1] as const; // last weight applies to k1 itself
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const; // last weight applies to k2 itself

function normalize(input: string): string {
  return input.replace(/\s+/g, "");
}

function weightedRemainder(digits: number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digits[i] * weights[i];
  return sum % 11;
}

/**
 * Full year from the two-digit year and the individnummer, per the pre-2032 rules.
 * Best effort only: numbers issued from 1 Jan 2032 no longer encode the century in the
 * individnummer (the birth date must then be read from Folkeregisteret). Combinations the old
 * rules do not cover fall back to 1900–1999.
 */
function fullYear(yy: number, individnummer: number): number {
  if (individnummer <= 499) return 1900 + yy;
  if (individnummer <= 749 && yy > 54) return 1800 + yy;
  if (individnummer >= 500 && yy < 40) return 2000 + yy;
  // 900–999 with yy ≥ 40 → 1940–1999. Also the fallback for combinations the old rules leave
  // undefined (500–899 with yy 40–54, 750–899 with yy ≥ 55).
  return 1900 + yy;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function validateFodselsnummer(input: string): FodselsnummerResult {
  const pid = normalize(typeof input === "string" ? input : "");
  if (!/^\d{11}$/.test(pid)) return { valid: false, reason: "format" };
  const digits = Array.from(pid, Number);

  let day = digits[0] * 10 + digits[1];
  let month = digits[2] * 10 + digits[3];
  const yy = digits[4] * 10 + digits[5];
  const individnummer = digits[6] * 100 + digits[7] * 10 + digits[8];

  const dnr = day > 40;
  if (dnr) day -= 40;
  const synthetic = month > 80;
  if (synthetic) month -= 80;

  const year = fullYear(yy, individnummer);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { valid: false, reason: "date" };
  }

  // k1: remainder 0 (pre-2032) or 1–3 (2032 rule). k2: remainder 0 only.
  if (weightedRemainder(digits, K1_WEIGHTS) > 3) return { valid: false, reason: "checksum" };
  if (weightedRemainder(digits, K2_WEIGHTS) !== 0) return { valid: false, reason: "checksum" };

  const kind: FodselsnummerKind = synthetic ? (dnr ? "synthetic-dnr" : "synthetic") : dnr ? "dnr" : "fnr";
  return { valid: true, kind, birthDate: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** True for a valid number in Skatteetaten's synthetic range (month + 80), with or without D-nummer. */
export function isSynthetic(input: string): boolean {
  const result = validateFodselsnummer(input);
  return result.valid && (result.kind === "synthetic" || result.kind === "synthetic-dnr");
}

/** Shows only the birth date part, e.g. "010180 *****". Never reveals the individnummer or check digits. */
export function maskFodselsnummer(pid: string): string {
  return `${normalize(pid).slice(0, 6)} *****`;
}
