// Copies the pinned Scalar bundle into the Worker's static assets, so /docs needs no CDN.
import { copyFile, mkdir } from "node:fs/promises";

await mkdir("dist/assets/docs", { recursive: true });
await copyFile("node_modules/@scalar/api-reference/dist/browser/standalone.js", "dist/assets/docs/scalar.js");
console.log("dist/assets/docs/scalar.js");
