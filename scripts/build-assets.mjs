// Copies the pinned Scalar bundle into the Worker's static assets, so /docs needs no CDN.
// Run by wrangler's [build] before every deploy and dev session, and by `npm run build:assets`.
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, "dist/assets/docs/scalar.js");

await mkdir(path.dirname(target), { recursive: true });
await copyFile(path.join(root, "node_modules/@scalar/api-reference/dist/browser/standalone.js"), target);
console.log(path.relative(root, target));
