import type { ComponentPropsWithoutRef } from "react";

// Designsystemet's markup (the ds-* classes its CSS styles), without its React package. That
// package ships about 90 KB of gzipped JavaScript (Floating UI, web components) for behaviour
// these server-rendered pages do not use. See docs/decisions/0003-designsystemet-css-only.md.

const cx = (...names: (string | undefined | false)[]) => names.filter(Boolean).join(" ");

type Size = "2xs" | "xs" | "sm" | "md" | "lg" | "xl" | "2xl";

export function Heading({
  level = 2,
  className,
  ...rest
}: ComponentPropsWithoutRef<"h2"> & { level?: 1 | 2 | 3 | 4 | 5 | 6; "data-size"?: Size }) {
  const Tag = `h${level}` as const;
  return <Tag className={cx("ds-heading", className)} {...rest} />;
}

export function Paragraph({ className, ...rest }: ComponentPropsWithoutRef<"p"> & { "data-size"?: Size }) {
  return <p className={cx("ds-paragraph", className)} {...rest} />;
}

export function Card({ className, ...rest }: ComponentPropsWithoutRef<"div"> & { "data-color"?: string }) {
  return <div className={cx("ds-card", className)} {...rest} />;
}

export function Tag({ className, ...rest }: ComponentPropsWithoutRef<"span"> & { "data-color"?: string }) {
  return <span className={cx("ds-tag", className)} {...rest} />;
}

export function SkipLink({ className, ...rest }: ComponentPropsWithoutRef<"a">) {
  return <a className={cx("ds-skip-link", className)} {...rest} />;
}

export function Field({ className, ...rest }: ComponentPropsWithoutRef<"div">) {
  return <div className={cx("ds-field", className)} {...rest} />;
}

export function Label({ className, ...rest }: ComponentPropsWithoutRef<"label">) {
  return <label className={cx("ds-label", className)} {...rest} />;
}

export function Input({ className, ...rest }: ComponentPropsWithoutRef<"input">) {
  return <input className={cx("ds-input", className)} {...rest} />;
}

export function Select({ className, ...rest }: ComponentPropsWithoutRef<"select">) {
  return <select className={cx("ds-input", className)} {...rest} />;
}

export function ValidationMessage({ className, ...rest }: ComponentPropsWithoutRef<"p">) {
  return <p className={cx("ds-validation-message", className)} data-field="validation" {...rest} />;
}

export function Button({
  className,
  variant = "primary",
  type = "button",
  ...rest
}: ComponentPropsWithoutRef<"button"> & { variant?: "primary" | "secondary" | "tertiary" }) {
  return <button className={cx("ds-button", className)} data-variant={variant} type={type} {...rest} />;
}
