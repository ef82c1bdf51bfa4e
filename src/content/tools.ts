// What only reading content needs: markdown rendering (markdown-it, highlight.js, sanitize-html)
// and the YAML and front-matter parsers. src/content/read.ts imports this on demand, so a server
// restarting on unchanged content never loads it; the Node build keeps it out of the start-up
// snapshot altogether (scripts/build-node.mjs).

export { default as matter } from "gray-matter";
export { default as YAML } from "yaml";
export * from "./render.js";
