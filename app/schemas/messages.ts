// The message forms: a new message (subject, text, optional application and unit) and a reply.
// Errors are keys in locales/*/messages.json (form.errors).

export const subjectMax = 120;
export const bodyMax = 5000;
/** A message may carry at most this many attachments. */
export const maxAttachments = 5;

export type MessageField = "subject" | "body" | "application" | "unit" | "vedlegg";
export type MessageErrors = Partial<Record<MessageField, { key: string; values?: Record<string, string | number> }>>;

export type NewMessageValues = { subject: string; body: string; application: string; unit: string };

/** Line endings as one kind, spaces trimmed at both ends. */
const clean = (value: FormDataEntryValue | null) => (typeof value === "string" ? value.replace(/\r\n?/g, "\n").trim() : "");

export function newMessageValuesFromForm(form: FormData): NewMessageValues {
  return {
    subject: clean(form.get("subject")).replace(/\s+/g, " "),
    body: clean(form.get("body")),
    application: clean(form.get("application")),
    unit: clean(form.get("unit")),
  };
}

export function bodyFromForm(form: FormData): string {
  return clean(form.get("body"));
}

export function checkBody(body: string, errors: MessageErrors) {
  if (!body) errors.body = { key: "form.errors.bodyRequired" };
  else if (body.length > bodyMax) errors.body = { key: "form.errors.bodyTooLong", values: { max: bodyMax, count: body.length } };
}

export function checkNewMessage(values: NewMessageValues): MessageErrors {
  const errors: MessageErrors = {};
  if (!values.subject) errors.subject = { key: "form.errors.subjectRequired" };
  else if (values.subject.length > subjectMax) errors.subject = { key: "form.errors.subjectTooLong", values: { max: subjectMax } };
  checkBody(values.body, errors);
  return errors;
}

/** What was wrong with the attachments, as one error on the file field. */
export function attachmentError(
  files: { filename: string; problem?: "too_large" | "wrong_type" | "empty" | "too_many" }[],
): MessageErrors["vedlegg"] | undefined {
  const bad = files.find((f) => f.problem);
  if (!bad) return undefined;
  return { key: `form.errors.file_${bad.problem}`, values: { name: bad.filename, max: maxAttachments } };
}
