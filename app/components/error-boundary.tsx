import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { Heading, Paragraph } from "~/components/ds";
import { useTranslation } from "react-i18next";

/** Which of the "errors" texts an answer with this status gets. */
export function errorKind(status: number) {
  if (status === 404) return "notFound";
  if (status === 400) return "badRequest";
  // An upload larger than the form takes (documents/upload.ts, RequestTooLarge).
  if (status === 413) return "tooLarge";
  return status < 500 ? "clientError" : "serverError";
}

/**
 * The one error page. 4xx answers say what the visitor can do; anything else says that the fault
 * is ours, without details. Text comes from the common namespace's "errors" keys.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = errorKind(status);
  return (
    <div className="stack">
      <Heading level={1} data-size="xl">
        {t(`errors.${kind}.title`)}
      </Heading>
      <Paragraph className="lead">{t(`errors.${kind}.body`)}</Paragraph>
      <ul className="ds-list">
        <li>
          <Link to="/">{t("errors.links.home")}</Link>
        </li>
        <li>
          <Link to="/tjenester">{t("errors.links.services")}</Link>
        </li>
      </ul>
      <Paragraph data-size="sm">{t("errors.statusCode", { status })}</Paragraph>
    </div>
  );
}
