// The mail contract shared by the outbox, the templates and every transport.

/** A message ready to send; the transport turns it into RFC 5322 (or a provider's JSON). */
export interface OutboundMail {
  /** Stable per logical mail (the outbox row), used to build the Message-ID so resends are recognisable. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post. */
  headers: Record<string, string>;
}

export interface MailTransport {
  readonly name: "file" | "smtp" | "http";
  /**
   * Resolves when the mail is accepted; rejects with an Error describing the failure (retried by the outbox).
   * When `signal` aborts, the transport drops the connection at once, so a mail the outbox gave up on
   * cannot still be accepted later (the server never saw the end of its data, or already answered).
   */
  send(mail: OutboundMail, options?: { signal?: AbortSignal }): Promise<void>;
}

/** Subject and bodies of one mail, produced by src/mail/templates.ts. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}
