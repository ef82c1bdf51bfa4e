// npm start: run the Node server from a bundle that esbuild rebuilds (in about 0.1 s) whenever a
// TypeScript file under src/ or seed/ is newer than it, so a restart does not pay for compiling
// TypeScript: the server is answering within a few hundred milliseconds.
import { mkdir, readdir, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist/node/server.mjs");

async function newestSource(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSource(file));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, (await stat(file)).mtimeMs);
  }
  return newest;
}

async function stale() {
  const built = await stat(bundle).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(await newestSource(path.join(root, "src")), await newestSource(path.join(root, "seed")));
  return sources > built;
}

if (await stale()) {
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
    // modules in node_modules. The libSQL native binding stays a package.
    external: ["libsql", "@libsql/*"],
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
