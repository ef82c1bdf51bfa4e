import { main } from "./node/main.js";

// Node entry under tsx (`npm run dev`, the tests). `npm start` runs the bundle of
// src/node/snapshot-entry.ts instead; both call main() in src/node/main.ts.
await main();
