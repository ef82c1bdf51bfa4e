import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import type Mail from "nodemailer/lib/mailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { NodeConfig } from "../config.js";
import { createHttpTransport } from "../mail/transport-http.js";
import type { MailTransport, OutboundMail } from "../mail/types.js";

// The Node server's mail transports, as MAIL_TRANSPORT says: a file per mail, SMTP, or the HTTP
// transport the Worker also uses. For the file and SMTP transports nodemailer builds the RFC 5322
// message, so a file in MAIL_DIR is byte for byte what an SMTP server would receive. nodemailer is
// loaded on the first mail, not at start-up.

/** Keeps an id to characters that are safe in a Message-ID and a file name. */
function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, "_");
}

function messageOptions(mail: OutboundMail, messageIdDomain: string): Mail.Options {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    // Stable per outbox row, so a retried mail carries the same Message-ID and receivers can drop the repeat.
    messageId: `<mail-${safeId(mail.id)}@${messageIdDomain}>`,
    date: new Date(),
  };
}

export function createFileTransport({ dir, messageIdDomain = "localhost" }: { dir: string; messageIdDomain?: string }): MailTransport {
  return {
    name: "file",
    async send(mail) {
      // `newline` (known to the MIME builder, missing from the types) makes every line end in CRLF, as RFC 5322 requires.
      const { default: MailComposer } = await import("nodemailer/lib/mail-composer/index.js");
      const message = await new MailComposer({ ...messageOptions(mail, messageIdDomain), newline: "windows" } as Mail.Options).compile().build();
      await mkdir(dir, { recursive: true });
      // ISO time with '-' for ':' (not allowed in Windows file names), so names still sort by time.
      const name = `${new Date().toISOString().replace(/:/g, "-")}-${safeId(mail.id)}.eml`;
      const temporary = join(dir, `.${name}.tmp`);
      // Write then rename: whoever watches the directory never sees half a message.
      try {
        await writeFile(temporary, message);
        await rename(temporary, join(dir, name));
      } catch (err) {
        await rm(temporary, { force: true });
        throw err;
      }
    },
  };
}

export function createSmtpTransport({ url, messageIdDomain = "localhost" }: { url: string; messageIdDomain?: string }): MailTransport {
  const options: SMTPTransport.Options = {
    url,
    // Fail a dead or stalled server within seconds, so the outbox retries instead of hanging a pass.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  let nodemailer: typeof import("nodemailer") | undefined;
  return {
    name: "smtp",
    async send(mail, { signal } = {}) {
      nodemailer ??= (await import("nodemailer")).default;
      signal?.throwIfAborted();
      // The session runs on a socket we open, so an abort (the outbox's send deadline, a shutdown)
      // can destroy it: a mail given up on can then never be accepted behind the outbox's back.
      let socket: Socket | undefined;
      const transporter = nodemailer.createTransport({
        ...options,
        getSocket(resolved: SMTPTransport.Options, callback: (err: Error | null, socketOptions: unknown) => void) {
          if (signal?.aborted) return callback(signal.reason as Error, false);
          // nodemailer's own defaults; smtps:// is wrapped in TLS by nodemailer on this socket.
          const port = Number(resolved.port) || (resolved.secure ? 465 : 587);
          const opened = connect({ host: resolved.host || "localhost", port });
          socket = opened;
          const timer = setTimeout(() => opened.destroy(new Error("Connection timeout")), options.connectionTimeout);
          opened.once("connect", () => {
            clearTimeout(timer);
            opened.removeAllListeners("error");
            callback(null, { connection: opened });
          });
          opened.once("error", (err) => {
            clearTimeout(timer);
            callback(err, false);
          });
        },
      });
      const sending = transporter.sendMail(messageOptions(mail, messageIdDomain));
      if (!signal) {
        await sending;
        return;
      }
      const onAbort = () => socket?.destroy();
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        await Promise.race([
          sending,
          new Promise<never>((_, reject) => {
            const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error("send aborted"));
            if (signal.aborted) fail();
            else signal.addEventListener("abort", fail, { once: true });
          }),
        ]);
      } finally {
        signal.removeEventListener("abort", onAbort);
        sending.catch(() => undefined); // rejected after the abort: already reported
      }
    },
  };
}

/** The transport MAIL_TRANSPORT names, or null for `none` (mails stay queued for another sender). */
export function createNodeTransport(mail: NodeConfig["mail"], publicUrl: string): MailTransport | null {
  const messageIdDomain = new URL(publicUrl).hostname;
  switch (mail.transport) {
    case "file":
      return createFileTransport({ dir: mail.dir, messageIdDomain });
    case "smtp":
      return createSmtpTransport({ url: mail.smtpUrl as string, messageIdDomain });
    case "http":
      return createHttpTransport({ url: mail.httpUrl as string, token: mail.httpToken as string });
    case "none":
      return null;
  }
}
