// Builds the explorer into service/static/explorer, which the app serves at /explore (see service/app.py).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/explore/",
  build: {
    outDir: fileURLToPath(new URL("../service/static/explorer", import.meta.url)),
    emptyOutDir: true,
    // Cytoscape and fcose are one big chunk by nature; no CDN, everything is served by the app.
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  server: {
    proxy: { "/graphql": "http://127.0.0.1:8000", "/export": "http://127.0.0.1:8000" },
  },
});
