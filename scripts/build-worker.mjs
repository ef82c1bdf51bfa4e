// Bundles the Workers entry for wrangler (wrangler.toml [build]): the same bundle wrangler would
// make, except that zod's translations of its error messages are left out (esbuild-plugins.mjs).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { withoutMcpExtras, withoutZodLocales } from "./esbuild-plugins.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

await build({
  entryPoints: [path.join(root, "src/worker.ts")],
  outfile: path.join(root, "dist/worker-entry/worker.mjs"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  external: ["cloudflare:*", "node:*"],
  plugins: [withoutZodLocales, withoutMcpExtras],
  logLevel: "warning",
});
