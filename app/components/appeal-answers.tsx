import { useTranslation } from "react-i18next";
import { Paragraph } from "./ds";
import { WrittenText } from "./written-text";

/** What a resident's appeal says: shown on the review step before sending and on the receipt after. */
export function AppealAnswers({
  application,
  services,
  disagreement,
  reasons,
  wish,
  attachments,
}: {
  application: { services: string; reference: string };
  /** The services appealed against, as the resident should read them. */
  services: { key: string; label: string }[];
  disagreement: string;
  reasons: string;
  wish?: string | null;
  /** The files sent with the appeal, on the receipt (the review step chooses them itself). */
  attachments?: { id: string; filename: string; size: string }[];
}) {
  const { t } = useTranslation("applications");
  return (
    <dl className="appeal-answers">
      <div>
        <dt>{t("appealReview.application")}</dt>
        <dd>{t("appealForm.intro", { services: application.services, reference: application.reference })}</dd>
      </div>
      <div>
        <dt>{t("appealForm.services")}</dt>
        <dd>
          <ul className="ds-list">
            {services.map((s) => (
              <li key={s.key}>{s.label}</li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>{t("appealForm.disagreement")}</dt>
        <dd>
          <WrittenText text={disagreement} />
        </dd>
      </div>
      <div>
        <dt>{t("appealForm.reasons")}</dt>
        <dd>
          <WrittenText text={reasons} />
        </dd>
      </div>
      <div>
        <dt>{t("appealForm.wish")}</dt>
        <dd>{wish ? <WrittenText text={wish} /> : <Paragraph>{t("appealReview.noWish")}</Paragraph>}</dd>
      </div>
      {attachments ? (
        <div>
          <dt>{t("appealForm.attachmentsHeading")}</dt>
          <dd>
            {attachments.length > 0 ? (
              <ul className="ds-list">
                {attachments.map((d) => (
                  <li key={d.id}>
                    <a href={`/min-side/dokumenter/${d.id}`}>
                      {d.filename} ({d.size})
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <Paragraph>{t("appealForm.attachmentsNone")}</Paragraph>
            )}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
