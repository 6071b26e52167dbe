import { inflateSync } from "node:zlib";
import { PDFDocument } from "pdf-lib";

/**
 * Loads a PDF with pdf-lib (so a broken file fails the test) and returns its page count and the
 * text drawn on its pages, as far as pdf-lib writes it: the standard fonts put each line as a hex
 * string (`<48656A> Tj`) in WinAnsi encoding, inside Flate-compressed content streams. Lines are
 * joined with "\n", so a sentence that wraps is split where the line ends.
 */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: number; text: string; title?: string }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const raw = Buffer.from(bytes).toString("latin1");
  const lines: string[] = [];
  const streamPattern = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (const m of raw.matchAll(streamPattern)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1], "latin1")).toString("latin1");
    } catch {
      content = m[1];
    }
    for (const t of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) lines.push(Buffer.from(t[1], "hex").toString("latin1"));
  }
  return { pages: doc.getPageCount(), text: lines.join("\n"), title: doc.getTitle() };
}

/** The text with line breaks as spaces, to look for a sentence that may wrap. */
export const flat = (text: string) => text.replace(/\s+/g, " ");
