import { useNavigate } from "@remix-run/react";
import { createContext, useContext, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from "react";
import { hostElement } from "./ds";

type Props = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  /** An absolute path in the portal, such as `/saksbehandler/saker/…`. */
  to: `/${string}`;
};

const omitTo = ["to"] as const;

type NavigateFunction = (to: string, options: { replace: boolean }) => void;

const Navigate = createContext<NavigateFunction | null>(null);

/**
 * One navigate function for every PathLink on the page (the root renders this once). Each
 * useNavigate() reads four contexts and keeps a ref, a layout effect and a callback: 25 times
 * per list page, for links that all go to absolute paths, it was work for nothing.
 */
export function PathLinkNavigation({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  return <Navigate.Provider value={navigate}>{children}</Navigate.Provider>;
}

/**
 * A link to an absolute path in the portal: the rows of long lists, the pages of a list. It behaves as Remix's <Link> does for such a path: a plain click navigates
 * inside the app (no full page load), and replaces the history entry when it leads to the page
 * already shown; Ctrl/Cmd/Shift-click, middle click, "open in new tab" and a browser without
 * JavaScript get the ordinary link. Outside PathLinkNavigation (an error page) it is an ordinary
 * link.
 *
 * Why not <Link>: it resolves its `to` against the route hierarchy three times per render, each
 * time copying the matched routes through JSON. An absolute path needs none of it. In the
 * caseworker's 25-row case list that was about 0.7 ms of server time per page (ADR 0016).
 */
export function PathLink(props: Props) {
  const navigate = useContext(Navigate);
  const { to, onClick, target } = props;
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    followInApp(navigate, event, to, target);
  };
  // Not `<a {...rest} />`: see hostElement. The link's own class, if any, is kept as it is.
  return hostElement("a", props, undefined, omitTo, { href: to, onClick: click });
}

/** A plain click on a link to `to` navigates inside the app (see PathLink); others are the browser's. */
function followInApp(navigate: NavigateFunction | null, event: MouseEvent, to: string, target: string | null | undefined) {
  if (!navigate || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
  if (target && target !== "_self") return;
  event.preventDefault();
  navigate(to, { replace: `${window.location.pathname}${window.location.search}` === to });
}

/**
 * A click handler for an element whose links are HTML, not React (the case list's rows, ADR 0021):
 * a click on a link to a path in the portal behaves as a click on a PathLink.
 */
export function usePathLinkClick() {
  const navigate = useContext(Navigate);
  return (event: MouseEvent<HTMLElement>) => {
    const link = event.target instanceof Element ? event.target.closest("a") : null;
    const to = link?.getAttribute("href");
    if (link && to?.startsWith("/") && !to.startsWith("//")) followInApp(navigate, event, to, link.getAttribute("target"));
  };
}
