// HTML written as text, for the few places where React's work per element is the page's cost
// (ADR 0021): the 25 rows of the caseworkers' case list. Everything else is React.
//
// Values are escaped by the `html` tag; only what `html` itself made passes through as it is.
// There is no other way to make an `Html`, so text from a resident (a name, a title) can never
// become markup.

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text as HTML text or attribute value: `&`, `<`, `>`, `"` and `'` written as entities. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c]);
}

const made = new WeakSet<object>();

/** HTML made by `html`: its markup is the portal's own, its values escaped. */
export type Html = { readonly text: string };

function isHtml(value: unknown): value is Html {
  return typeof value === "object" && value !== null && made.has(value);
}

/**
 * html`<td>${name}</td>`: each value is escaped, unless it is Html made by this tag (a nested
 * piece), or false, null or undefined (nothing, for `${cond && html`…`}`).
 */
export function html(strings: TemplateStringsArray, ...values: (string | number | Html | false | null | undefined)[]): Html {
  let text = strings[0];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (isHtml(value)) text += value.text;
    else if (value !== false && value !== null && value !== undefined) text += escapeHtml(String(value));
    text += strings[i + 1];
  }
  const result = { text };
  made.add(result);
  return result;
}

/** Pieces of HTML one after another. */
export function joinHtml(pieces: Html[]): Html {
  const result = { text: pieces.map((piece) => piece.text).join("") };
  made.add(result);
  return result;
}
