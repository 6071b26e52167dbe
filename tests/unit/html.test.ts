import { describe, expect, it } from "vitest";
import { escapeHtml, html, joinHtml } from "~/utils/html";

describe("html", () => {
  it("escapes every value, in text and in attributes", () => {
    const name = `<img src=x onerror="alert('x')"> & co`;
    expect(html`<td title="${name}">${name}</td>`.text).toBe(
      "<td title=\"&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; co\">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; co</td>",
    );
    expect(escapeHtml("Ærlig & ålreit")).toBe("Ærlig &amp; ålreit");
  });

  it("keeps what it made itself, and nothing that only looks like it", () => {
    const inner = html`<strong>${"Kari"}</strong>`;
    expect(html`<td>${inner}</td>`.text).toBe("<td><strong>Kari</strong></td>");
    const forged = { text: "<script>alert(1)</script>" };
    // A value typed as Html but not made by html is text.
    expect(html`<td>${forged as never}</td>`.text).toBe("<td>[object Object]</td>");
    expect(joinHtml([inner, html`<br>`]).text).toBe("<strong>Kari</strong><br>");
  });

  it("writes nothing for false, null and undefined, and numbers as they are", () => {
    expect(html`<td>${false}${null}${undefined}${0}</td>`.text).toBe("<td>0</td>");
  });
});
