// Bundles the Workers entry for wrangler (wrangler.toml [build]): the same bundle wrangler would
// make, except that zod's translations of its error messages into 40-odd languages are left out.
// Our errors are English problem+json; the locales were a quarter of the Worker's size.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const withoutZodLocales = {
  name: "without-zod-locales",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.(c?js)$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: "zod-locales", namespace: "empty" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

await build({
  entryPoints: [path.join(root, "src/worker.ts")],
  outfile: path.join(root, "dist/worker-entry/worker.mjs"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  external: ["cloudflare:*", "node:*"],
  plugins: [withoutZodLocales],
  logLevel: "warning",
});
