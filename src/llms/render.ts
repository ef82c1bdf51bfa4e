import { assistantSection } from "./readme-section.js";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

// /llms.txt and /llms-full.txt (the llmstxt.org convention), written from the OpenAPI document the
// service serves and the README's section on AI assistants: nothing here is copied by hand, so
// they cannot drift from the contract.

interface Schema {
  type?: string | string[];
  $ref?: string;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Parameter {
  name?: string;
  in?: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { $ref?: string; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { $ref?: string; description?: string; content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApiDocument {
  info: { title: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  paths?: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components?: { schemas?: Record<string, Schema> };
}

function operations(doc: OpenApiDocument) {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = item[method];
      return op ? [{ method: method.toUpperCase(), path, op }] : [];
    }),
  );
}

function typeOf(schema: Schema | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) return schema.$ref.split("/").pop() as string;
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map(typeOf).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  return Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "object");
}

const oneLine = (text: string | undefined) => (text ?? "").replace(/\s*\n\s*/g, " ").trim();

/** The short index: what the API is, where its docs are, how an agent uses it. */
export function renderLlmsTxt(doc: OpenApiDocument, publicUrl: string): string {
  const [summary = "", ...rest] = (doc.info.description ?? "").split("\n\n");
  const lines = [
    `# ${doc.info.title}`,
    "",
    `> ${oneLine(summary)}`,
    "",
    ...rest.map((p) => `${p}\n`),
    `Base URL: ${publicUrl}. Reads need no key; JSON everywhere, RFC 9457 problem+json errors.`,
    "",
    "## Docs",
    "",
    `- [Full reference in Markdown](${publicUrl}/llms-full.txt): every endpoint, parameter, response and schema`,
    `- [OpenAPI 3.1 document](${publicUrl}/openapi.json): the machine-readable contract, for code generators`,
    `- [API reference](${publicUrl}/docs): the interactive reference (HTML)`,
    "",
    "## For AI assistants",
    "",
    `- [MCP server](${publicUrl}/mcp): a remote Model Context Protocol server (Streamable HTTP, stateless) with tools to search, deal and read questions, company interview processes, the prep plan, resources and salaries; prompts \`mock_interview\` and \`explain_answer\`; each question as a \`question://{slug}\` resource`,
    `- [Questions as Markdown](${publicUrl}/v1/questions/bias-variance-tradeoff): \`GET /v1/questions/{idOrSlug}\` with \`Accept: text/markdown\` answers the whole question (title, metadata, answer, code) as one Markdown document`,
    "",
    "## Endpoints",
    "",
    ...operations(doc).map(({ method, path, op }) => `- \`${method} ${path}\`: ${oneLine(op.summary)}`),
    "",
  ];
  return lines.join("\n");
}

function renderOperation(method: string, path: string, op: Operation): string[] {
  const lines = [`### ${method} ${path}`, "", oneLine(op.summary), "", op.description ?? "", ""];
  if (op.parameters?.length) {
    lines.push("Parameters:", "");
    for (const p of op.parameters) {
      lines.push(`- \`${p.name}\` (${p.in}, ${typeOf(p.schema)}${p.required ? ", required" : ""}): ${oneLine(p.description)}`);
    }
    lines.push("");
  }
  const body = op.requestBody?.content;
  if (body)
    lines.push(
      `Body: ${Object.entries(body)
        .map(([type, media]) => `${type} \`${typeOf(media.schema)}\``)
        .join(", ")}`,
      "",
    );
  lines.push("Responses:", "");
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    const content = Object.entries(response.content ?? {}).map(([type, media]) => `${type} \`${typeOf(media.schema)}\``);
    lines.push(`- ${status}: ${oneLine(response.description)}${content.length ? ` (${content.join(", ")})` : ""}`);
  }
  lines.push("");
  return lines;
}

/** The whole reference: the overview, the assistants' section, every operation by tag, every schema. */
export function renderLlmsFullTxt(doc: OpenApiDocument, publicUrl: string): string {
  const lines = [`# ${doc.info.title}: full reference`, "", doc.info.description ?? "", "", `Base URL: ${publicUrl}`, ""];
  lines.push(assistantSection.replace(/http:\/\/localhost:8787/g, publicUrl), "");
  const all = operations(doc);
  for (const tag of doc.tags ?? []) {
    const tagged = all.filter(({ op }) => op.tags?.includes(tag.name));
    if (tagged.length === 0) continue;
    lines.push(`## ${tag.name}`, "", tag.description ?? "", "");
    for (const { method, path, op } of tagged) lines.push(...renderOperation(method, path, op));
  }
  lines.push("## Schemas", "");
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    lines.push(`### ${name}`, "");
    if (schema.description) lines.push(oneLine(schema.description), "");
    if (!schema.properties) {
      lines.push(`\`${typeOf(schema)}\``, "");
      continue;
    }
    for (const [property, value] of Object.entries(schema.properties)) {
      const required = schema.required?.includes(property) ? "" : ", optional";
      const description = oneLine(value.description);
      lines.push(`- \`${property}\` (${typeOf(value)}${required})${description ? `: ${description}` : ""}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
