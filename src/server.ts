import { main } from "./node-main.js";

// Node entry under tsx (`npm run dev`, the tests). `npm start` runs the bundle of
// snapshot-entry.ts instead; both call main() in node-main.ts.
await main();
