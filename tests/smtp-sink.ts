import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { TEST_SECRET } from "./helpers.js";
import { freePort, type Running, startProcess } from "./process.js";

// A real SMTP server (smtp-server) for fault tests: it records every message whose data arrived
// in full, and whether it answered 250 for it while the client was still connected. `hold` decides
// when it answers, so a test can make the server slow, or stall it at the most delicate moment of
// a send: the data is in, the answer is not out yet.

export interface SinkMessage {
  session: string;
  messageId: string;
  to: string[];
  raw: string;
  /** 250 sent while the client was connected: the server took the mail. */
  acknowledged: boolean;
}

export interface SmtpSink {
  port: number;
  /** Every message whose data arrived in full, acknowledged or not. */
  received: SinkMessage[];
  /** The mails the server took (answered 250). */
  accepted(): SinkMessage[];
  /** Called when a message's data is in; the 250 goes out when the promise resolves. */
  hold: ((message: SinkMessage) => Promise<void>) | null;
  close(): Promise<void>;
}

export async function startSmtpSink(port = 0, received: SinkMessage[] = []): Promise<SmtpSink> {
  const closed = new Set<string>();
  const sink: SmtpSink = {
    port,
    received,
    accepted: () => received.filter((m) => m.acknowledged),
    hold: null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 100,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const message: SinkMessage = {
          session: session.id,
          messageId: raw.match(/^Message-ID:\s*(<[^>\r\n]+>)/im)?.[1] ?? "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          acknowledged: false,
        };
        received.push(message);
        void (sink.hold?.(message) ?? Promise.resolve()).then(() => {
          if (closed.has(session.id)) return; // the client went away before the answer
          message.acknowledged = true;
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  // A client killed mid-session resets its connection: expected here, not a test failure.
  server.on("error", () => undefined);
  sink.port = (server.server.address() as AddressInfo).port;
  return sink;
}

/** How many times each key occurs, e.g. deliveries per recipient. */
export function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The server as `npm start` runs it, sending its mail over SMTP (the caller gives SMTP_URL and the database). */
export async function startServer(env: Record<string, string>): Promise<Running & { port: number; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = await startProcess("sh", ["scripts/start.sh"], {
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      SIGNING_SECRET: TEST_SECRET,
      LOG_LEVEL: "info",
      MAIL_TRANSPORT: "smtp",
      MAIL_POLL_SECONDS: "0.2",
      SIGNUP_LIMIT_PER_CLIENT: "1000",
      ...env,
    },
    ready: /"msg":"listening"/,
    timeoutMs: 60_000,
  });
  return { ...running, port, url };
}
