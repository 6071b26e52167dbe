import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getService, listPopularServices, listServices, searchServices } from "~/.server/services/catalog";
import { publishServiceText } from "~/.server/services/publish";
import { seedDemoData } from "../../db/seed/seed";
import { createTestDatabase } from "../support/database";

// Runs against in-memory PGlite, or against PostgreSQL when DATABASE_URL is set.
let test: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test?.cleanup();
});

const slugsFor = async (query: string, locale: "nb" | "nn" | "en" = "nb") =>
  (await searchServices(test.db, test.municipalityId, locale, query)).map((r) => r.slug);

describe("the catalogue", () => {
  it("lists every seeded service in every language, ordered by title", async () => {
    for (const locale of ["nb", "nn", "en"] as const) {
      const list = await listServices(test.db, test.municipalityId, locale);
      expect(list.length).toBeGreaterThanOrEqual(24);
      const titles = list.map((s) => s.title);
      expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, "nb")));
    }
  });

  it("filters by category and by level", async () => {
    const home = await listServices(test.db, test.municipalityId, "nb", { category: "hjemme" });
    expect(home.map((s) => s.slug)).toContain("hjemmesykepleie");
    expect(home.every((s) => s.category === "hjemme")).toBe(true);
    const institution = await listServices(test.db, test.municipalityId, "nb", { level: 5 });
    expect(institution.every((s) => s.levels.includes(5))).toBe(true);
    expect(institution.map((s) => s.slug)).toContain("korttidsopphold");
  });

  it("shows the most used services first on the front page", async () => {
    const popular = await listPopularServices(test.db, test.municipalityId, "nb");
    expect(popular).toHaveLength(6);
  });

  it("returns a service with every section and its related services", async () => {
    const service = await getService(test.db, test.municipalityId, "nn", "hjemmesykepleie");
    expect(service).not.toBeNull();
    expect(Object.values(service!.sections).every((s) => s.length > 20)).toBe(true);
    expect(service!.related.length).toBeGreaterThan(0);
    expect(await getService(test.db, test.municipalityId, "nb", "finnes-ikke")).toBeNull();
  });
});

describe("search", () => {
  it("finds a service by its name, first", async () => {
    expect((await slugsFor("hjemmesykepleie"))[0]).toBe("hjemmesykepleie");
  });

  it("tolerates typos", async () => {
    expect((await slugsFor("hjemmesykeplei"))[0]).toBe("hjemmesykepleie");
    expect(await slugsFor("trygghetsalram")).toContain("trygghetsalarm");
  });

  it("understands the words residents use", async () => {
    expect((await slugsFor("hjemmehjelp")).slice(0, 3)).toContain("praktisk-bistand");
    expect((await slugsFor("sykehjemsplass")).slice(0, 3)).toContain("langtidsopphold-sykehjem");
    expect((await slugsFor("omsorgslønn"))[0]).toBe("omsorgsstonad");
    expect((await slugsFor("sjukeheim")).slice(0, 3)).toContain("langtidsopphold-sykehjem");
  });

  it("stems Norwegian words", async () => {
    expect(await slugsFor("avlastningen")).toContain("avlastning");
    expect(await slugsFor("hjelpemidlene")).toContain("hjelpemidler");
  });

  it("searches in nynorsk and English too", async () => {
    expect((await slugsFor("heimesjukepleie", "nn")).slice(0, 3)).toContain("hjemmesykepleie");
    expect((await slugsFor("home nursing", "en")).slice(0, 3)).toContain("hjemmesykepleie");
  });

  it("is safe with SQL and tsquery syntax, and finds nothing in nonsense", async () => {
    await expect(slugsFor("'; drop table services; --")).resolves.toBeInstanceOf(Array);
    await expect(slugsFor("a & | ! :* <-> (")).resolves.toBeInstanceOf(Array);
    expect(await slugsFor("xqzvxqzv")).toEqual([]);
    expect((await listServices(test.db, test.municipalityId, "nb")).length).toBeGreaterThanOrEqual(24);
  });
});

describe("publishing", () => {
  it("makes a new version current and keeps the old one as history", async () => {
    const before = await getService(test.db, test.municipalityId, "nb", "middagslevering");
    const [{ id }] = await test.db.query.services.findMany({
      columns: { id: true },
      where: (s, { eq, and }) => and(eq(s.slug, "middagslevering"), eq(s.municipalityId, test.municipalityId)),
    });
    const published = await publishServiceText(test.db, {
      serviceId: id,
      municipalityId: test.municipalityId,
      locale: "nb",
      text: { title: "Middag levert hjem", summary: before!.summary, keywords: ["matombringing"], sections: before!.sections },
      publishedBy: "test",
    });
    expect(published.version).toBe(before!.version + 1);
    const after = await getService(test.db, test.municipalityId, "nb", "middagslevering");
    expect(after!.title).toBe("Middag levert hjem");
    expect(await slugsFor("levert")).toContain("middagslevering");
    const versions = await test.db.query.serviceVersions.findMany({
      where: (v, { eq, and }) => and(eq(v.serviceId, id), eq(v.locale, "nb")),
    });
    expect(versions.map((v) => [v.version, v.isCurrent]).sort()).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it("seeding again adds nothing and keeps the editor's text", async () => {
    const count = (await listServices(test.db, test.municipalityId, "nb")).length;
    await seedDemoData(test.db);
    expect((await listServices(test.db, test.municipalityId, "nb")).length).toBe(count);
    expect((await getService(test.db, test.municipalityId, "nb", "middagslevering"))!.title).toBe("Middag levert hjem");
  });
});
