import { z } from "@hono/zod-openapi";
import { categoryRefSchema } from "../categories/schemas.js";

export const prepTaskSchema = z
  .object({
    title: z.string().openapi({ example: "Practice bias-variance, regularization" }),
    // A union, not .nullable(): generators read `anyOf: [$ref, null]` correctly, `allOf` wrongly.
    category: z.union([categoryRefSchema, z.null()]).openapi({ description: "The category whose questions practise this task, if any" }),
  })
  .openapi("PrepTask");

export const prepPhaseSchema = z
  .object({
    title: z.string().openapi({ example: "ML Fundamentals Review" }),
    summary: z.string().openapi({ example: "Rebuild the classical core before anything else." }),
    weeks: z.array(z.number().int().min(1)).openapi({ example: [1, 2] }),
    tasks: z.array(prepTaskSchema),
  })
  .openapi("PrepPhase");

export const prepPlanSchema = z
  .object({
    title: z.string().openapi({ example: "8-Week Interview Prep Timeline" }),
    weeks: z.number().int().openapi({ example: 8, description: "Length of the plan in weeks" }),
    phases: z.array(prepPhaseSchema),
  })
  .openapi("PrepPlan");

export type PrepPlan = z.infer<typeof prepPlanSchema>;
