// Reading a form with file uploads (multipart/form-data), the same way for every form that takes
// attachments: the application form, documentation answers, appeals, messages.
//
// A file is never refused by throwing: an oversized, empty or wrong-type file comes back as an
// `UploadedFile` with a `problem`, so the form can be shown again with everything the person
// wrote still in it and a clear error on the file field. The type is found from the content
// (magic bytes), never from the file name or the browser's Content-Type.

import {
  unstable_parseMultipartFormData as parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";

export const allowedMimeTypes = ["application/pdf", "image/jpeg", "image/png"] as const;
export type AllowedMime = (typeof allowedMimeTypes)[number];

/** One file may be at most 10 MB; a form may carry at most 10 files. */
export const maxFileBytes = 10 * 1024 * 1024;
export const maxFilesPerForm = 10;
/** A request larger than this is refused outright (413) before it is read. */
export const maxRequestBytes = maxFilesPerForm * maxFileBytes + 1024 * 1024;
/** Text fields in a multipart form are limited like any form field. */
const maxTextFieldBytes = 100 * 1024;

export type UploadProblem = "too_large" | "wrong_type" | "empty" | "too_many";

export type UploadedFile = {
  /** The form field it came in (e.g. "vedlegg"). */
  field: string;
  /** The name the person's computer gave it, cleaned for showing and for Content-Disposition. */
  filename: string;
  size: number;
  /** Present when the file is acceptable. */
  accepted?: { bytes: Uint8Array; mime: AllowedMime };
  problem?: UploadProblem;
};

/** The type of a file from its first bytes, or null when it is none of the allowed types. */
export function sniffMime(bytes: Uint8Array): AllowedMime | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  // "%PDF-"; a PDF may have a few bytes of junk before the header (the spec allows 1024).
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (head.indexOf("%PDF-") !== -1 && head.indexOf("%PDF-") < 1024 - 5) return "application/pdf";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  return null;
}

/** The file extension that belongs to a type, for names that lack or misstate it. */
export function extensionFor(mime: AllowedMime) {
  return mime === "application/pdf" ? "pdf" : mime === "image/jpeg" ? "jpg" : "png";
}

/** The extensions a file of each type may already have. */
const extensionsOf: Record<AllowedMime, RegExp> = {
  "application/pdf": /\.pdf$/i,
  "image/jpeg": /\.jpe?g$/i,
  "image/png": /\.png$/i,
};

/**
 * A file name safe to show and to send back in Content-Disposition: the last path segment,
 * no control or path characters, at most 120 characters, with the extension of its real type.
 */
export function safeFilename(name: string | undefined, mime?: AllowedMime): string {
  let base = (name ?? "").split(/[\\/]/).pop() ?? "";
  base = base.normalize("NFC").replace(/[\u0000-\u001f\u007f"<>:|?*]/g, "").replace(/\s+/g, " ").trim();
  if (!base || base === "." || base === "..") base = "vedlegg";
  if (mime && !extensionsOf[mime].test(base)) {
    const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, "");
    base = `${stem || "vedlegg"}.${extensionFor(mime)}`;
  }
  if (base.length > 120) {
    const ext = base.match(/\.[A-Za-z0-9]{1,5}$/)?.[0] ?? "";
    base = base.slice(0, 120 - ext.length) + ext;
  }
  return base;
}

export class RequestTooLarge extends Response {
  constructor() {
    super("Forespørselen var for stor.", { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/** Is this request a multipart form (a form with a file field and enctype="multipart/form-data")? */
export function isMultipart(request: Request) {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/**
 * Reads a form that may carry files. Text fields land in `form`; files (in any field named in
 * `fileFields`) land in `files`, each accepted or with the reason it was not. A file field left
 * empty (no file chosen) is skipped. Works for url-encoded forms too (then `files` is empty), so
 * one action can serve the form with and without attachments.
 */
export async function readUploadForm(
  request: Request,
  options: { fileFields: readonly string[]; maxFiles?: number; maxBytes?: number },
): Promise<{ form: FormData; files: UploadedFile[] }> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > maxRequestBytes) throw new RequestTooLarge();
  if (!isMultipart(request)) return { form: await request.formData(), files: [] };

  const maxFiles = options.maxFiles ?? maxFilesPerForm;
  const maxBytes = options.maxBytes ?? maxFileBytes;
  const files: UploadedFile[] = [];
  let total = 0;

  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined || !options.fileFields.includes(name)) {
      // A text field (or a file in a field we do not take, read as nothing).
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > maxTextFieldBytes) continue;
        chunks.push(chunk);
      }
      if (filename !== undefined) return undefined;
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (size <= maxBytes) chunks.push(chunk);
    }
    if (total > maxRequestBytes) throw new RequestTooLarge();
    // A file input left empty arrives as a part with an empty name and no bytes.
    if (!filename && size === 0) return undefined;
    const file: UploadedFile = { field: name, filename: safeFilename(filename), size };
    if (files.filter((f) => f.accepted).length >= maxFiles) file.problem = "too_many";
    else if (size === 0) file.problem = "empty";
    else if (size > maxBytes) file.problem = "too_large";
    else {
      const bytes = new Uint8Array(Buffer.concat(chunks));
      const mime = sniffMime(bytes);
      if (!mime) file.problem = "wrong_type";
      else file.accepted = { bytes, mime };
      file.filename = safeFilename(filename, mime ?? undefined);
    }
    files.push(file);
    return undefined;
  };

  const form = await parseMultipartFormData(request, handler);
  return { form, files };
}
