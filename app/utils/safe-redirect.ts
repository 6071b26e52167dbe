/**
 * A redirect target that can only stay on this site: a path starting with a single "/".
 * Anything else (absolute URLs, "//host", backslashes, control characters) becomes "/".
 */
export function safeRedirectPath(target: string | null | undefined, fallback = "/"): string {
  if (!target || target.length > 2000) return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  if (/[\\\u0000-\u001f]/.test(target)) return fallback;
  return target;
}
