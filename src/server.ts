import { main } from "./node-main.js";

// Node entry (tsx, and the bundle npm start runs): see node-main.ts.
await main();
