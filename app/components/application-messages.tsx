import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Heading, Paragraph, Tag } from "./ds";

type ThreadLink = { id: string; reference: string; subject: string; state: string; unread?: boolean };

/**
 * The message threads about one application, on the application's page: for the resident (with
 * a link to write about it) or for the caseworker (links into the inbox).
 */
export function ApplicationMessages({ threads, applicationId, side }: { threads: ThreadLink[]; applicationId: string; side: "resident" | "employee" }) {
  const { t } = useTranslation("messages");
  const resident = side === "resident";
  const base = resident ? "/min-side/meldinger" : "/saksbehandler/innboks";
  return (
    <section aria-labelledby="meldinger-om-soknaden" className="stack-sm service-section">
      <Heading level={2} data-size="md" id="meldinger-om-soknaden">
        {resident ? t("application.heading") : t("employeeCase.heading")}
      </Heading>
      {threads.length === 0 ? (
        <Paragraph>{resident ? t("application.none") : t("employeeCase.none")}</Paragraph>
      ) : (
        <ul className="ds-list">
          {threads.map((th) => (
            <li key={th.id}>
              <Link to={`${base}/${th.id}`}>{th.subject}</Link> ({th.reference}, {resident ? t(`state.${th.state}`) : t(`caseState.${th.state}`)})
              {th.unread ? (
                <>
                  {" "}
                  <Tag data-color="danger">{t("list.unread")}</Tag>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {resident ? (
        <Paragraph>
          <Link className="ds-button" data-variant="secondary" to={`/min-side/meldinger/ny?soknad=${applicationId}`}>
            {t("application.write")}
          </Link>
        </Paragraph>
      ) : null}
    </section>
  );
}
