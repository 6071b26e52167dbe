import { Fragment } from "react";
import { Paragraph } from "~/components/ds";

/**
 * Renders the plain-text format of service descriptions and page texts: paragraphs separated by
 * a blank line, and lists as lines starting with "- ". Nothing is interpreted as HTML.
 */
export function RichText({ text }: { text: string }) {
  const blocks = text.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  return (
    <>
      {blocks.map((block, i) => {
        const intro: string[] = [];
        const items: string[] = [];
        for (const line of block.split("\n").map((l) => l.trim()).filter(Boolean)) {
          if (line.startsWith("- ")) items.push(line.slice(2));
          else if (items.length > 0) items[items.length - 1] += ` ${line}`;
          else intro.push(line);
        }
        return (
          <Fragment key={i}>
            {intro.length > 0 ? <Paragraph>{intro.join(" ")}</Paragraph> : null}
            {items.length > 0 ? (
              <ul className="ds-list">
                {items.map((item, j) => (
                  <li key={j}>{item}</li>
                ))}
              </ul>
            ) : null}
          </Fragment>
        );
      })}
    </>
  );
}
