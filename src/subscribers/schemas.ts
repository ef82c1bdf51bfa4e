import { z } from "@hono/zod-openapi";
import { emailSchema } from "./address.js";

export const frequencies = ["daily", "weekly", "none"] as const;

const slugList = (what: string, example: string[]) =>
  z
    .array(z.string().min(1).max(120))
    .max(20)
    .openapi({ description: `Only questions of these ${what} (slugs); empty or absent means all`, example });

export const preferencesSchema = z
  .object({
    categories: slugList("categories", ["deep-learning", "ml-system-design"]).default([]),
    companies: slugList("companies", ["google"]).default([]),
    frequency: z
      .enum(frequencies)
      .default("weekly")
      .openapi({ description: "How often a question mail comes; none: only the bank", example: "weekly" }),
  })
  .strict()
  .openapi("Preferences");

export const subscribeRequestSchema = z
  .object({
    email: emailSchema,
    preferences: preferencesSchema.optional(),
  })
  .strict()
  .openapi("SubscribeRequest", {
    example: { email: "ada@example.com", preferences: { categories: ["deep-learning"], companies: [], frequency: "weekly" } },
  });

export const subscribeAcceptedSchema = z
  .object({
    status: z.literal("accepted"),
    message: z
      .string()
      .openapi({ example: "If this address can receive mail, a confirmation link is on its way. Follow it to receive the question bank." }),
  })
  .openapi("SubscribeAccepted");

export const subscriptionStateSchema = z
  .object({
    status: z.enum(["pending", "confirmed", "already-confirmed", "unsubscribed"]).openapi({
      example: "confirmed",
      description: "pending: not confirmed yet (POST the confirmation link to confirm)",
    }),
    message: z.string().openapi({ example: "Your subscription is confirmed. The question bank is on its way to your inbox." }),
  })
  .openapi("SubscriptionState");

export const subscriberPreferencesSchema = z
  .object({
    status: z.enum(["pending", "confirmed", "unsubscribed"]).openapi({ example: "confirmed" }),
    preferences: preferencesSchema,
  })
  .openapi("SubscriberPreferences");

export const tokenQuerySchema = z
  .object({
    token: z
      .string()
      .min(1)
      .max(2048)
      .openapi({ param: { name: "token", in: "query" }, description: "The token from the link in your mail", example: "eyJzIjoi..." }),
  })
  .strict();

export type Preferences = z.infer<typeof preferencesSchema>;
