import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { assertCsrf } from "~/.server/auth/session";
import { getFixedT } from "~/.server/i18n";
import {
  getEditorContext,
  getServiceForEditing,
  isServiceSlug,
  previewServiceEdit,
  publishServiceEdit,
  type CurrentText,
} from "~/.server/services/editor";
import { resources } from "~/i18n/resources.server";
import { CsrfInput } from "~/components/auth";
import { Button, Field, Heading, Input, Label, Paragraph, ValidationMessage } from "~/components/ds";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ServiceView, serviceViewProps } from "~/components/service-view";
import { supportedLanguages, type Language } from "~/i18n/config";
import {
  fieldId,
  fieldName,
  parseEditorForm,
  sectionKeys,
  textFields,
  valuesFromText,
  type BaseVersions,
  type EditorValues,
  type FieldErrors,
  type TextField,
} from "~/schemas/editor";
import { formatDateTime } from "~/utils/dates";
import { pageMeta } from "~/utils/meta";
import { FieldLink } from "~/components/field-link";
import { useFocusWhen } from "~/utils/focus";

/** Long Norwegian compounds in headings must wrap on narrow screens and at 400 % zoom. */
const longWords = { overflowWrap: "anywhere" } as const;

const notFound = () => new Response(null, { status: 404, statusText: "Not Found" });

const perLocale = <T,>(make: (locale: Language) => T) =>
  Object.fromEntries(supportedLanguages.map((l) => [l, make(l)])) as Record<Language, T>;

/** Who published, as the editor reads it: the employee's name, or "initial data" for the seed. */
function publisherName(version: { publishedBy: string; publishedByEmployeeId: string | null }, locale: Language) {
  return version.publishedByEmployeeId ? version.publishedBy : getFixedT(locale, "employee")("publishedBySeed");
}

function versionSummary(text: CurrentText | null, locale: Language) {
  return text ? { version: text.version, when: formatDateTime(text.publishedAt, locale), by: publisherName(text, locale) } : null;
}

/** "?publisert=nb-2,nn-3" after a publish; only versions that exist are reported. */
function readPublished(param: string | null, current: Record<Language, CurrentText | null>) {
  if (!param || param.length > 40) return [];
  return param.split(",").flatMap((part) => {
    const m = /^(nb|nn|en)-(\d{1,6})$/.exec(part);
    if (!m) return [];
    const locale = m[1] as Language;
    const version = Number(m[2]);
    return version >= 1 && version <= (current[locale]?.version ?? 0) ? [{ locale, version }] : [];
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, actor, db, municipality, locale } = await getEditorContext(request);
  if (!isServiceSlug(params.slug)) throw notFound();
  const service = await getServiceForEditing(db, actor, municipality.id, params.slug);
  if (!service) throw notFound();
  const serviceTitle = service.current.nb?.title ?? service.slug;
  return {
    title: `${getFixedT(locale, "employee")("edit.title", { service: serviceTitle })} – ${municipality.name}`,
    serviceTitle,
    slug: service.slug,
    csrfToken: session.csrfToken,
    values: perLocale((l) => valuesFromText(service.current[l])) as EditorValues,
    versions: perLocale((l) => service.current[l]?.version ?? 0) as BaseVersions,
    current: perLocale((l) => versionSummary(service.current[l], locale)),
    published: readPublished(new URL(request.url).searchParams.get("publisert"), service.current),
  };
}

type PreviewItem = ReturnType<typeof serviceViewProps> & { changed: boolean; catalogTexts?: Record<string, unknown> };
type ConflictItem = { locale: Language; version: number; when: string; by: string; editedByYou: boolean };
type ActionResult = {
  kind: "invalid" | "preview" | "unchanged" | "conflict";
  values: EditorValues;
  versions: BaseVersions;
  errors: FieldErrors;
  preview: PreviewItem[] | null;
  conflicts: ConflictItem[];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, actor, db, municipality, locale } = await getEditorContext(request);
  const formData = await request.formData();
  assertCsrf(formData, session);
  if (!isServiceSlug(params.slug)) throw notFound();
  const slug = params.slug;
  const form = parseEditorForm(formData);
  if (!form.ok && form.badRequest) throw new Response(null, { status: 400, statusText: "Bad Request" });
  if (!form.ok) {
    const result: ActionResult = { kind: "invalid", values: form.values, versions: form.versions, errors: form.errors, preview: null, conflicts: [] };
    return data(result, { status: 400 });
  }
  const base = { values: form.values, versions: form.versions, errors: {}, preview: null, conflicts: [] };

  if (form.intent === "preview") {
    const preview = await previewServiceEdit(db, actor, municipality.id, slug, form.texts);
    if (!preview) throw notFound();
    const items: PreviewItem[] = preview.locales.map((p) => ({
      changed: p.changed,
      ...serviceViewProps(municipality, p.locale, preview, { ...form.texts[p.locale], ...p }),
      // The browser has the catalogue texts of the page's language only.
      catalogTexts: p.locale === locale ? undefined : resources[p.locale].catalog,
    }));
    return data({ ...base, kind: "preview", preview: items } satisfies ActionResult);
  }

  const result = await publishServiceEdit(db, actor, municipality.id, slug, { texts: form.texts, baseVersions: form.versions });
  switch (result.status) {
    case "not-found":
      throw notFound();
    case "published": {
      const published = result.published.map((p) => `${p.locale}-${p.version}`).join(",");
      return redirect(`/saksbehandler/tjenester/${slug}?publisert=${published}`, 303);
    }
    case "unchanged":
      return data({ ...base, kind: "unchanged" } satisfies ActionResult);
    case "conflict": {
      // Keep everything the editor wrote. A language they had not touched takes the newer text,
      // so publishing again cannot undo someone else's work there; a language they did change
      // keeps their text and is now based on the newer version, so a second "Publiser" is a choice.
      const values = { ...form.values };
      const versions = { ...form.versions };
      for (const c of result.conflicts) {
        versions[c.locale] = c.current?.version ?? 0;
        if (!c.editedByYou) values[c.locale] = valuesFromText(c.current);
      }
      const conflicts = result.conflicts.map((c) => ({
        locale: c.locale,
        version: c.current?.version ?? 0,
        when: c.current ? formatDateTime(c.current.publishedAt, locale) : "",
        by: c.current ? publisherName(c.current, locale) : "",
        editedByYou: c.editedByYou,
      }));
      return data({ ...base, kind: "conflict", values, versions, conflicts } satisfies ActionResult, { status: 409 });
    }
  }
}

