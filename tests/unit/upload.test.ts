import { describe, expect, it } from "vitest";
import { readUploadForm, safeFilename, sniffMime } from "~/.server/documents/upload";

const bytes = (...b: number[]) => new Uint8Array(b);

describe("file type from content", () => {
  it("knows PDF, JPEG and PNG by their first bytes", () => {
    expect(sniffMime(new Uint8Array(Buffer.from("%PDF-1.7\n", "latin1")))).toBe("application/pdf");
    expect(sniffMime(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe("image/jpeg");
    expect(sniffMime(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("image/png");
  });
  it("refuses anything else, whatever it is called", () => {
    expect(sniffMime(new Uint8Array(Buffer.from("<html><script>alert(1)</script>", "latin1")))).toBeNull();
    expect(sniffMime(new Uint8Array(Buffer.from("MZ\x90\x00", "latin1")))).toBeNull();
    expect(sniffMime(bytes())).toBeNull();
  });
});

describe("file names", () => {
  it("keeps Norwegian letters, drops paths and control characters", () => {
    expect(safeFilename("C:\\Users\\x\\Legeerklæring for Åse.pdf", "application/pdf")).toBe("Legeerklæring for Åse.pdf");
    expect(safeFilename("../../etc/passwd")).toBe("passwd");
    expect(safeFilename('a"b<c>\u0000.png', "image/png")).toBe("abc.png");
  });
  it("gives the extension of the real type", () => {
    expect(safeFilename("bilde.pdf", "image/png")).toBe("bilde.png");
    expect(safeFilename("skann", "application/pdf")).toBe("skann.pdf");
    expect(safeFilename("foto.jpeg", "image/jpeg")).toBe("foto.jpeg");
    expect(safeFilename("", "image/jpeg")).toBe("vedlegg.jpg");
  });
});

describe("reading a form with files", () => {
  function multipart(parts: { name: string; filename?: string; body: Uint8Array | string }[]) {
    const form = new FormData();
    for (const p of parts) {
      if (p.filename !== undefined) form.append(p.name, new Blob([p.body as BlobPart]), p.filename);
      else form.append(p.name, p.body as string);
    }
    return new Request("http://localhost/x", { method: "POST", body: form });
  }

  it("keeps the text, accepts a good file and explains a bad one", async () => {
    const request = multipart([
      { name: "melding", body: "Hei, her er legeerklæringen." },
      { name: "vedlegg", filename: "erklæring.pdf", body: new Uint8Array(Buffer.from("%PDF-1.4\n", "latin1")) },
      { name: "vedlegg", filename: "virus.pdf", body: "MZ not a pdf" },
      { name: "vedlegg", filename: "tom.png", body: new Uint8Array() },
    ]);
    const { form, files } = await readUploadForm(request, { fileFields: ["vedlegg"] });
    expect(form.get("melding")).toBe("Hei, her er legeerklæringen.");
    expect(files.map((f) => [f.filename, f.accepted?.mime, f.problem])).toEqual([
      ["erklæring.pdf", "application/pdf", undefined],
      ["virus.pdf", undefined, "wrong_type"],
      ["tom.png", undefined, "empty"],
    ]);
  });

  it("marks a file over the limit without losing the rest", async () => {
    const big = new Uint8Array(2048).fill(0x41);
    big.set(Buffer.from("%PDF-", "latin1"));
    const { form, files } = await readUploadForm(
      multipart([
        { name: "vedlegg", filename: "stor.pdf", body: big },
        { name: "emne", body: "Søknad" },
      ]),
      { fileFields: ["vedlegg"], maxBytes: 1024 },
    );
    expect(form.get("emne")).toBe("Søknad");
    expect(files[0]).toMatchObject({ filename: "stor.pdf", problem: "too_large", size: 2048 });
  });

  it("reads a plain form (no files) the same way", async () => {
    const request = new Request("http://localhost/x", { method: "POST", body: new URLSearchParams({ a: "1" }) });
    const { form, files } = await readUploadForm(request, { fileFields: ["vedlegg"] });
    expect(form.get("a")).toBe("1");
    expect(files).toEqual([]);
  });
});
