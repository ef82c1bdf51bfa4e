// Builds what `npm start` runs (scripts/start.sh calls this when the build is missing or stale):
//
//   dist/node/server.cjs      the server and its dependencies in one CommonJS file (esbuild)
//   dist/node/content-tools.cjs  markdown rendering and YAML parsing, needed only to load changed content
//   dist/node/server.blob     a V8 start-up snapshot of server.cjs with its modules already evaluated
//
// A start from the snapshot deserializes a heap instead of parsing and evaluating a megabyte of
// JavaScript (src/node/snapshot-entry.ts says what is in it). A snapshot only loads into the same Node
// binary with the same V8 flags, so the flags npm start runs with are passed here:
//
//   node scripts/build-node.mjs [V8 flags...]
//
// `node dist/node/server.cjs` runs the same bundle without the snapshot, anywhere Node runs.
import { spawnSync } from "node:child_process";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { withoutMcpExtras, withoutZodLocales } from "./esbuild-plugins.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist/node");
const v8Flags = process.argv.slice(2);
const temporary = (file) => `${file}.${process.pid}.tmp`;

/**
 * A module that Node's own require loads from dist/node at run time instead of esbuild bundling it.
 * With `proxy`, it loads when first used rather than when the importing module is evaluated: the
 * libSQL native addon is imported by modules evaluated into the snapshot, and an addon cannot live
 * in one (its default export is used with `new` and for `SqliteError`).
 */
function requiredAtRunTime(name, filter, request, { proxy = false, importer = null } = {}) {
  const load = `require("node:module").createRequire(__filename)(${JSON.stringify(request)})`;
  const contents = proxy
    ? `let loaded;
const load = () => (loaded ??= ${load});
module.exports = new Proxy(function () {}, {
  construct: (_target, args) => new (load())(...args),
  get: (_target, key) => (key === "__esModule" ? undefined : load()[key]),
});`
    : `module.exports = ${load};`;
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, (args) => (importer && !importer.test(args.importer) ? undefined : { path: name, namespace: "required-at-run-time" }));
      b.onLoad({ filter: new RegExp(`^${name}$`), namespace: "required-at-run-time" }, () => ({ contents, loader: "js" }));
    },
  };
}

// While the snapshot is built, every read of process.env is recorded; one is an error, since the
// value would be frozen into every later start.
const envGuard = `var __bundleUrl = require("node:url").pathToFileURL(__filename).href;
if (require("node:v8").startupSnapshot.isBuildingSnapshot()) {
  const env = process.env, reads = new Set();
  process.env = new Proxy(env, {
    get: (target, key) => (typeof key === "string" && reads.add(key), target[key]),
    has: (target, key) => (reads.add(String(key)), key in target),
    ownKeys: (target) => (reads.add("(all of them)"), Reflect.ownKeys(target)),
  });
  require("node:v8").startupSnapshot.addSerializeCallback(() => {
    process.env = env;
    if (reads.size) {
      console.error("the snapshot read environment variables while loading: " + [...reads].join(", ") + "; read them when the server starts instead");
      process.exit(1);
    }
  });
}`;

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // import.meta.url in ES module sources (src/paths.ts) is the bundle's own URL.
  define: { "import.meta.url": "__bundleUrl" },
  write: false,
  logLevel: "warning",
};

const [server, tools] = await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(root, "src/node/snapshot-entry.ts")],
    outfile: path.join(outdir, "server.cjs"),
    banner: { js: envGuard },
    plugins: [
      withoutZodLocales,
      withoutMcpExtras,
      {
        // drizzle-orm/libsql imports every libSQL client (for drizzle(url), which we never call):
        // its sqlite3 entry is the same drizzle(client) without them. The full client, for a
        // database server, is loaded by src/node/database.ts only when DATABASE_URL is not a file.
        name: "drizzle-libsql-without-remote-clients",
        setup(b) {
          b.onResolve({ filter: /^drizzle-orm\/libsql$/ }, (args) =>
            b.resolve("drizzle-orm/libsql/sqlite3", { kind: args.kind, resolveDir: args.resolveDir }),
          );
        },
      },
      requiredAtRunTime("libsql", /^libsql$/, "libsql", { proxy: true }),
      // src/content/read.ts imports ./tools.js only when content changed, and the mail transports import
      // nodemailer for the first mail: from dist/node and node_modules when used, not in the
      // snapshot. (The full libSQL client stays bundled: its errors must be the LibsqlError class
      // src/http/problem.ts knows.)
      // Only src/content's ./tools.js: other folders have a tools.js of their own (src/mcp).
      requiredAtRunTime("content-tools", /^\.\/tools\.js$/, "./content-tools.cjs", { importer: /[\\/]src[\\/]content[\\/][^\\/]+$/ }),
      requiredAtRunTime("nodemailer", /^nodemailer$/, "nodemailer"),
      requiredAtRunTime("mail-composer", /^nodemailer\/lib\/mail-composer\/index\.js$/, "nodemailer/lib/mail-composer/index.js"),
    ],
  }),
  build({
    ...common,
    entryPoints: [path.join(root, "src/content/tools.ts")],
    outfile: path.join(outdir, "content-tools.cjs"),
    banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  }),
]);

// The stamp (written by scripts/start.sh after a build it ran) says which Node, V8 flags and checkout
// the snapshot was built for; a build run by hand removes it, so the next start checks again.
await rm(path.join(outdir, "server.stamp"), { force: true });

// Each file is written under a name of its own and renamed into place, so a server starting at the
// same moment, or another build, never reads half a file; the snapshot goes last.
await mkdir(outdir, { recursive: true });
for (const file of [...tools.outputFiles, ...server.outputFiles]) {
  await writeFile(temporary(file.path), file.contents);
  await rename(temporary(file.path), file.path);
}
const blob = path.join(outdir, "server.blob");
const snapshot = spawnSync(process.execPath, [...v8Flags, "--snapshot-blob", temporary(blob), "--build-snapshot", path.join(outdir, "server.cjs")], {
  cwd: root,
  encoding: "utf8",
  // Node warns about built-in modules it has not verified in snapshots; node:module and node:v8 are
  // used only as documented, so the warnings are noise here.
  env: { ...process.env, NODE_NO_WARNINGS: "1" },
});
if (snapshot.status !== 0) {
  process.stderr.write(snapshot.stderr);
  console.error(`build-node: building the start-up snapshot failed (exit ${snapshot.status ?? snapshot.signal})`);
  process.exit(1);
}
await rename(temporary(blob), blob);
