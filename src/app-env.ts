import type { Database } from "./db/client.js";
import type { TokenSigner } from "./http/signed-token.js";
import type { Logger } from "./logger.js";

/** What the app needs from its runtime; each entry (Node, Workers, tests) builds these. */
export interface AppDeps {
  db: Database;
  config: {
    publicUrl: string;
    signingSecret: string;
  };
  clock?: () => Date;
  logger?: Logger;
}

/** The per-request view of the dependencies, resolved once in createApp. */
export interface Services {
  db: Database;
  publicUrl: string;
  now: () => Date;
  logger: Logger;
  cursors: TokenSigner;
  decks: TokenSigner;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    services: Services;
  };
}
