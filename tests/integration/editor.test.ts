import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getService, searchServices } from "~/.server/services/catalog";
import {
  getServiceForEditing,
  getServiceVersion,
  listEditableServices,
  listServiceHistory,
  previewServiceEdit,
  publishServiceEdit,
  type EditorActor,
} from "~/.server/services/editor";
import { publishServiceText } from "~/.server/services/publish";
import { supportedLanguages, type Language } from "~/i18n/config";
import { parseEditorForm, type ServiceTexts } from "~/schemas/editor";
import { employees, municipalities, services, serviceVersions } from "../../db/schema";
import { demoMunicipality } from "../../db/seed/municipality";
import { createTestDatabase } from "../support/database";

// Editing service descriptions, on in-memory PGlite or on PostgreSQL when DATABASE_URL is set.
let test: Awaited<ReturnType<typeof createTestDatabase>>;
let editor: EditorActor;
let otherEditor: EditorActor;
let caseworker: EditorActor;
let otherMunicipalityId: string;

async function addEmployee(municipalityId: string, subject: string, name: string, roles: EditorActor["roles"]): Promise<EditorActor> {
  const [row] = await test.db
    .insert(employees)
    .values({ municipalityId, issuer: "https://test.invalid", subject, name, roles, unit: "Test" })
    .returning({ id: employees.id });
  return { id: row.id, name, municipalityId, roles };
}

beforeAll(async () => {
  test = await createTestDatabase();
  editor = await addEmployee(test.municipalityId, "editor-1", "Ola Testredaktør", ["editor"]);
  caseworker = await addEmployee(test.municipalityId, "caseworker-1", "Kari Testsaksbehandler", ["caseworker"]);

  // A second municipality with a service of the same slug as one of Fjordvik's.
  const [other] = await test.db
    .insert(municipalities)
    .values({ ...demoMunicipality, slug: "nabovik", name: "Nabovik kommune", organisationNumber: "999999999" })
    .returning({ id: municipalities.id });
  otherMunicipalityId = other.id;
  otherEditor = await addEmployee(other.id, "editor-2", "Nabovik Redaktør", ["editor"]);
  const [service] = await test.db
    .insert(services)
    .values({ municipalityId: other.id, slug: "middagslevering", category: "hjemme" })
    .returning({ id: services.id });
  const fjordvik = await getServiceForEditing(test.db, editor, test.municipalityId, "middagslevering");
  for (const locale of supportedLanguages) {
    await publishServiceText(test.db, {
      serviceId: service.id,
      municipalityId: other.id,
      locale,
      text: { ...fjordvik!.current[locale]!, title: `Nabovik ${locale}` },
      publishedBy: "seed",
    });
  }
});
afterAll(async () => {
  await test?.cleanup();
});

/** The current texts of a service, as the form would send them back unchanged. */
async function currentTexts(slug: string, actor = editor) {
  const service = await getServiceForEditing(test.db, actor, actor.municipalityId, slug);
  expect(service).not.toBeNull();
  const texts = {} as ServiceTexts;
  const baseVersions = {} as Record<Language, number>;
  for (const l of supportedLanguages) {
    const c = service!.current[l]!;
    texts[l] = { title: c.title, summary: c.summary, keywords: [...c.keywords], sections: { ...c.sections } };
    baseVersions[l] = c.version;
  }
  return { texts, baseVersions };
}

async function versionRows(slug: string, municipalityId = test.municipalityId) {
  return test.db
    .select({
      locale: serviceVersions.locale,
      version: serviceVersions.version,
      isCurrent: serviceVersions.isCurrent,
      summary: serviceVersions.summary,
      publishedBy: serviceVersions.publishedBy,
      publishedByEmployeeId: serviceVersions.publishedByEmployeeId,
    })
    .from(serviceVersions)
    .innerJoin(services, eq(services.id, serviceVersions.serviceId))
    .where(and(eq(services.municipalityId, municipalityId), eq(services.slug, slug)))
    .orderBy(serviceVersions.locale, serviceVersions.version);
}

