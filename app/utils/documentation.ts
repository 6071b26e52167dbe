// Shared by the resident's application page (browser and server) and
// app/.server/applications/documentation.ts: the documentation form's fields and its errors.

/** The form's file field and the longest comment. */
export const documentationFileField = "filer";
export const documentationCommentMax = 2000;

export type DocumentationError =
  | { field: "files"; key: "noFiles" }
  | { field: "files"; key: "too_large" | "wrong_type" | "empty" | "too_many"; file: string }
  | { field: "comment"; key: "comment" };
