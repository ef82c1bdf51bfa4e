import { startupSnapshot } from "node:v8";
// The Node bundle's entry (scripts/build-node.mjs). `npm start` runs it from a V8 start-up
// snapshot: these modules (the app with every route and schema, configuration, the content
// loader, the database layer, mail) are evaluated once when the snapshot is built, so a start
// deserializes them instead of parsing and running a megabyte of JavaScript. What main.ts adds
// on top (node:http, @hono/node-server) loads at run time: node:http cannot be snapshotted.
// Nothing here may read the environment, the clock or the file system while loading; the build
// refuses a snapshot that read an environment variable.
import "../app.js";
import "../config.js";
import "../db/client.js";
import "./database.js";
import "./hmac.js";
import "../http/problem.js";
import "./response-cache.js";
import "../http/signed-token.js";
import "../logger.js";
import "../mail/jobs.js";
import "./mail-transports.js";
import "../content/read.js";
import "../content/write.js";

const run = () => void import("./main.js").then((entry) => entry.main());

if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.setDeserializeMainFunction(run);
else run();
