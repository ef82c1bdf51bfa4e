// npm run openapi — writes openapi.json from the zod schemas (the same document /openapi.json serves).
import { writeFile } from "node:fs/promises";
import { createClient } from "@libsql/client";
import { createApp } from "../src/app.js";
import { createDatabase } from "../src/db/client.js";

export const DOCUMENT_SERVER = "http://localhost:8787";

export async function generateOpenApiDocument(): Promise<string> {
  const app = createApp({
    db: createDatabase(createClient({ url: ":memory:" })),
    config: { publicUrl: DOCUMENT_SERVER, signingSecret: "openapi-generation-only-not-a-secret" },
  });
  const res = await app.request("/openapi.json");
  return `${JSON.stringify(await res.json(), null, 2)}\n`;
}

if (process.argv[1]?.endsWith("openapi.ts")) {
  await writeFile("openapi.json", await generateOpenApiDocument());
  console.log("wrote openapi.json");
}
