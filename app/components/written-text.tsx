import { Fragment } from "react";
import { Paragraph } from "./ds";

/** Text as a resident wrote it: paragraphs at blank lines, single line breaks kept. */
export function WrittenText({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <Paragraph key={i}>
            {p.split("\n").map((line, j) => (
              <Fragment key={j}>
                {j > 0 ? <br /> : null}
                {line}
              </Fragment>
            ))}
          </Paragraph>
        ))}
    </>
  );
}
