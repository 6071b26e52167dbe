import { createElement, type ComponentPropsWithoutRef } from "react";

// Designsystemet's markup (the ds-* classes its CSS styles), without its React package. That
// package ships about 90 KB of gzipped JavaScript (Floating UI, web components) for behaviour
// these server-rendered pages do not use. See docs/decisions/0003-designsystemet-css-only.md.

type Size = "2xs" | "xs" | "sm" | "md" | "lg" | "xl" | "2xl";

/**
 * `<tag>` with `baseClass` (if any) before the props' className, then `set`, then the other props
 * less those in `omit` (the order React writes the attributes in). The props are copied in a loop on
 * purpose: V8 builds `{ className, ...rest }` and `<tag {...rest} />` by a slow path, about
 * 1.5 µs each (measured on the server), and these elements are rendered a hundred times and more
 * per list page (ADR 0020).
 */
export function hostElement(
  tag: string,
  props: object,
  baseClass?: string,
  omit?: readonly string[],
  set?: Record<string, unknown>,
) {
  const given = props as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (baseClass) out.className = given.className ? `${baseClass} ${given.className as string}` : baseClass;
  if (set) for (const name in set) out[name] = set[name];
  for (const name in given) if (!(name in out) && (!omit || !omit.includes(name))) out[name] = given[name];
  return createElement(tag, out);
}

const omitLevel = ["level"] as const;
const omitVariant = ["variant"] as const;

export function Heading(props: ComponentPropsWithoutRef<"h2"> & { level?: 1 | 2 | 3 | 4 | 5 | 6; "data-size"?: Size }) {
  return hostElement(`h${props.level ?? 2}`, props, "ds-heading", omitLevel);
}

export function Paragraph(props: ComponentPropsWithoutRef<"p"> & { "data-size"?: Size }) {
  return hostElement("p", props, "ds-paragraph");
}

export function Card(props: ComponentPropsWithoutRef<"div"> & { "data-color"?: string }) {
  return hostElement("div", props, "ds-card");
}

export function Tag(props: ComponentPropsWithoutRef<"span"> & { "data-color"?: string }) {
  return hostElement("span", props, "ds-tag");
}

export function SkipLink(props: ComponentPropsWithoutRef<"a">) {
  return hostElement("a", props, "ds-skip-link");
}

export function Field(props: ComponentPropsWithoutRef<"div">) {
  return hostElement("div", props, "ds-field");
}

export function Label(props: ComponentPropsWithoutRef<"label">) {
  return hostElement("label", props, "ds-label");
}

export function Input(props: ComponentPropsWithoutRef<"input">) {
  return hostElement("input", props, "ds-input");
}

export function Select(props: ComponentPropsWithoutRef<"select">) {
  return hostElement("select", props, "ds-input");
}

export function ValidationMessage(props: ComponentPropsWithoutRef<"p">) {
  return hostElement("p", props, "ds-validation-message", undefined, { "data-field": "validation" });
}

export function Button(props: ComponentPropsWithoutRef<"button"> & { variant?: "primary" | "secondary" | "tertiary" }) {
  return hostElement("button", props, "ds-button", omitVariant, { "data-variant": props.variant ?? "primary", type: props.type ?? "button" });
}
