import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { registerPrompts } from "./prompts.js";
import { registerTools, type ToolContext } from "./tools.js";

const INSTRUCTIONS =
  "Machine-learning interview questions with detailed, reviewed answers and tested code, by category and by what each company asks. Use search_questions or random_question to find questions (summaries), get_question for one answer (include=summary to ask it first without seeing the answer), company_interview for how a company interviews, and the mock_interview prompt to run an interview. Never invent questions: quiz with these.";

// The SDK checks a client's answer to an elicitation with a JSON Schema validator (ajv by
// default). This server never elicits, so it says so instead of carrying ajv (see
// scripts/esbuild-plugins.mjs): the same on Node and on Workers.
const noElicitation: jsonSchemaValidator = {
  getValidator: () => {
    throw new Error("This server never asks the client for input.");
  },
};

/** One MCP server for one HTTP request (stateless): its tools, prompts and resources. */
export function createMcpServer(context: ToolContext, version: string): McpServer {
  const server = new McpServer(
    { name: "ml-interview-questions", title: "ML Interview Questions", version },
    { instructions: INSTRUCTIONS, jsonSchemaValidator: noElicitation },
  );
  registerTools(server, context);
  registerPrompts(server, context);
  return server;
}
