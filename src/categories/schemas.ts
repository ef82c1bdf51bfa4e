import { z } from "@hono/zod-openapi";

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "must be lowercase words joined by '-'" });

export const categoryRefSchema = z
  .object({
    slug: z.string().openapi({ example: "ml-algorithms-theory" }),
    name: z.string().openapi({ example: "ML Algorithms & Theory" }),
  })
  .openapi("CategoryRef");

export const categorySchema = z
  .object({
    slug: z.string().openapi({ example: "ml-algorithms-theory" }),
    name: z.string().openapi({ example: "ML Algorithms & Theory" }),
    description: z.string().openapi({ example: "The classical core: bias and variance, regularization, optimization…" }),
    questionCount: z.number().int().nonnegative().openapi({ example: 34 }),
  })
  .openapi("Category");

export const categoryListSchema = z.object({ data: z.array(categorySchema) }).openapi("CategoryList");

export type Category = z.infer<typeof categorySchema>;
