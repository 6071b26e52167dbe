import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode, useEffect, type ReactNode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { createClientI18n } from "./i18n/client";

// React 18 puts a <textarea> or <select> that had a value in the server's HTML back to that value
// when it hydrates (React 19 no longer does). Text typed into a resumed draft before the page's
// JavaScript had run was lost that way. So what was changed before hydration is noted here (what
// differs from the HTML when this module runs, and what is typed after), and put back once the
// page is hydrated.
const typedBeforeHydration = new Map<HTMLTextAreaElement | HTMLSelectElement, string>();
function noteTyping(event: Event) {
  const field = event.target;
  if (field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) typedBeforeHydration.set(field, field.value);
}
for (const field of document.querySelectorAll("textarea")) if (field.value !== field.defaultValue) typedBeforeHydration.set(field, field.value);
for (const field of document.querySelectorAll("select"))
  if ([...field.options].some((o) => o.selected !== o.defaultSelected)) typedBeforeHydration.set(field, field.value);
document.addEventListener("input", noteTyping, true);
document.addEventListener("change", noteTyping, true);

function KeepTypingAcrossHydration({ children }: { children: ReactNode }) {
  // Runs after the hydration's commit (a parent's effect runs after all its children's).
  useEffect(() => {
    document.removeEventListener("input", noteTyping, true);
    document.removeEventListener("change", noteTyping, true);
    for (const [field, value] of typedBeforeHydration) {
      if (!field.isConnected || field.value === value) continue;
      // The prototype's setter, then an input event: a controlled field's onChange sees it too.
      Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), "value")?.set?.call(field, value);
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    typedBeforeHydration.clear();
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return children;
}

async function hydrate() {
  const i18n = await createClientI18n();
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n}>
        <StrictMode>
          <KeepTypingAcrossHydration>
            <RemixBrowser />
          </KeepTypingAcrossHydration>
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
