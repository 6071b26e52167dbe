import { useEffect, type DependencyList, type RefObject } from "react";

/**
 * Moves focus to `ref` (an error summary, a receipt, a heading) when `when` is true, and again each
 * time one of `deps` changes: after a form sent with JavaScript, focus goes to what the answer says.
 *
 * On the page's first render in the browser (hydration: a page the server sent, e.g. the answer to
 * a form sent before the JavaScript had run) only while nothing on the page has focus yet. Someone
 * who has already gone into a field keeps their place: moving focus would scroll the page away
 * under their pointer, and their next click would land somewhere else.
 *
 * Give an element that is only there with the answer `autoFocus` too. React writes the attribute
 * into the server's HTML (and ignores it in the browser for anything but form fields), so without
 * JavaScript the browser itself puts focus there when the page loads.
 */
export function useFocusWhen(ref: RefObject<HTMLElement | null>, when: boolean, deps: DependencyList) {
  useEffect(() => {
    if (!when) return;
    // entry.client.tsx sets data-hydrated after the hydration's effects, these included, have run.
    const hydrating = document.documentElement.dataset.hydrated !== "true";
    const focused = document.activeElement;
    if (hydrating && focused && focused !== document.body) return;
    ref.current?.focus();
  }, [when, ...deps]);
}
