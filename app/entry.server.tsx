import type { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getI18n, getLocale } from "./.server/i18n";
import { logger, describeError } from "./.server/logger";
import { NonceProvider } from "./utils/nonce";
import { PageHtmlProvider, type PageHtmlStore } from "./utils/page-html";

export { startServer, stopServer, checkReadiness, runInRequestContext } from "./.server/lifecycle";
export { logger } from "./.server/logger";
export { isCacheableResponse, pageCache, pageCacheKey } from "./.server/page-cache";

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = getI18n(getLocale(request));
  const nonce = typeof loadContext.nonce === "string" ? loadContext.nonce : undefined;
  // The whole page is rendered before it is sent, and sent as one piece. Nothing in the portal
  // streams (no deferred data), so streaming the shell first only split the page into a dozen
  // chunks, each passed through Node's and the web's streams to its own socket write (ADR 0017).
  return new Promise<Response>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <PageHtmlProvider value={loadContext.pageHtml as PageHtmlStore | undefined}>
          <I18nextProvider i18n={instance}>
            <RemixServer context={remixContext} url={request.url} nonce={nonce} />
          </I18nextProvider>
        </PageHtmlProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          // What React's pipe() uses of a Node stream: write() (true: go on), end(), and on() for
          // "drain", "error" and "close", none of which can happen here. A Writable in between
          // only added its own bookkeeping to each of React's 2 KB writes.
          const page = {
            write(chunk: Uint8Array) {
              chunks.push(chunk);
              return true;
            },
            end() {
              clearTimeout(timer);
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
            },
            on() {
              return page;
            },
          };
          pipe(page as unknown as Writable);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error in the shell goes to onShellError and on to Remix, which logs it.
          if (shellRendered) logger.error("render.failed", describeError(error));
        },
      },
    );
    // A render that never finishes is cut off: React then renders what it has, with the error.
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logger.error("request.failed", { ...describeError(error), path: new URL(request.url).pathname });
}
