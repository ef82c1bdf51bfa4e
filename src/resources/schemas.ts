import { z } from "@hono/zod-openapi";

export const resourceKinds = ["book", "course", "subscription", "service"] as const;
export const pricePeriods = ["one-time", "month", "session"] as const;

export const priceSchema = z
  .object({
    min: z.number().nonnegative().openapi({ example: 150 }),
    max: z.number().nonnegative().openapi({ example: 300 }),
    currency: z.string().length(3).openapi({ example: "USD", description: "ISO 4217" }),
    period: z.enum(pricePeriods).openapi({ example: "session" }),
  })
  .openapi("Price");

export const resourceSchema = z
  .object({
    slug: z.string().openapi({ example: "mock-interviews-interviewing-io" }),
    name: z.string().openapi({ example: "Mock interviews (interviewing.io)" }),
    kind: z.enum(resourceKinds).openapi({ example: "service" }),
    description: z.string().openapi({ example: "Anonymous mock interviews with engineers from top companies." }),
    url: z.string().openapi({ format: "uri", example: "https://interviewing.io" }),
    price: priceSchema,
  })
  .openapi("Resource");

export const moneyRangeSchema = z
  .object({
    min: z.number().nonnegative().openapi({ example: 300 }),
    max: z.number().nonnegative().openapi({ example: 500 }),
    currency: z.string().length(3).openapi({ example: "USD" }),
  })
  .openapi("MoneyRange");

export const resourceListSchema = z.object({ data: z.array(resourceSchema), totalInvestment: moneyRangeSchema }).openapi("ResourceList");

export type Resource = z.infer<typeof resourceSchema>;
