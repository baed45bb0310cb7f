/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// regiond serves the built files under /MAAS/r/ (index.html for every unknown path below it).
export default defineConfig({
  base: "/MAAS/r/",
  // esbuild compiles JSX with the automatic runtime; no plugin needed for a production build.
  esbuild: { jsx: "automatic" },
  build: {
    outDir: process.env.MAAS_UI_OUT_DIR ?? "dist",
    emptyOutDir: true,
    sourcemap: false,
    // Everything is bundled: the page must never load anything from another origin.
    assetsInlineLimit: 0,
    rollupOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client" for server rendering; meaningless here.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  server: {
    // `npm run dev` proxies API calls to a local regiond.
    proxy: {
      "/MAAS/api": process.env.MAAS_URL ?? "http://127.0.0.1:5240",
      "/MAAS/accounts": process.env.MAAS_URL ?? "http://127.0.0.1:5240",
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    // Whole-page tests type into forms; on a loaded 2-core CI machine 5 s is not enough.
    testTimeout: 30000,
  },
});
