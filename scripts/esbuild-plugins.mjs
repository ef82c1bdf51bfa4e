// esbuild plugins shared by the Node bundle (scripts/build-node.mjs) and the Worker bundle
// (scripts/build-worker.mjs).

/**
 * zod's translations of its error messages into 40-odd languages, left out: our errors are
 * English problem+json, and the locales are a quarter of the Worker and a good part of what Node
 * parses at every start.
 */
export const withoutZodLocales = {
  name: "without-zod-locales",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.(c?js)$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: "zod-locales", namespace: "empty" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/**
 * What the MCP SDK (@modelcontextprotocol/sdk) imports for cases our server never meets, left
 * out: Zod 3 and its JSON Schema converter (our tools are described with Zod 4 schemas), and ajv,
 * which the SDK's server uses only to check a client's answer to an elicitation (we never elicit;
 * src/mcp/server.ts passes its own validator, which refuses). Together they were 45 KB of the
 * Worker, gzipped; the stubs throw if a future change ever reaches them.
 */
export const withoutMcpExtras = {
  name: "without-mcp-extras",
  setup(b) {
    const stubs = {
      "zod/v3": "export const object = () => { throw new Error('Zod 3 schemas are not bundled: describe MCP tools with Zod 4'); };",
      "zod-to-json-schema":
        "export const zodToJsonSchema = () => { throw new Error('Zod 3 schemas are not bundled: describe MCP tools with Zod 4'); };",
      "../validation/ajv-provider.js":
        "export class AjvJsonSchemaValidator { getValidator() { throw new Error('ajv is not bundled: pass jsonSchemaValidator'); } }",
    };
    b.onResolve({ filter: /^(zod\/v3|zod-to-json-schema|\.\.\/validation\/ajv-provider\.js)$/ }, (args) =>
      /[\\/]@modelcontextprotocol[\\/]sdk[\\/]/.test(args.importer) ? { path: args.path, namespace: "mcp-stub" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "mcp-stub" }, (args) => ({ contents: stubs[args.path], loader: "js" }));
  },
};

/**
 * What zod 4 exports for cases the Worker never meets, left out of it: `z.compile` (it builds
 * parsers with `new Function`, which Workers forbid anyway) and `z.fromJSONSchema` (we only ever
 * turn zod into JSON Schema, for the OpenAPI document and MCP). 42 KB of the Worker before
 * minifying, about 11 KB gzipped; the stubs throw if anything ever calls them.
 */
export const withoutZodExtras = {
  name: "without-zod-extras",
  setup(b) {
    const unsupported = (what) => `() => { throw new Error("${what} is not bundled in the Worker"); }`;
    const stubs = {
      "./compile.js": `export const INVALID = Symbol.for("zod.compile.invalid");
export class ZodCompileAsyncError extends Error {}
export class ZodCompileUnsupportedError extends Error {}
export const compile = ${unsupported("z.compile")};
export const withParser = ${unsupported("z.compile")};
export const compileFn = ${unsupported("z.compile")};`,
      "./from-json-schema.js": `export const fromJSONSchema = ${unsupported("z.fromJSONSchema")};`,
    };
    b.onResolve({ filter: /^\.\/(compile|from-json-schema)\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](core|classic)[\\/]/.test(args.importer) ? { path: args.path, namespace: "zod-stub" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-stub" }, (args) => ({ contents: stubs[args.path], loader: "js" }));
  },
};

/**
 * ipaddr.js, left out of the Worker: only Node's TRUST_PROXY reads addresses with it (the Worker is
 * told its client by CF-Connecting-IP, and counts it with src/http/client-address.ts's own
 * rateLimitAddress). 13 KB before minifying; the stub throws if the Worker ever reaches it.
 */
export const withoutIpaddr = {
  name: "without-ipaddr",
  setup(b) {
    b.onResolve({ filter: /^ipaddr\.js$/ }, () => ({ path: "ipaddr.js", namespace: "ipaddr-stub" }));
    b.onLoad({ filter: /.*/, namespace: "ipaddr-stub" }, () => ({
      contents: `const refuse = () => { throw new Error("ipaddr.js is not bundled in the Worker: TRUST_PROXY is Node's"); };
export default new Proxy({}, { get: refuse });`,
      loader: "js",
    }));
  },
};
