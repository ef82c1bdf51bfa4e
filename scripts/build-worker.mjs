// Bundles the Workers entry for wrangler (wrangler.toml [build]): the same bundle wrangler would
// make, except that what the Worker never uses is left out (zod's translations and z.compile, the MCP SDK's
// Zod 3 and ajv paths, ipaddr.js: esbuild-plugins.mjs).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { withoutIpaddr, withoutMcpExtras, withoutZodExtras, withoutZodLocales } from "./esbuild-plugins.mjs";

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
  plugins: [withoutZodLocales, withoutZodExtras, withoutMcpExtras, withoutIpaddr],
  logLevel: "warning",
});
