// npm run keys -- create|list|revoke — manage API keys in the database at DATABASE_URL.
//   npm run keys -- create --kind publishable --name "My site" --origin https://example.com [--origin …] [--limit 600]
//   npm run keys -- create --kind secret --name "Backend" [--limit 3000] [--admin]
//   npm run keys -- list [--json]
//   npm run keys -- revoke key_XXXXXXXXXXXX
import { parseArgs } from "node:util";
import { describeConfigError, nodeConfigSchema } from "../src/config.js";
import { createDatabase } from "../src/db/client.js";
import { type ApiKey, createApiKey, listApiKeys, newApiKeySchema, revokeApiKey } from "../src/keys/keys.js";
import { DatabaseOpenError, describeDatabaseUrl, migrateDatabase, openDatabaseClient } from "../src/node/database.js";

const USAGE = `usage:
  npm run keys -- create --kind publishable|secret --name NAME [--origin URL ...] [--limit PER_MINUTE] [--admin]
  npm run keys -- list [--json]
  npm run keys -- revoke KEY_ID
(the database is DATABASE_URL, default file:./data/app.db)`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      kind: { type: "string" },
      name: { type: "string" },
      origin: { type: "string", multiple: true },
      limit: { type: "string" },
      admin: { type: "boolean" },
      json: { type: "boolean" },
    },
  });
}
try {
  args = parse();
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
}
const [command, ...rest] = args.positionals;

const config = nodeConfigSchema.safeParse(process.env);
if (!config.success) fail(describeConfigError(config.error), 1);
const { databaseUrl, databaseAuthToken } = config.data;

function describe(key: ApiKey): string {
  const origins = key.allowedOrigins.length ? ` origins=${key.allowedOrigins.join(",")}` : "";
  const state = key.revokedAt ? `revoked ${key.revokedAt}` : "active";
  return `${key.id}  ${key.kind.padEnd(11)} ${key.prefix}…  ${String(key.rateLimitPerMinute).padStart(6)}/min${key.admin ? " admin" : ""}  ${state}  "${key.name}"${origins}`;
}

try {
  const client = await openDatabaseClient(databaseUrl, databaseAuthToken);
  await migrateDatabase(client);
  const db = createDatabase(client);
  if (command === "create") {
    const input = {
      kind: args.values.kind,
      name: args.values.name,
      allowedOrigins: args.values.origin ?? [],
      ...(args.values.limit !== undefined ? { rateLimitPerMinute: Number(args.values.limit) } : {}),
      admin: args.values.admin ?? false,
    };
    const parsed = newApiKeySchema.safeParse(input);
    if (!parsed.success)
      fail(
        parsed.error.issues
          .map(
            (i) =>
              `--${String(i.path[0] ?? "kind")
                .replace("allowedOrigins", "origin")
                .replace("rateLimitPerMinute", "limit")}: ${i.message}`,
          )
          .join("\n"),
      );
    const created = await createApiKey(db, parsed.data, new Date());
    console.log(describe(created));
    console.log(`\n${created.key}\n\nThis is the only time the key is shown; only its SHA-256 is stored.`);
  } else if (command === "list") {
    const keys = await listApiKeys(db);
    if (args.values.json) console.log(JSON.stringify(keys, null, 2));
    else console.log(keys.length ? keys.map(describe).join("\n") : `no API keys in ${describeDatabaseUrl(databaseUrl)}`);
  } else if (command === "revoke" && rest.length === 1) {
    const revoked = await revokeApiKey(db, rest[0] as string, new Date());
    if (!revoked) fail(`no API key has the id ${rest[0]}`, 1);
    console.log(describe(revoked));
  } else {
    fail(USAGE);
  }
  client.close();
} catch (err) {
  fail(err instanceof DatabaseOpenError ? err.message : `keys: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`, 1);
}
