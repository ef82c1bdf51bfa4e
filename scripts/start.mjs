// npm start: run the Node server from a bundle that esbuild rebuilds (in about 0.1 s) whenever a
// TypeScript file under src/ or seed/ is newer than it, so a restart does not pay for compiling
// TypeScript: the server is answering within a few hundred milliseconds.
import { readdirSync, statSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { withoutZodLocales } from "./esbuild-plugins.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist/node/server.mjs");

// Synchronous on purpose: a few dozen directory reads, where a promise per file would cost more
// than the reads themselves on every start.
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function stale() {
  let built = 0;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return true;
  }
  return Math.max(newestSource(path.join(root, "src")), newestSource(path.join(root, "seed"))) > built;
}

if (stale()) {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: { server: path.join(root, "src/server.ts") },
    bundle: true,
    // Chunks, so what only seeding needs (markdown rendering, YAML) loads only when content changed.
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Dependencies are bundled too: one parsed file loads far faster than the hundreds of small
    // modules in node_modules. Only the libSQL native binding stays a package, and it is loaded
    // with require: imported as an ES module, Node would resolve it and scan its CommonJS source
    // for exports on every start (about 70 ms of CPU, measured with /proc/<pid>/schedstat).
    external: ["libsql"],
    plugins: [
      withoutZodLocales,
      {
        // drizzle-orm/libsql imports every libSQL client (for drizzle(url), which we never call):
        // its sqlite3 entry is the same drizzle(client) without them. The full client, for a
        // database server, is loaded by src/db/node.ts only when DATABASE_URL is not a file.
        name: "drizzle-libsql-without-remote-clients",
        setup(b) {
          b.onResolve({ filter: /^drizzle-orm\/libsql$/ }, (args) => b.resolve("drizzle-orm/libsql/sqlite3", { kind: args.kind, resolveDir: args.resolveDir }));
        },
      },
      {
        name: "libsql-by-require",
        setup(b) {
          b.onResolve({ filter: /^libsql$/ }, (args) =>
            args.namespace === "libsql-cjs" ? { path: "libsql", external: true } : { path: "libsql", namespace: "libsql-cjs" },
          );
          b.onLoad({ filter: /.*/, namespace: "libsql-cjs" }, () => ({ contents: 'module.exports = require("libsql");', loader: "js", resolveDir: root }));
        },
      },
    ],
    // CommonJS dependencies inside an ES module bundle need a require of their own.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    write: false,
    outdir: path.dirname(bundle),
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunk-[hash]",
    logLevel: "warning",
  });
  await mkdir(path.dirname(bundle), { recursive: true });
  // Chunks are named by their content; the entry is written last, then renamed into place, so a
  // server starting at the same moment never reads half a bundle.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    if (file.path !== bundle) await rename(temporary, file.path);
  }
  await rename(`${bundle}.${process.pid}.tmp`, bundle);
}
await import(pathToFileURL(bundle).href);
