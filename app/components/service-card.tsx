import { Link } from "@remix-run/react";
import { Card, Heading, Paragraph } from "~/components/ds";

export function ServiceCard({
  slug,
  title,
  summary,
  headingLevel = 3,
}: {
  slug: string;
  title: string;
  summary: string;
  headingLevel?: 2 | 3 | 4;
}) {
  return (
    <Card data-color="neutral">
      <Heading level={headingLevel} data-size="xs">
        <Link to={`/tjenester/${slug}`}>{title}</Link>
      </Heading>
      <Paragraph data-size="sm">{summary}</Paragraph>
    </Card>
  );
}

export function ServiceCardList({
  services,
  headingLevel,
}: {
  services: { slug: string; title: string; summary: string }[];
  headingLevel?: 2 | 3 | 4;
}) {
  return (
    <ul className="card-grid">
      {services.map((s) => (
        <li key={s.slug}>
          <ServiceCard {...s} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}
