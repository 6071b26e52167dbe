// HTML written as text, for the few places where React's work per element is the page's cost
// (ADR 0021, 0022): the 25 rows of the caseworkers' case list. Everything else is React.
//
// Values are escaped by the `html` tag; only what `html` itself made passes through as it is.
// There is no other way to make an `Html`, so text from a resident (a name, a title) can never
// become markup.

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const special = /[&<>"']/;
const specials = /[&<>"']/g;

/** Text as HTML text or attribute value: `&`, `<`, `>`, `"` and `'` written as entities. */
export function escapeHtml(value: string): string {
  // Most values (names, dates, references) have none of them.
  return special.test(value) ? value.replace(specials, (c) => entities[c]) : value;
}

/**
 * HTML made by `html`. Only this module can make one: the class is not exported, so an object
 * that only looks like it (`{ text: "<script>…" }`, anything parsed from JSON) is not one.
 * (`instanceof`, not a private field: the build turns private fields into a WeakMap.)
 */
class MadeHtml {
  constructor(readonly text: string) {}
}

/** HTML made by `html`: its markup is the portal's own, its values escaped. */
export type Html = { readonly text: string };

/**
 * html`<td>${name}</td>`: each value is escaped, unless it is Html made by this tag (a nested
 * piece), or false, null or undefined (nothing, for `${cond && html`…`}`).
 */
export function html(strings: TemplateStringsArray, ...values: (string | number | Html | false | null | undefined)[]): Html {
  let text = strings[0];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === "string") text += escapeHtml(value);
    else if (value instanceof MadeHtml) text += value.text;
    else if (value !== false && value !== null && value !== undefined) text += escapeHtml(String(value));
    text += strings[i + 1];
  }
  return new MadeHtml(text);
}

/** Pieces of HTML one after another. */
export function joinHtml(pieces: Html[]): Html {
  let text = "";
  for (const piece of pieces) if (piece instanceof MadeHtml) text += piece.text;
  return new MadeHtml(text);
}
