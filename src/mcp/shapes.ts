import { z } from "@hono/zod-openapi";
import { difficultySchema, type Question, type QuestionSummary } from "../questions/schemas.js";

// What the MCP tools answer about questions: smaller than the REST shapes, so a list does not
// flood a model's context, and the answer only when asked for (`include`).

export const questionBriefSchema = z.object({
  id: z.number().int(),
  slug: z.string().describe("Pass to get_question, or read question://{slug}"),
  title: z.string(),
  category: z.string().describe("Category slug"),
  difficulty: difficultySchema,
  companies: z.array(z.string()).describe("Slugs of the companies known to ask it"),
  tags: z.array(z.string()),
});

export const includeSchema = z
  .enum(["summary", "short", "full"])
  .default("short")
  .describe(
    "How much of the answer: `summary` (none: use it to ask the question without seeing the answer), `short` (the short answer and the interviewer's follow-up questions; the default), `full` (the whole answer in Markdown and the code examples).",
  );

export const questionDetailSchema = questionBriefSchema.extend({
  url: z.string().describe("The question as a Markdown document"),
  shortAnswer: z.string().optional().describe("The answer's short version (Markdown); with include=short or full"),
  followUpQuestions: z.array(z.string()).optional().describe("What an interviewer asks next; with include=short or full"),
  answer: z.string().optional().describe("The whole answer in Markdown, LaTeX in $…$; with include=full"),
  codeExamples: z
    .array(z.object({ language: z.string(), caption: z.string(), code: z.string(), tested: z.boolean(), runtime: z.string() }))
    .optional()
    .describe("Runnable examples; tested=true when our suite executes them; with include=full"),
  related: z.array(z.object({ slug: z.string(), title: z.string() })),
});

export type QuestionBrief = z.infer<typeof questionBriefSchema>;
export type QuestionDetail = z.infer<typeof questionDetailSchema>;
export type Include = z.infer<typeof includeSchema>;

export function questionBrief(q: QuestionSummary): QuestionBrief {
  return {
    id: q.id,
    slug: q.slug,
    title: q.title,
    category: q.category.slug,
    difficulty: q.difficulty,
    companies: q.companies.map((c) => c.slug),
    tags: q.tags,
  };
}

/** The `### Heading` sections of an answer, by heading. */
function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of markdown.split(/^### /m).slice(1)) {
    const newline = part.indexOf("\n");
    out.set(part.slice(0, newline === -1 ? undefined : newline).trim(), newline === -1 ? "" : part.slice(newline + 1).trim());
  }
  return out;
}

export function questionDetail(q: Question, include: Include, publicUrl: string): QuestionDetail {
  const detail: QuestionDetail = {
    ...questionBrief(q),
    url: `${publicUrl}/v1/questions/${q.slug}`,
    related: q.related.map((r) => ({ slug: r.slug, title: r.title })),
  };
  if (include === "summary") return detail;
  const parts = sections(q.answer.markdown);
  detail.shortAnswer = parts.get("Short answer") ?? "";
  // Follow-ups are written `- *The question?* Its answer.`: the questions alone.
  detail.followUpQuestions = [...(parts.get("Follow-ups") ?? "").matchAll(/^- \*(.+?)\*/gm)].map((m) => m[1] as string);
  if (include === "full") {
    detail.answer = q.answer.markdown;
    // The code as text: a model has no use for the highlighted HTML pages show.
    detail.codeExamples = q.codeExamples.map(({ language, caption, code, tested, runtime }) => ({ language, caption, code, tested, runtime }));
  }
  return detail;
}
