import { z } from "@hono/zod-openapi";
import { questionSummarySchema } from "../questions/schemas.js";

export const interviewRoundSchema = z
  .object({
    name: z.string().min(1).openapi({ example: "ML depth" }),
    whatItTests: z.string().min(1).openapi({ example: "Theory behind the models you have used, derivations on a whiteboard." }),
  })
  .strict()
  .openapi("InterviewRound");

export const interviewProcessSchema = z
  .object({
    overview: z.string().min(1).openapi({ example: "A recruiter screen, a technical phone screen, then an onsite loop of four to five rounds." }),
    rounds: z.array(interviewRoundSchema).min(1),
    tips: z
      .array(z.string().min(1))
      .min(1)
      .openapi({ example: ["Know the math behind the metrics you quote."] }),
  })
  .strict()
  .openapi("InterviewProcess");

export const companySchema = z
  .object({
    slug: z.string().openapi({ example: "google" }),
    name: z.string().openapi({ example: "Google" }),
    summary: z.string().openapi({ example: "Deep ML fundamentals, system design at scale and efficient code." }),
    focusAreas: z.array(z.string()).openapi({ example: ["ML algorithms depth", "System design at scale", "Coding efficiency"] }),
    questionCount: z.number().int().nonnegative().openapi({ example: 61 }),
    interview: z
      .union([interviewProcessSchema, z.null()])
      .openapi({ description: "How the company interviews; null while we have no reliable account" }),
    links: z
      .object({
        salaries: z.url().openapi({
          description: "What ML roles pay at this company: /v1/salaries filtered to it",
          example: "https://api.example.com/v1/salaries?company=google",
        }),
      })
      .openapi("CompanyLinks"),
  })
  .openapi("Company");

export const companyDetailSchema = companySchema.extend({ questions: z.array(questionSummarySchema) }).openapi("CompanyDetail");

export const companyListSchema = z.object({ data: z.array(companySchema) }).openapi("CompanyList");

export type Company = z.infer<typeof companySchema>;
export type InterviewProcess = z.infer<typeof interviewProcessSchema>;
