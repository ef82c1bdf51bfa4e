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
