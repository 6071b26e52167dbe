import { Paragraph } from "./ds";

/**
 * The files sent with one message in a conversation, each a link to open it. `href` is the
 * reader's own document route (the resident's or the caseworker's, which writes the audit entry).
 */
export function MessageAttachments({
  heading,
  attachments,
  href,
}: {
  heading: string;
  attachments: { id: string; filename: string }[];
  href: (id: string) => string;
}) {
  if (attachments.length === 0) return null;
  return (
    <div>
      <Paragraph data-size="sm">
        <strong>{heading}</strong>
      </Paragraph>
      <ul className="ds-list attachment-list">
        {attachments.map((d) => (
          <li key={d.id}>
            <a href={href(d.id)}>{d.filename}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
