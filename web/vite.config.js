// Bundles the page's JavaScript and CSS into the Python package, with content hashes in the
// file names; kg/server/pages.py reads the manifest to write the <script> and <link> tags.
// The graph and chart code are chunks of their own, loaded when first needed (dynamic
// import). Every script and stylesheet is also written gzipped beside itself (NAME.gz), which
// the server sends to browsers that accept it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, constants } from "node:zlib";
import { defineConfig } from "vite";

function precompress() {
  return {
    name: "precompress",
    apply: "build",
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const path = join(options.dir, name);
        writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION }));
      }
    },
  };
}

export default defineConfig({
  base: "/static/dist/",
  plugins: [precompress()],
  build: {
    outDir: "../kg/server/static/dist",
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { input: "src/main.js" },
  },
});
