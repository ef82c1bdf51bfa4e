import type { MailTransport } from "./types.js";

// Sends through a mail provider's HTTP API with fetch only, so it runs on Workers as well as Node.

const TIMEOUT_MS = 15_000;

export function createHttpTransport({
  url,
  token,
  fetch = globalThis.fetch,
}: {
  url: string;
  token: string;
  fetch?: typeof globalThis.fetch;
}): MailTransport {
  return {
    name: "http",
    async send(mail, options) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Authorization: `Bearer ${token}`,
            // The outbox may retry a mail the provider already accepted; the key lets it drop the repeat.
            "Idempotency-Key": mail.id,
          },
          body: JSON.stringify({
            id: mail.id,
            from: mail.from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            headers: mail.headers,
          }),
          signal: options?.signal ? AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), options.signal]) : AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        throw new Error(`mail provider unreachable: ${err instanceof Error ? err.message : String(err)}`);
      }
      // Read the (small) body so the connection is released; its content is not needed.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`mail provider answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
    },
  };
}
