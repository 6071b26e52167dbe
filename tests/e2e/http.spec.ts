import { expect, test } from "@playwright/test";

// What the server answers to machines and to bad input: never a 500, never a stack trace.

test("security headers on every page", async ({ request }) => {
  const response = await request.get("/tjenester");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-powered-by"]).toBeUndefined();
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const html = await response.text();
  const nonce = headers["content-security-policy"].match(/'nonce-([^']+)'/)![1];
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
});

test("keeps a well-formed request id from the caller", async ({ request }) => {
  const response = await request.get("/healthz", { headers: { "X-Request-Id": "lb-1234567890" } });
  expect(response.headers()["x-request-id"]).toBe("lb-1234567890");
  const forged = await request.get("/healthz", { headers: { "X-Request-Id": "bad id <script>" } });
  expect(forged.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("health and readiness", async ({ request }) => {
  expect(await (await request.get("/healthz")).json()).toEqual({ status: "ok" });
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
});

test("the icon browsers ask for by its old name is the portal's own", async ({ request }) => {
  const response = await request.get("/favicon.ico");
  expect(response.status()).toBe(200);
  expect(response.url()).toMatch(/\/favicon\.svg$/);
  expect(response.headers()["content-type"]).toContain("image/svg+xml");
});

test("a 3,000-character search gives a clear 400 page with the form kept", async ({ page }) => {
  const response = await page.goto("/tjenester?q=" + "hjelp ".repeat(500));
  expect(response!.status()).toBe(400);
  await expect(page.getByText("Søket er for langt. Bruk færre enn 200 tegn.").first()).toBeVisible();
  await expect(page.getByLabel("Hva trenger du hjelp til?")).toHaveAttribute("aria-invalid", "true");
});

test("SQL and search syntax are just words", async ({ request }) => {
  for (const q of ["'; drop table services; --", "a & | ! :* <-> (", "\" OR 1=1 --", "%00", "😀"]) {
    const response = await request.get(`/tjenester?q=${encodeURIComponent(q)}`);
    expect(response.status(), q).toBe(200);
  }
  expect((await request.get("/tjenester")).status()).toBe(200);
});

test("bad filters get 400, unknown pages and services 404, cross-site posts 403", async ({ request, baseURL }) => {
  expect((await request.get("/tjenester?kategori=%3Cscript%3E")).status()).toBe(400);
  expect((await request.get("/tjenester?niva=9")).status()).toBe(400);
  const missing = await request.get("/tjenester/finnes-ikke");
  expect(missing.status()).toBe(404);
  expect(await missing.text()).toContain("Vi fant ikke siden");
  expect((await request.get("/tjenester/%E0%A4%A")).status()).toBeLessThan(500);
  expect((await request.get("/noe/som/ikke/finnes")).status()).toBe(404);
  expect((await request.post("/noe/som/ikke/finnes", { headers: { Origin: baseURL! } })).status()).toBe(404);
  const crossSite = await request.post("/tjenester", { headers: { Origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toContain("annet nettsted");
});

test("malformed Accept-Language and cookies fall back to bokmål", async ({ request }) => {
  for (const headers of <Record<string, string>[]>[
    { "Accept-Language": ";;q=abc,,,*;q=NaN" },
    { "Accept-Language": "x".repeat(5000) },
    { Cookie: "lng=%E0%A4%A; lng=; =;;" },
    { Cookie: "lng=klingon" },
  ]) {
    const response = await request.get("/", { headers });
    expect(response.status(), JSON.stringify(headers).slice(0, 60)).toBe(200);
    expect(await response.text()).toContain('<html lang="nb"');
  }
});

test("the language switch only redirects within the site", async ({ request }) => {
  for (const target of ["https://evil.example", "//evil.example", "/\\evil.example"]) {
    const response = await request.get(`/sprak?lng=en&til=${encodeURIComponent(target)}`, { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers()["location"]).toBe("/");
  }
  const ok = await request.get("/sprak?lng=nn&til=%2Ftjenester%3Fq%3Dalarm", { maxRedirects: 0 });
  expect(ok.headers()["location"]).toBe("/tjenester?q=alarm");
  expect(ok.headers()["set-cookie"]).toMatch(/^lng=nn; Path=\/; .*HttpOnly/);
});

test.describe("public JSON API", () => {
  test("returns ranked results with absolute URLs", async ({ request, baseURL }) => {
    const response = await request.get("/api/v1/services?q=hjemmesykeplei&lang=nb");
    expect(response.status()).toBe(200);
    expect(response.headers()["access-control-allow-origin"]).toBe("*");
    const body = await response.json();
    expect(body.count).toBe(body.results.length);
    expect(body.results[0]).toEqual({
      slug: "hjemmesykepleie",
      title: "Hjemmesykepleie",
      summary: expect.any(String),
      url: `${baseURL}/tjenester/hjemmesykepleie`,
    });
  });

  test("lists every service without a query, in the language asked for", async ({ request }) => {
    const body = await (await request.get("/api/v1/services?lang=en")).json();
    expect(body.results.length).toBeGreaterThanOrEqual(24);
    expect(body.results.map((r: { title: string }) => r.title)).toContain("Home nursing");
  });

  test("refuses bad input with a problem document", async ({ request }) => {
    const lang = await request.get("/api/v1/services?q=x&lang=de");
    expect(lang.status()).toBe(400);
    expect(lang.headers()["content-type"]).toContain("application/problem+json");
    expect((await request.get("/api/v1/services?q=" + "x".repeat(3000))).status()).toBe(400);
  });
});
