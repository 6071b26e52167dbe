import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocumentForEmployee, getDocumentForPerson, listDocumentsForPerson, storeDocument } from "~/.server/documents/store";
import { applications, auditEntries, employees } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import { personIdOf, statusOf } from "../support/domain";

// Documents against a real database: the bytes come back as stored, the owner reads them, anyone
// else gets a 404, and an employee's read lands in the resident's innsynslogg.

let test: Awaited<ReturnType<typeof createTestDatabase>>;
const ids: Record<string, string> = {};
const pdf = new Uint8Array(Buffer.from("%PDF-1.4\n% dokument\n%%EOF\n", "latin1"));

beforeAll(async () => {
  test = await createTestDatabase();
  for (const name of ["Solveig", "Ingrid"]) ids[name] = await personIdOf(test.db, name);
});
afterAll(async () => {
  await test?.cleanup();
});

describe("documents", () => {
  it("stores the bytes with their hash and gives them back to the owner only", async () => {
    const [application] = await test.db.select().from(applications).where(eq(applications.personId, ids.Solveig));
    const info = await storeDocument(test.db, {
      municipalityId: test.municipalityId,
      personId: ids.Solveig,
      kind: "attachment",
      filename: "legeerklæring.pdf",
      file: { bytes: pdf, mime: "application/pdf" },
      applicationId: application.id,
      uploadedBy: { kind: "person", id: ids.Solveig },
    });
    expect(info.size).toBe(pdf.byteLength);
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);

    const own = { actorPersonId: ids.Solveig, subjectPersonId: ids.Solveig, municipalityId: test.municipalityId };
    const doc = await getDocumentForPerson(test.db, own, info.id);
    expect(Buffer.from(doc.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect((await listDocumentsForPerson(test.db, own, { applicationIds: [application.id] })).map((d) => d.id)).toEqual([info.id]);

    // Another resident, asking as themselves or as Solveig, and a wrong municipality: 404.
    expect(await statusOf(getDocumentForPerson(test.db, { ...own, actorPersonId: ids.Ingrid }, info.id))).toBe(404);
    expect(await statusOf(getDocumentForPerson(test.db, { ...own, actorPersonId: ids.Ingrid, subjectPersonId: ids.Ingrid }, info.id))).toBe(404);
    expect(await statusOf(getDocumentForPerson(test.db, { ...own, municipalityId: "00000000-0000-4000-8000-000000000000" }, info.id))).toBe(404);
    expect(await statusOf(getDocumentForPerson(test.db, own, "not-a-uuid"))).toBe(404);

    // An employee of the municipality reads it, and that is logged about Solveig.
    const [kari] = await test.db
      .insert(employees)
      .values({ municipalityId: test.municipalityId, issuer: "test", subject: "dok-1", name: "Kari Nordmann", unit: "Tildelingskontoret", roles: ["caseworker"] })
      .returning();
    await getDocumentForEmployee(test.db, { ...kari, municipalityId: test.municipalityId }, info.id);
    const log = await test.db.select().from(auditEntries).where(eq(auditEntries.objectId, info.id));
    expect(log.map((e) => [e.action, e.subjectPersonId, e.actorName])).toEqual([["document.viewed", ids.Solveig, "Kari Nordmann"]]);
    // … but not by an employee of another municipality.
    expect(
      await statusOf(getDocumentForEmployee(test.db, { ...kari, municipalityId: "00000000-0000-4000-8000-000000000000" }, info.id)),
    ).toBe(404);
  });
});