describe("publishing a service description", () => {
  it("lists the municipality's services with versions and who published last", async () => {
    const list = await listEditableServices(test.db, editor, test.municipalityId);
    expect(list.length).toBeGreaterThanOrEqual(24);
    const meals = list.find((s) => s.slug === "middagslevering");
    expect(meals).toMatchObject({ title: "Middagslevering", versions: { nb: 1, nn: 1, en: 1 } });
    expect(meals!.lastPublished).toMatchObject({ publishedBy: "seed", publishedByEmployeeId: null });
    // Nabovik's service of the same name is not Fjordvik's to edit.
    expect(list.filter((s) => s.slug === "middagslevering")).toHaveLength(1);
    expect(list.some((s) => s.title.startsWith("Nabovik"))).toBe(false);
  });

  it("previews without writing anything", async () => {
    const { texts } = await currentTexts("middagslevering");
    texts.nb.summary = "Forhåndsvist, ikke publisert.";
    const preview = await previewServiceEdit(test.db, editor, test.municipalityId, "middagslevering", texts);
    expect(preview!.locales.map((l) => [l.locale, l.changed, l.version])).toEqual([
      ["nb", true, 2],
      ["nn", false, 1],
      ["en", false, 1],
    ]);
    expect(preview!.locales[0].related.length).toBeGreaterThan(0);
    expect((await versionRows("middagslevering")).length).toBe(3);
  });

  it("publishes only the changed languages, records the employee, and keeps the old version readable", async () => {
    const before = await getService(test.db, test.municipalityId, "nb", "middagslevering");
    const { texts, baseVersions } = await currentTexts("middagslevering");
    texts.nb.summary = "Varm middag fra Fjordviksuppa levert på døra.";
    texts.en.title = "Meals on wheels";

    const result = await publishServiceEdit(test.db, editor, test.municipalityId, "middagslevering", { texts, baseVersions });
    expect(result).toEqual({
      status: "published",
      published: [
        { locale: "nb", version: 2 },
        { locale: "en", version: 2 },
      ],
    });

    const rows = await versionRows("middagslevering");
    const nb2 = rows.find((r) => r.locale === "nb" && r.version === 2);
    expect(nb2).toMatchObject({ isCurrent: true, publishedBy: editor.name, publishedByEmployeeId: editor.id });
    expect(rows.find((r) => r.locale === "en" && r.version === 2)).toMatchObject({ isCurrent: true, publishedByEmployeeId: editor.id });
    // Unchanged nynorsk: still version 1, by the seed, current.
    expect(rows.filter((r) => r.locale === "nn")).toEqual([
      expect.objectContaining({ version: 1, isCurrent: true, publishedBy: "seed", publishedByEmployeeId: null }),
    ]);
    // The old bokmål version is kept, no longer current.
    expect(rows.find((r) => r.locale === "nb" && r.version === 1)).toMatchObject({ isCurrent: false, summary: before!.summary });

    // Residents see the new text, and search finds it (the search vector was rebuilt).
    expect((await getService(test.db, test.municipalityId, "nb", "middagslevering"))!.summary).toBe(texts.nb.summary);
    expect((await searchServices(test.db, test.municipalityId, "nb", "Fjordviksuppa")).map((s) => s.slug)).toContain("middagslevering");
    expect((await getService(test.db, test.municipalityId, "en", "middagslevering"))!.title).toBe("Meals on wheels");

    // The old version stays readable, as residents saw it.
    const old = await getServiceVersion(test.db, editor, test.municipalityId, "middagslevering", "nb", 1);
    expect(old).toMatchObject({ version: 1, isCurrent: false, currentVersion: 2, summary: before!.summary, publishedBy: "seed" });
    expect(old!.sections.whatIs).toBe(before!.sections.whatIs);
    expect(await getServiceVersion(test.db, editor, test.municipalityId, "middagslevering", "nb", 3)).toBeNull();

    const history = await listServiceHistory(test.db, editor, test.municipalityId, "middagslevering");
    expect(history!.versions.nb.map((v) => [v.version, v.isCurrent, v.publishedBy])).toEqual([
      [2, true, editor.name],
      [1, false, "seed"],
    ]);
    expect(history!.versions.nn.map((v) => v.version)).toEqual([1]);

    const list = await listEditableServices(test.db, editor, test.municipalityId);
    expect(list.find((s) => s.slug === "middagslevering")).toMatchObject({
      versions: { nb: 2, nn: 1, en: 2 },
      lastPublished: { publishedBy: editor.name, publishedByEmployeeId: editor.id },
    });
  });

  it("publishes nothing when nothing changed", async () => {
    const { texts, baseVersions } = await currentTexts("middagslevering");
    const before = await versionRows("middagslevering");
    expect(await publishServiceEdit(test.db, editor, test.municipalityId, "middagslevering", { texts, baseVersions })).toEqual({
      status: "unchanged",
    });
    expect(await versionRows("middagslevering")).toEqual(before);
  });

  it("refuses a form based on a version someone else has replaced, and writes nothing", async () => {
    // Two editors open the form at the same time.
    const first = await currentTexts("middagslevering");
    const second = await currentTexts("middagslevering");
    first.texts.nb.sections.cost = "Middagen koster 120 kroner i 2026.";
    expect(
      await publishServiceEdit(test.db, editor, test.municipalityId, "middagslevering", first),
    ).toMatchObject({ status: "published", published: [{ locale: "nb", version: 3 }] });

    const before = await versionRows("middagslevering");
    second.texts.nb.summary = "Den andre redaktørens tekst.";
    const result = await publishServiceEdit(test.db, editor, test.municipalityId, "middagslevering", second);
    expect(result.status).toBe("conflict");
    if (result.status !== "conflict") return;
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]).toMatchObject({ locale: "nb", baseVersion: 2, editedByYou: true, current: { version: 3, publishedBy: editor.name } });
    expect(await versionRows("middagslevering")).toEqual(before);

    // A stale version in a language the editor did not touch is a conflict too: publishing would
    // otherwise put the old text back.
    const v2 = (await getServiceVersion(test.db, editor, test.municipalityId, "middagslevering", "nb", 2))!;
    const texts = {
      ...second.texts,
      nb: { title: v2.title, summary: v2.summary, keywords: v2.keywords, sections: v2.sections },
      nn: { ...second.texts.nn, title: "Middagslevering (nynorsk)" },
    };
    const stale = await publishServiceEdit(test.db, editor, test.municipalityId, "middagslevering", {
      texts,
      baseVersions: { nb: 2, nn: 1, en: 2 },
    });
    expect(stale).toMatchObject({ status: "conflict", conflicts: [{ locale: "nb", editedByYou: false }] });
    expect(await versionRows("middagslevering")).toEqual(before);
  });

  it("lets exactly one of two simultaneous publications from the same version through", async () => {
    const a = await currentTexts("middagslevering");
    const b = await currentTexts("middagslevering");
    a.texts.en.summary = "Editor A's summary.";
    b.texts.en.summary = "Editor B's summary.";
    const results = await Promise.all([
      publishServiceEdit(test.db, editor, test.municipalityId, "middagslevering", a),
      publishServiceEdit(test.db, editor, test.municipalityId, "middagslevering", b),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["conflict", "published"]);
    const en = (await versionRows("middagslevering")).filter((r) => r.locale === "en");
    expect(en.filter((r) => r.isCurrent)).toHaveLength(1);
    expect(en.map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it("never touches another municipality's service", async () => {
    const naboBefore = await versionRows("middagslevering", otherMunicipalityId);
    const { texts, baseVersions } = await currentTexts("middagslevering");
    texts.nb.summary = "Forsøk på å endre nabokommunen.";

    // A Fjordvik editor naming Nabovik is refused outright.
    await expect(
      publishServiceEdit(test.db, editor, otherMunicipalityId, "middagslevering", { texts, baseVersions }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(getServiceForEditing(test.db, editor, otherMunicipalityId, "middagslevering")).rejects.toMatchObject({ status: 403 });
    await expect(listServiceHistory(test.db, editor, otherMunicipalityId, "middagslevering")).rejects.toMatchObject({ status: 403 });
    await expect(getServiceVersion(test.db, editor, otherMunicipalityId, "middagslevering", "nb", 1)).rejects.toMatchObject({
      status: 403,
    });

    // Nabovik's editor editing "middagslevering" edits Nabovik's service, not Fjordvik's.
    const fjordvikBefore = await versionRows("middagslevering");
    const nabo = await currentTexts("middagslevering", otherEditor);
    expect(nabo.texts.nb.title).toBe("Nabovik nb");
    nabo.texts.nb.summary = "Naboviks egen tekst.";
    expect(await publishServiceEdit(test.db, otherEditor, otherMunicipalityId, "middagslevering", nabo)).toMatchObject({
      status: "published",
    });
    expect(await versionRows("middagslevering")).toEqual(fjordvikBefore);
    expect((await versionRows("middagslevering", otherMunicipalityId)).length).toBe(naboBefore.length + 1);

    // A service only Nabovik has is not found from Fjordvik.
    expect(await getServiceForEditing(test.db, editor, test.municipalityId, "finnes-bare-i-nabovik")).toBeNull();
    expect(
      await publishServiceEdit(test.db, editor, test.municipalityId, "finnes-bare-i-nabovik", { texts, baseVersions }),
    ).toEqual({ status: "not-found" });
  });

  it("refuses employees without the editor role", async () => {
    await expect(listEditableServices(test.db, caseworker, test.municipalityId)).rejects.toMatchObject({ status: 403 });
    const { texts, baseVersions } = await currentTexts("middagslevering");
    await expect(
      publishServiceEdit(test.db, caseworker, test.municipalityId, "middagslevering", { texts, baseVersions }),
    ).rejects.toMatchObject({ status: 403 });
    const admin = { ...caseworker, roles: ["admin" as const] };
    expect((await listEditableServices(test.db, admin, test.municipalityId)).length).toBeGreaterThan(0);
  });
});

describe("the editor's form", () => {
  function form(overrides: Record<string, string> = {}) {
    const fd = new FormData();
    fd.set("intent", "preview");
    for (const l of supportedLanguages) {
      fd.set(`${l}.version`, "1");
      fd.set(`${l}.title`, ` Tittel ${l} `);
      fd.set(`${l}.summary`, "Kort\r\n beskrivelse.");
      fd.set(`${l}.keywords`, "hjemmehjelp, , vaskehjelp ,heimehjelp");
      for (const k of ["whatIs", "whoFor", "criteria", "expect", "expectedOfYou", "howToApply", "cost", "processingTime", "legalBasis"]) {
        fd.set(`${l}.${k}`, "Første avsnitt.  \r\n\r\n\r\n- punkt en\r\n- punkt to\r\n");
      }
    }
    for (const [k, v] of Object.entries(overrides)) fd.set(k, v);
    return fd;
  }

  it("trims and normalises what the browser sends", () => {
    const parsed = parseEditorForm(form());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.texts.nb.title).toBe("Tittel nb");
    expect(parsed.texts.nb.summary).toBe("Kort beskrivelse.");
    expect(parsed.texts.nb.keywords).toEqual(["hjemmehjelp", "vaskehjelp", "heimehjelp"]);
    expect(parsed.texts.en.sections.cost).toBe("Første avsnitt.\n\n- punkt en\n- punkt to");
    expect(parsed.versions).toEqual({ nb: 1, nn: 1, en: 1 });
  });

  it("returns every problem by field, in the order of the form, and keeps what was typed", () => {
    const parsed = parseEditorForm(
      form({
        "nn.title": "   ",
        "nb.summary": "x".repeat(301),
        "en.keywords": Array.from({ length: 21 }, (_, i) => `ord${i}`).join(","),
        "nb.keywords": " , ",
        "nb.legalBasis": "",
      }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok || parsed.badRequest) throw new Error("expected field errors");
    expect(Object.keys(parsed.errors)).toEqual(["nb-summary", "nb-keywords", "nb-legalBasis", "nn-title", "en-keywords"]);
    expect(parsed.errors["nb-summary"]).toEqual({ message: "edit.errors.tooLong", max: 300 });
    expect(parsed.errors["nb-keywords"].message).toBe("edit.errors.keywordsCount");
    expect(parsed.errors["en-keywords"].message).toBe("edit.errors.keywordsCount");
    expect(parsed.values.nb.summary).toBe("x".repeat(301));
    expect(parsed.values.nn.title).toBe("   ");
  });

  it("treats a missing intent or version as a bad request", () => {
    expect(parseEditorForm(form({ intent: "delete" }))).toEqual({ ok: false, badRequest: true });
    expect(parseEditorForm(form({ "nb.version": "abc" }))).toEqual({ ok: false, badRequest: true });
  });
});
