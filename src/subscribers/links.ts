import { z } from "zod";
import type { Services } from "../app-env.js";

/** What building and reading links needs: the signer and the public URL. */
export type LinkSigner = Pick<Services, "links" | "publicUrl">;

// Long-lived links carried by every mail. They name the subscriber and what the link is for; the
// subscriber's status, not an expiry, decides what they may still do.

export type LinkPurpose = "unsubscribe" | "preferences" | "bank";
const payloadSchema = z.object({ s: z.string().min(1).max(64), p: z.enum(["unsubscribe", "preferences", "bank"]) }).strict();

export async function subscriberLink(services: LinkSigner, purpose: LinkPurpose, subscriberId: string, query = ""): Promise<string> {
  const token = await services.links.sign({ s: subscriberId, p: purpose });
  return `${services.publicUrl}/v1/subscribers/${purpose}?token=${token}${query}`;
}

/** The subscriber id a link token was issued for, or null if it is forged or for another purpose. */
export async function subscriberFromLink(services: LinkSigner, purpose: LinkPurpose, token: string): Promise<string | null> {
  const payload = payloadSchema.safeParse(await services.links.verify(token));
  return payload.success && payload.data.p === purpose ? payload.data.s : null;
}

export function confirmLink(services: LinkSigner, token: string): string {
  return `${services.publicUrl}/v1/subscribers/confirm?token=${token}`;
}

/** The RFC 2369 / RFC 8058 headers every mail carries. */
export async function listHeaders(services: LinkSigner, subscriberId: string): Promise<Record<string, string>> {
  return {
    "List-Unsubscribe": `<${await subscriberLink(services, "unsubscribe", subscriberId)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
