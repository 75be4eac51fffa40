// Bundles the page's JavaScript and CSS into the Python package, with content hashes in the
// file names; kg/server/pages.py reads the manifest to write the <script> and <link> tags.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/static/dist/",
  build: {
    outDir: "../kg/server/static/dist",
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { input: "src/main.js" },
  },
});
