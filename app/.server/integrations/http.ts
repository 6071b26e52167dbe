// What the register integrations share: one error type that says which service failed and how
// (never what was asked: a request to Folkeregisteret carries a fødselsnummer in its path), and a
// fetch that turns network failures, timeouts and odd answers into that error.

export type IntegrationService = "maskinporten" | "krr" | "folkeregisteret";
export type IntegrationFailure = "unavailable" | "timeout" | "rejected" | "invalid_response";

export class IntegrationError extends Error {
  constructor(
    readonly service: IntegrationService,
    readonly failure: IntegrationFailure,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(`${service}: ${message}`, { cause: options.cause });
    this.name = "IntegrationError";
    this.status = options.status;
  }
  readonly status: number | undefined;
}

/** fetch, with the caller's deadline; a failure to get any answer becomes an IntegrationError. */
export async function request(service: IntegrationService, url: string | URL, init: RequestInit & { signal: AbortSignal }) {
  try {
    return await fetch(url, { ...init, redirect: "error" });
  } catch (error) {
    const timedOut = init.signal.aborted || (error instanceof Error && error.name === "TimeoutError");
    throw new IntegrationError(service, timedOut ? "timeout" : "unavailable", timedOut ? "no answer in time" : "could not connect", {
      cause: error,
    });
  }
}

/** The body as JSON; anything else is an invalid response. */
export async function readJson(service: IntegrationService, response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    throw new IntegrationError(service, "invalid_response", `answer ${response.status} was not JSON`, { status: response.status, cause: error });
  }
}
