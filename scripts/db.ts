// npm run db:migrate | npm run db:seed — against any DATABASE_URL (file:, http:// sqld, libsql:// Turso).
// This is how the Worker's database is prepared: the Worker itself never migrates or renders content.
import { z } from "zod";
import { describeConfigError, nodeConfigSchema } from "../src/config.js";
import { ContentError, readContent } from "../src/content/read.js";
import { storedContentHash, writeContent } from "../src/content/write.js";
import { DatabaseOpenError, describeDatabaseUrl, migrateDatabase, openDatabaseClient } from "../src/node/database.js";

const command = z.enum(["migrate", "seed"]).safeParse(process.argv[2]);
if (!command.success) {
  console.error("usage: tsx scripts/db.ts migrate|seed   (DATABASE_URL and DATABASE_AUTH_TOKEN from the environment)");
  process.exit(2);
}
const parsed = nodeConfigSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(describeConfigError(parsed.error));
  process.exit(1);
}
const { databaseUrl, databaseAuthToken } = parsed.data;
const label = describeDatabaseUrl(databaseUrl);

try {
  const client = await openDatabaseClient(databaseUrl, databaseAuthToken);
  if (command.data === "migrate") {
    await migrateDatabase(client);
    console.log(`migrated ${label}`);
  } else {
    const content = await readContent();
    const unchanged = (await storedContentHash(client)) === content.hash;
    await writeContent(client, content);
    console.log(`seeded ${label}: ${content.questions.length} questions${unchanged ? " (content was already current)" : ""}`);
  }
  client.close();
} catch (err) {
  if (err instanceof DatabaseOpenError || err instanceof ContentError) {
    console.error(err.message);
  } else {
    console.error(`${command.data} failed on ${label}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  process.exit(1);
}
