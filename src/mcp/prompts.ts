import { z } from "@hono/zod-openapi";
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { ApiError } from "../http/problem.js";
import { questionMarkdown } from "../questions/markdown.js";
import { dealQuestions } from "../questions/random.js";
import { difficulties } from "../questions/schemas.js";
import type { ToolContext } from "./tools.js";

// The prompts (a mock interview, an explained answer) and the question://{slug} resources.

const MARKDOWN = "text/markdown";

/** A refusal of the app (an unknown category) as the JSON-RPC error a client shows, not a 500. */
async function orInvalidParams<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ApiError && err.status < 500) throw new McpError(ErrorCode.InvalidParams, err.message);
    throw err;
  }
}

export function registerPrompts(server: McpServer, { services }: ToolContext) {
  const { db, publicUrl } = services;

  server.registerPrompt(
    "mock_interview",
    {
      title: "Mock ML interview",
      description:
        "Run a mock machine-learning interview with real questions from the bank: the assistant asks one question at a time, waits for the candidate's answer, compares it with ours, follows up as an interviewer would, and scores it.",
      argsSchema: {
        category: z.string().max(120).optional().describe("Category slug, e.g. deep-learning (list_categories)"),
        company: z.string().max(120).optional().describe("Company slug, e.g. google: questions it is known to ask"),
        difficulty: z
          .string()
          .max(10)
          .optional()
          .describe(`One of ${difficulties.join(", ")}`),
        questions: z.string().max(2).optional().describe("How many questions, 1 to 10 (default 3)"),
      },
    },
    ({ category, company, difficulty, questions }) =>
      orInvalidParams(async () => {
        if (difficulty !== undefined && !(difficulties as readonly string[]).includes(difficulty)) {
          throw new ApiError("unknown-value", `Unknown difficulty '${difficulty}'. Known values: ${difficulties.join(", ")}`);
        }
        const total = Math.min(10, Math.max(1, Number.parseInt(questions ?? "3", 10) || 3));
        const filters = { category, company, difficulty: difficulty as (typeof difficulties)[number] | undefined };
        const dealt = await dealQuestions(services, { ...filters, count: 1, exclude: undefined, deck: undefined });
        const first = dealt.data[0];
        if (!first) throw new ApiError("not-found", "No question matches these filters.");
        const scope = [category && `category ${category}`, company && `questions ${company} asks`, difficulty && `${difficulty} difficulty`]
          .filter(Boolean)
          .join(", ");
        const toolFilters = JSON.stringify(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)));
        const text = [
          `You are the interviewer in a mock machine-learning interview${scope ? ` (${scope})` : ""}: ${total} question${total === 1 ? "" : "s"}, one at a time, from the ML Interview Questions API. Use only its questions; do not invent any.`,
          "",
          "For each question:",
          "1. Ask the question in your own words, without hints, and wait for the candidate's answer. Never reveal our answer before the candidate has answered.",
          "2. Then call get_question with include=full and compare: what the candidate got right, what they missed or got wrong, in the order of importance.",
          "3. Ask one or two of its followUpQuestions, as an interviewer would, and wait again.",
          "4. Score the answer from 1 to 4 (1: no hire, 4: strong hire) with one sentence of reasons.",
          "",
          `The next question comes from random_question with ${toolFilters === "{}" ? "no filters" : `the filters ${toolFilters}`} and the deck of the previous call (never repeat a question). At the end, sum up strengths, gaps and what to study (the categories to practise).`,
          "",
          `First question: "${first.title}" (slug ${first.slug}, ${first.difficulty}).`,
          `Deck for the next question: ${dealt.deck ?? "none left (this was the only match)"}.`,
        ].join("\n");
        return {
          description: `Mock interview: ${total} question${total === 1 ? "" : "s"}${scope ? `, ${scope}` : ""}`,
          messages: [{ role: "user" as const, content: { type: "text" as const, text } }],
        };
      }),
  );

  server.registerPrompt(
    "explain_answer",
    {
      title: "Explain an answer",
      description: "Explain one question's answer step by step, with its intuition, the maths and the code, at the level the candidate asks for.",
      argsSchema: {
        question: z.string().min(1).max(200).describe("Slug or numeric id of the question"),
        level: z.string().max(40).optional().describe("Who it is for, e.g. 'beginner' or 'senior engineer' (default: a candidate preparing)"),
      },
    },
    ({ question, level }) =>
      orInvalidParams(async () => {
        const found = await (await services.bank()).question(db, question);
        if (!found) throw new ApiError("not-found", `No question has the id or slug '${question}'.`);
        return {
          description: `Explain: ${found.title}`,
          messages: [
            {
              role: "user" as const,
              content: {
                type: "resource" as const,
                resource: { uri: `question://${found.slug}`, mimeType: MARKDOWN, text: questionMarkdown(found, publicUrl) },
              },
            },
            {
              role: "user" as const,
              content: {
                type: "text" as const,
                text: `Explain the answer to "${found.title}" (attached) to ${level ? `a ${level}` : "a candidate preparing for ML interviews"}: start from the intuition, then the key steps of the reasoning and the maths, then what the code example shows. Say which points an interviewer listens for and the common mistakes. Stay faithful to the attached answer; say so where you go beyond it.`,
              },
            },
          ],
        };
      }),
  );

  server.registerResource(
    "question",
    new ResourceTemplate("question://{slug}", {
      list: async () => {
        const { summaries } = await services.bank();
        return {
          resources: [...summaries.values()].map((s) => ({
            uri: `question://${s.slug}`,
            name: s.slug,
            title: s.title,
            description: `${s.category.name}, ${s.difficulty}`,
            mimeType: MARKDOWN,
          })),
        };
      },
    }),
    { title: "Interview question", description: "One question with its whole answer and code, as Markdown", mimeType: MARKDOWN },
    (uri, { slug }) =>
      orInvalidParams(async () => {
        const found = await (await services.bank()).question(db, String(slug));
        if (!found) throw new ApiError("not-found", `No question has the slug '${String(slug)}'.`);
        return { contents: [{ uri: uri.href, mimeType: MARKDOWN, text: questionMarkdown(found, publicUrl) }] };
      }),
  );
}
