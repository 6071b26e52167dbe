// HTML that a loader makes and a page sends once (ADR 0022): the case list's rows.
//
// Remix sends a page's loader data twice: rendered into the HTML, and again as data in a script,
// for the browser to hydrate with. For rows made as HTML by the loader (utils/html.ts), the second
// copy was the same markup escaped once more: 11 KB of the case list's 40, and 0.15 ms of the
// server's 2.4 ms a request to encode, escape and write. So:
//
// - When a loader answers a page load (the whole document), `pageHtml` keeps the HTML with the
//   request (server.mjs gives each document request a store) and puts null in the data.
//   entry.server.tsx hands the store to the render, so the server writes the HTML into the page.
// - In the browser, data with null is the document's own: hydration takes the HTML the server
//   wrote, from the element itself. It is the same text, so nothing changes on screen.
// - A navigation in the browser asks for the data alone (`….data`): then the HTML is in the data.
//
// Without a store (a test calling a loader, an unknown caller), the HTML is in the data.

import { createContext, useContext } from "react";

/** HTML kept for this document's render, by element id. */
export type PageHtmlStore = Map<string, string>;

const PageHtmlContext = createContext<PageHtmlStore | undefined>(undefined);
export const PageHtmlProvider = PageHtmlContext.Provider;

/** In a loader: the HTML for the element `id`, or null when the render gets it from the request's store. */
export function pageHtml(context: { pageHtml?: unknown }, id: string, html: string): string | null {
  if (!(context.pageHtml instanceof Map)) return html;
  context.pageHtml.set(id, html);
  return null;
}

// What hydration took from the page, per loader data: a later render with the same data gets the
// same HTML, even if the element has been replaced since.
const adopted = new WeakMap<object, string>();

/**
 * In a component: the HTML for the element `id` from `pageHtml` in the loader. `data` is the loader
 * data it came with (as returned by useLoaderData).
 */
export function usePageHtml(id: string, html: string | null, data: object): string {
  const store = useContext(PageHtmlContext);
  if (html !== null) return html;
  if (store) return store.get(id) ?? "";
  let kept = adopted.get(data);
  if (kept === undefined && typeof document !== "undefined") {
    kept = document.getElementById(id)?.innerHTML ?? "";
    adopted.set(data, kept);
  }
  return kept ?? "";
}
