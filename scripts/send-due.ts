// npm run send-due — one pass of the mail schedule: queue due question mails and send the outbox.
// For cron on hosts that do not keep `npm start` running; the server runs the same pass on a timer.
import { describeConfigError, nodeConfigSchema } from "../src/config.js";
import { createDatabase } from "../src/db/client.js";
import { createTokenSigner } from "../src/http/signed-token.js";
import { createLogger } from "../src/logger.js";
import { runMailJobs } from "../src/mail/jobs.js";
import { DatabaseOpenError, openDatabaseClient } from "../src/node/database.js";
import { createNodeTransport } from "../src/node/mail-transports.js";
import { signingSecretFor } from "../src/node/signing-secret.js";

const parsed = nodeConfigSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(describeConfigError(parsed.error));
  process.exit(1);
}
const config = parsed.data;
try {
  const client = await openDatabaseClient(config.databaseUrl, config.databaseAuthToken);
  const db = createDatabase(client);
  // The links in mails must verify on the server: its SIGNING_SECRET, or the one kept in the database.
  const secret = config.signingSecret ?? (await signingSecretFor(db, undefined, new Date())).secret;
  const result = await runMailJobs({
    db,
    signer: { links: createTokenSigner(secret, "subscriber-link"), publicUrl: config.publicUrl },
    transport: createNodeTransport(config.mail, config.publicUrl),
    from: config.mail.from,
    now: () => new Date(),
    logger: createLogger(config.logLevel),
  });
  console.log(`queued ${result.queued} question mails; sent ${result.sent}, retrying ${result.retried}, failed ${result.failed}`);
  client.close();
} catch (err) {
  console.error(err instanceof DatabaseOpenError ? err.message : `send-due failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
