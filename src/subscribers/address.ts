import { z } from "@hono/zod-openapi";

// RFC 5321 limits: 64 octets of local part, 255 of domain, 254 for the whole path.
const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s).length;

export const emailSchema = z
  .string()
  .max(320)
  .transform((v) => v.trim())
  .pipe(
    z
      .string()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused
      .refine((v) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(v), { message: "must not contain control characters or line breaks" })
      .refine((v) => bytes(v) <= 254, { message: "must be at most 254 characters (RFC 5321)" })
      .refine(
        (v) => {
          const at = v.lastIndexOf("@");
          return at > 0 && bytes(v.slice(0, at)) <= 64 && bytes(v.slice(at + 1)) <= 255;
        },
        { message: "local part at most 64 and domain at most 255 characters (RFC 5321)" },
      )
      .pipe(z.email({ message: "must be an e-mail address such as ada@example.com" })),
  )
  .openapi({ example: "ada@example.com", description: "The address to send the bank to; trimmed, domain lowercased" });

/** The address as we store it (domain lowercased) and its key (wholly lowercased: one subscriber per address). */
export function normalizeAddress(valid: string): { email: string; key: string } {
  const at = valid.lastIndexOf("@");
  const email = `${valid.slice(0, at)}@${valid.slice(at + 1).toLowerCase()}`;
  return { email, key: email.toLowerCase() };
}

/** For logs: never a full address. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "***";
  return `${address[0]}***@${address.slice(at + 1)}`;
}
