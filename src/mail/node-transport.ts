import type { NodeConfig } from "../config.js";
import { createHttpTransport } from "./transport-http.js";
import { createFileTransport, createSmtpTransport } from "./transport-node.js";
import type { MailTransport } from "./types.js";

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