export const meta: MetaFunction<typeof loader> = (args) => pageMeta(args, args.data?.title);

const summaryFieldHelp: Partial<Record<TextField, string>> = { summary: "edit.fields.summaryHelp", keywords: "edit.fields.keywordsHelp" };

export default function EditService() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("employee");
  const { t: tc } = useTranslation("catalog");
  const ui = i18n.language;
  const values = result?.values ?? loaded.values;
  const versions = result?.versions ?? loaded.versions;
  const errors: FieldErrors = result?.errors ?? {};
  const errorEntries = Object.entries(errors);
  const busy = navigation.state !== "idle";

  // After a submission with JavaScript, move focus to what the answer says (without JavaScript
  // the new page starts at the top, where the message is).
  const messageRef = useRef<HTMLDivElement>(null);
  useFocusWhen(messageRef, Boolean(result), [result]);

  const label = (field: TextField) => (sectionKeys.includes(field as never) ? tc(`sections.${field}`) : t(`edit.fields.${field}`));

  return (
    <div className="stack">
      <div className="stack-sm">
        <Paragraph data-size="sm">
          <Link to="/saksbehandler/tjenester">{t("edit.backToList")}</Link>
        </Paragraph>
        <Heading level={1} data-size="xl" style={longWords}>
          {t("edit.title", { service: loaded.serviceTitle })}
        </Heading>
        <Paragraph>{t("edit.intro")}</Paragraph>
        <ul className="plain-list">
          <li>
            <Link to={`/saksbehandler/tjenester/${loaded.slug}/historikk`}>{t("edit.historyLink")}</Link>
          </li>
          <li>
            <Link to={`/tjenester/${loaded.slug}`}>{t("edit.publicLink")}</Link>
          </li>
        </ul>
      </div>

      {loaded.published.length > 0 && !result ? (
        <div className="ds-alert" data-color="success" role="status">
          {loaded.published.map((p) => (
            <Paragraph key={p.locale}>
              <strong>{t("edit.published", { version: p.version, language: t(`languagesInline.${p.locale}`) })}</strong>
            </Paragraph>
          ))}
          <Paragraph>{t("edit.publishedBody")}</Paragraph>
        </div>
      ) : null}

      <div ref={messageRef} tabIndex={-1} className="stack">
        {result?.kind === "unchanged" ? (
          <div className="ds-alert" data-color="info" role="status">
            <Paragraph>{t("edit.unchanged")}</Paragraph>
          </div>
        ) : null}

        {result?.kind === "conflict" ? (
          <div className="ds-alert stack-sm" data-color="warning" role="alert">
            <Heading level={2} data-size="xs">
              {t("edit.conflict.heading")}
            </Heading>
            <Paragraph>{t("edit.conflict.body")}</Paragraph>
            <ul className="ds-list">
              {result.conflicts.map((c) => (
                <li key={c.locale}>
                  {t("edit.conflict.item", { name: c.by, version: c.version, language: t(`languagesInline.${c.locale}`), date: c.when })}{" "}
                  {c.editedByYou
                    ? t("edit.conflict.edited", { language: t(`languagesInline.${c.locale}`), version: c.version })
                    : t("edit.conflict.adopted", { language: t(`languagesInline.${c.locale}`), version: c.version })}{" "}
                  {c.version > 0 ? (
                    <Link to={`/saksbehandler/tjenester/${loaded.slug}/historikk/${c.locale}/${c.version}`} target="_blank" rel="noreferrer">
                      {t("edit.conflict.readVersion", { version: c.version, language: t(`languagesInline.${c.locale}`) })}
                    </Link>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        {errorEntries.length > 0 ? (
          <div className="ds-error-summary" role="alert">
            <Heading level={2} data-size="xs">
              {t("edit.errorSummary")}
            </Heading>
            <ul className="ds-list">
              {errorEntries.map(([id, e]) => {
                const [locale, field] = id.split("-") as [Language, TextField];
                return (
                  <li key={id}>
                    <FieldLink field={id}>
                      {t("edit.errorSummaryItem", {
                        language: t(`languages.${locale}`),
                        field: label(field),
                        message: t(e.message, { max: e.max }),
                      })}
                    </FieldLink>
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}

        {result?.kind === "preview" && result.preview ? (
          <section aria-label={t("edit.previewHeading")} className="stack-sm">
            <div className="ds-alert" data-color="info">
              <Paragraph>
                <strong>{t("edit.previewHeading")}:</strong> {t("edit.previewIntro")}
              </Paragraph>
              {result.preview.every((p) => !p.changed) ? <Paragraph>{t("edit.previewNothingChanged")}</Paragraph> : null}
            </div>
            {result.preview.map((p) => (
              <details key={p.locale} className="ds-details" open={p.changed || result.preview!.every((x) => !x.changed)}>
                <summary>
                  {p.changed
                    ? t("edit.previewChanged", { language: t(`languages.${p.locale}`), version: p.service.version })
                    : t("edit.previewUnchanged", { language: t(`languages.${p.locale}`) })}
                </summary>
                <div lang={p.locale} style={{ padding: "var(--ds-size-4)", border: "1px solid var(--ds-color-neutral-border-subtle)" }}>
                  <ServiceView
                    service={p.service}
                    levels={p.levels}
                    locale={p.locale}
                    contact={p.contact}
                    catalogTexts={p.catalogTexts}
                    headingLevel={2}
                    idPrefix={`forhandsvisning-${p.locale}-`}
                  />
                </div>
              </details>
            ))}
          </section>
        ) : null}
      </div>

      <Form method="post" className="stack" noValidate>
        <CsrfInput token={loaded.csrfToken} />
        {supportedLanguages.map((l) => (
          <input key={l} type="hidden" name={fieldName(l, "version")} value={versions[l]} />
        ))}
        <Paragraph id="format-hjelp">{t("edit.formatHelp")}</Paragraph>
        <div key={supportedLanguages.map((l) => versions[l]).join("-")} className="stack">
          {supportedLanguages.map((l) => {
            const current = loaded.current[l];
            return (
              <fieldset key={l} lang={l} className="ds-fieldset stack-sm">
                <legend lang={ui}>
                  <Heading level={2} data-size="md">
                    {t(`languages.${l}`)}
                  </Heading>
                </legend>
                <Paragraph data-size="sm" lang={ui}>
                  {current
                    ? t("edit.currentVersion", { version: current.version, date: current.when, name: current.by })
                    : t("edit.notPublished")}
                </Paragraph>
                {textFields.map((field) => {
                  const id = fieldId(l, field);
                  const error = errors[id];
                  const help = summaryFieldHelp[field];
                  const describedBy = [help ? `${id}-hjelp` : "", error ? `${id}-feil` : ""].filter(Boolean).join(" ") || undefined;
                  const common = {
                    id,
                    name: fieldName(l, field),
                    defaultValue: values[l][field],
                    "aria-invalid": error ? true : undefined,
                    "aria-describedby": describedBy,
                  };
                  return (
                    <Field key={field}>
                      <Label htmlFor={id} lang={ui}>
                        {label(field)}
                      </Label>
                      {help ? (
                        <Paragraph data-size="sm" id={`${id}-hjelp`} lang={ui}>
                          {t(help)}
                        </Paragraph>
                      ) : null}
                      {field === "title" || field === "keywords" ? (
                        <Input type="text" autoComplete="off" {...common} />
                      ) : (
                        <textarea className="ds-input" rows={field === "summary" ? 3 : 8} {...common} />
                      )}
                      {error ? (
                        <ValidationMessage id={`${id}-feil`} lang={ui}>
                          {t(error.message, { max: error.max })}
                        </ValidationMessage>
                      ) : null}
                    </Field>
                  );
                })}
              </fieldset>
            );
          })}
        </div>
        <div style={{ display: "flex", flexWrap: "wrap", gap: "var(--ds-size-3)" }}>
          <Button type="submit" name="intent" value="preview" variant="secondary" aria-disabled={busy || undefined}>
            {t("edit.previewButton")}
          </Button>
          <Button type="submit" name="intent" value="publish" aria-disabled={busy || undefined}>
            {t("edit.publishButton")}
          </Button>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
