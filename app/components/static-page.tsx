import { Heading, Paragraph } from "~/components/ds";
import { RichText } from "./rich-text";

export function StaticPageView({
  page,
}: {
  page: { title: string; intro: string; updated: string; sections: { heading: string; body: string }[] };
}) {
  return (
    <article className="stack service-section">
      <Heading level={1} data-size="xl">
        {page.title}
      </Heading>
      <Paragraph className="lead">{page.intro}</Paragraph>
      {page.sections.map((section, i) => (
        <section key={i} aria-labelledby={`del-${i}`} className="stack-sm">
          <Heading level={2} data-size="md" id={`del-${i}`}>
            {section.heading}
          </Heading>
          <RichText text={section.body} />
        </section>
      ))}
      <Paragraph data-size="sm">{page.updated}</Paragraph>
    </article>
  );
}
