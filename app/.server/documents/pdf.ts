// Generated PDF documents (the copy of a sent application, decision letters …): A4 pages with the
// municipality's name at the top, headings, wrapped paragraphs, label/value pairs and page numbers
// ("Side 1 av 3") at the bottom. Text is set in Helvetica (pdf-lib's standard fonts, WinAnsi
// encoding), which covers Norwegian letters (æ ø å) and the rest of Western European text; a
// character outside that set (emoji, other scripts) is printed as "?" rather than failing the
// whole document. Nothing is fetched or embedded from outside, so generating a PDF never fails
// for want of a file.

import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";

/** A4 in PDF points (1/72 inch). */
export const a4 = { width: 595.28, height: 841.89 } as const;
const margin = { top: 64, bottom: 64, left: 64, right: 64 };
const textColour = rgb(0.1, 0.1, 0.1);
const mutedColour = rgb(0.35, 0.35, 0.35);

export type PdfMeta = {
  /** The document's title (PDF metadata and the first heading is the caller's choice). */
  title: string;
  /** Printed at the top of every page, e.g. the municipality's name. */
  header: string;
  /** The language of the text ("nb", "nn", "en"), for the PDF's metadata. */
  language: string;
  /** Printed before the page number, e.g. "Side"; with `of`: "Side 1 av 3". */
  pageLabel?: { page: string; of: string };
  /** The PDF's creation date (defaults to now). */
  createdAt?: Date;
};

type Style = { font: PDFFont; size: number; colour: ReturnType<typeof rgb>; lineHeight: number };

/**
 * Writes a document top to bottom, adding pages as it goes. Call `finish()` once for the bytes.
 */
export class PdfWriter {
  private page!: PDFPage;
  private y = 0;
  private readonly supported: Set<number>;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly meta: PdfMeta,
  ) {
    this.supported = new Set(regular.getCharacterSet());
    this.newPage();
  }

  static async create(meta: PdfMeta): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    const created = meta.createdAt ?? new Date();
    doc.setTitle(meta.title, { showInWindowTitleBar: true });
    doc.setAuthor(meta.header);
    doc.setCreator(meta.header);
    doc.setProducer("pdf-lib");
    doc.setLanguage(meta.language);
    doc.setCreationDate(created);
    doc.setModificationDate(created);
    const regular = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    return new PdfWriter(doc, regular, bold, meta);
  }

  private get width() {
    return a4.width - margin.left - margin.right;
  }

  private newPage() {
    this.page = this.doc.addPage([a4.width, a4.height]);
    this.page.drawText(this.clean(this.meta.header), {
      x: margin.left,
      y: a4.height - margin.top + 28,
      size: 9,
      font: this.bold,
      color: mutedColour,
    });
    this.y = a4.height - margin.top;
  }

  /** The text with every character the font cannot print replaced by "?", and tabs as spaces. */
  clean(text: string): string {
    let out = "";
    for (const ch of text.normalize("NFC").replace(/\t/g, "    ")) {
      const code = ch.codePointAt(0)!;
      out += ch === "\n" || this.supported.has(code) ? ch : "?";
    }
    return out;
  }

  /** Splits text into lines no wider than `width`; words longer than a line are broken. */
  wrap(text: string, font: PDFFont, size: number, width = this.width): string[] {
    const lines: string[] = [];
    for (const paragraph of this.clean(text).replace(/\r\n?/g, "\n").split("\n")) {
      let line = "";
      for (const word of paragraph.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = "";
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width) {
          let n = rest.length - 1;
          while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
          lines.push(rest.slice(0, n));
          rest = rest.slice(n);
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }

  private ensureSpace(height: number) {
    if (this.y - height < margin.bottom) this.newPage();
  }

  private lines(text: string, style: Style, indent = 0) {
    for (const line of this.wrap(text, style.font, style.size, this.width - indent)) {
      this.ensureSpace(style.lineHeight);
      this.y -= style.lineHeight;
      if (line) this.page.drawText(line, { x: margin.left + indent, y: this.y + 3, size: style.size, font: style.font, color: style.colour });
    }
  }

  /** A heading: level 1 is the document's title, 2 a section, 3 a sub-section. */
  heading(text: string, level: 1 | 2 | 3 = 2) {
    const size = level === 1 ? 18 : level === 2 ? 14 : 11.5;
    const before = level === 1 ? 0 : level === 2 ? 14 : 8;
    // Keep a heading with at least two lines of what follows it.
    this.ensureSpace(before + size * 1.3 + 30);
    this.y -= before;
    this.lines(text, { font: this.bold, size, colour: textColour, lineHeight: size * 1.3 });
    this.y -= 4;
  }

  /** A paragraph of running text; line breaks in `text` are kept. */
  paragraph(text: string, options: { bold?: boolean; muted?: boolean; size?: number } = {}) {
    const size = options.size ?? 10.5;
    this.lines(text, {
      font: options.bold ? this.bold : this.regular,
      size,
      colour: options.muted ? mutedColour : textColour,
      lineHeight: size * 1.45,
    });
    this.y -= 6;
  }

  /** A label in bold with its value below it (an answer to a question, a fact). */
  field(label: string, value: string) {
    this.ensureSpace(40);
    this.lines(label, { font: this.bold, size: 10.5, colour: textColour, lineHeight: 15 });
    this.lines(value, { font: this.regular, size: 10.5, colour: textColour, lineHeight: 15.2 });
    this.y -= 8;
  }

  /** A bulleted list. */
  list(items: string[]) {
    for (const item of items) {
      this.ensureSpace(15);
      this.page.drawText("•", { x: margin.left + 4, y: this.y - 15 + 3, size: 10.5, font: this.regular, color: textColour });
      this.lines(item, { font: this.regular, size: 10.5, colour: textColour, lineHeight: 15.2 }, 16);
    }
    this.y -= 6;
  }

  /** Vertical space in points. */
  space(points = 10) {
    this.y -= points;
  }

  /** The finished document with page numbers. */
  async finish(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    if (this.meta.pageLabel) {
      const { page, of } = this.meta.pageLabel;
      pages.forEach((p, i) => {
        const label = this.clean(`${page} ${i + 1} ${of} ${pages.length}`);
        const w = this.regular.widthOfTextAtSize(label, 9);
        p.drawText(label, { x: a4.width - margin.right - w, y: margin.bottom - 32, size: 9, font: this.regular, color: mutedColour });
      });
    }
    return this.doc.save({ useObjectStreams: false });
  }
}
