// Reading a message form (text fields and attachments) the same way for residents and
// caseworkers: files are checked by content (PDF, JPEG, PNG) and size; a refused file comes back
// as an error on the file field, with everything written kept.

import { readUploadForm, type UploadedFile } from "../documents/upload";
import { attachmentError, maxAttachments, type MessageErrors } from "~/schemas/messages";
import { isUuid } from "../applications/queries";
import type { NewFile } from "./resident";

export const attachmentField = "vedlegg";

export async function readMessageForm(request: Request) {
  return readUploadForm(request, { fileFields: [attachmentField], maxFiles: maxAttachments });
}

/** The accepted files, or the error to show on the file field. */
export function checkFiles(files: UploadedFile[], errors: MessageErrors): NewFile[] {
  const problem = attachmentError(files);
  if (problem) errors.vedlegg = problem;
  return files.flatMap((f) => (f.accepted ? [{ filename: f.filename, bytes: f.accepted.bytes, mime: f.accepted.mime }] : []));
}

/** The form's hidden idempotency key, or a fresh one when it is missing or malformed. */
export function clientKeyOf(form: FormData): string {
  const key = form.get("clientKey");
  return isUuid(key) ? key : crypto.randomUUID();
}
