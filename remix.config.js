// Options for the Remix Vite plugin. Remix does not read this file by itself:
// vite.config.ts imports it, so the plugin options live in one place.

/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  // BUILD_DIR lets several builds of the same tree live side by side (parallel work, benchmarks).
  buildDirectory: process.env.BUILD_DIR ?? "build",
  ignoredRouteFiles: ["**/*.test.*", "**/.*"],
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: false,
    v3_routeConfig: true,
  },
};
