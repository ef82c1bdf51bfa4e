import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateReadmeSection } from "../scripts/openapi.js";
import { TEST_ADMIN_KEY, TEST_SECRET } from "./helpers.js";
import { freePort, type Running, startProcess, TSX } from "./process.js";

// The MCP server at /mcp with the SDK's own client, over a real socket, against the Node server;
// the Markdown questions and /llms.txt beside it. The Worker's side is in tests/worker.test.ts.

let dir: string;
let server: Running & { url: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mcp-test-"));
  const port = await freePort();
  server = {
    ...(await startProcess(TSX, ["src/server.ts"], {
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        SIGNING_SECRET: TEST_SECRET,
        ADMIN_API_KEY: TEST_ADMIN_KEY,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: `file:${path.join(dir, "app.db")}`,
      },
      ready: /"msg":"listening"/,
      timeoutMs: 90_000,
    })),
    url: `http://127.0.0.1:${port}`,
  };
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function connect(headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "mcp-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
  return client;
}

async function createKey(rateLimitPerMinute: number): Promise<string> {
  const res = await fetch(`${server.url}/v1/admin/keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ kind: "secret", name: "MCP test", rateLimitPerMinute }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).key;
}

/** A raw JSON-RPC POST, as a client without the SDK sends it. */
function rpc(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/mcp`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", "Mcp-Protocol-Version": "2025-11-25", ...headers },
    body: JSON.stringify(body),
  });
}
const call = (id: number, name: string, args: Record<string, unknown>) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});

type Structured = Record<string, any>;
async function callTool(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = await client.callTool({ name, arguments: args });
  return {
    isError: result.isError === true,
    data: result.structuredContent as Structured,
    text: (result.content as Array<{ text: string }>)[0]?.text ?? "",
  };
}

describe("POST /mcp (the SDK's client against the Node server)", () => {
  it("lists ten read-only tools, each described for a model with input and output schemas", async () => {
    const client = await connect();
    expect(client.getServerVersion()?.name).toBe("ml-interview-questions");
    expect(client.getInstructions()).toMatch(/Never invent questions/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        "company_interview",
        "get_question",
        "list_categories",
        "list_companies",
        "prep_plan",
        "question_of_the_day",
        "random_question",
        "resources",
        "salary_summary",
        "search_questions",
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(60);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      expect(tool.annotations?.readOnlyHint).toBe(true);
    }
    const search = tools.find((t) => t.name === "search_questions")!;
    expect(Object.keys(search.inputSchema.properties ?? {})).toEqual(["q", "category", "company", "difficulty", "tag", "limit", "cursor"]);
    await client.close();
  });

  it("searches with the REST filters and pages with the cursor, in short summaries", async () => {
    const client = await connect();
    const first = await callTool(client, "search_questions", { category: "deep-learning", limit: 3 });
    expect(first.isError).toBe(false);
    expect(first.data.questions).toHaveLength(3);
    expect(first.data.questions.every((q: Structured) => q.category === "deep-learning" && !("answer" in q))).toBe(true);
    const second = await callTool(client, "search_questions", { category: "deep-learning", limit: 3, cursor: first.data.nextCursor });
    expect(second.data.questions.map((q: Structured) => q.id)).not.toContain(first.data.questions[0].id);
    // The same page as REST, and the text block is the structured content as JSON.
    const rest = await (await fetch(`${server.url}/v1/questions?category=deep-learning&limit=3`)).json();
    expect(first.data.questions.map((q: Structured) => q.slug)).toEqual(rest.data.map((q: Structured) => q.slug));
    expect(JSON.parse(first.text)).toEqual(first.data);
    const found = await callTool(client, "search_questions", { q: "dropout", limit: 5 });
    expect(found.data.questions.map((q: Structured) => q.slug)).toContain("dropout");
    await client.close();
  });

  it("gets a question without, with the short, and with the full answer", async () => {
    const client = await connect();
    const summary = await callTool(client, "get_question", { idOrSlug: "bias-variance-tradeoff", include: "summary" });
    expect(summary.data.title).toBe("What is the bias-variance trade-off?");
    expect(summary.data).not.toHaveProperty("shortAnswer");
    const short = await callTool(client, "get_question", { idOrSlug: "1001" });
    expect(short.data.shortAnswer).toMatch(/bias/);
    expect(short.data.followUpQuestions.length).toBeGreaterThan(0);
    expect(short.data).not.toHaveProperty("answer");
    const full = await callTool(client, "get_question", { idOrSlug: "bias-variance-tradeoff", include: "full" });
    const rest = await (await fetch(`${server.url}/v1/questions/bias-variance-tradeoff`)).json();
    expect(full.data.answer).toBe(rest.answer.markdown);
    // The code as REST has it, without the highlighted HTML pages show (a model reads the code).
    expect(full.data.codeExamples).toEqual(
      rest.codeExamples.map(({ html, ...example }: { html: string }) => {
        expect(html).toContain("<span");
        return example;
      }),
    );
    expect(short.text.length).toBeLessThan(full.text.length / 2);
    await client.close();
  });

  it("deals random questions without repeats by carrying the deck", async () => {
    const client = await connect();
    const filters = { category: "statistics-probability", difficulty: "hard" };
    const rest = await (await fetch(`${server.url}/v1/questions?category=statistics-probability&difficulty=hard&limit=100`)).json();
    const seen: string[] = [];
    let deck: string | undefined;
    do {
      const dealt = await callTool(client, "random_question", { ...filters, count: 5, ...(deck ? { deck } : {}) });
      expect(dealt.isError).toBe(false);
      seen.push(...dealt.data.questions.map((q: Structured) => q.slug));
      deck = dealt.data.deck ?? undefined;
    } while (deck);
    expect(seen.sort()).toEqual(rest.data.map((q: Structured) => q.slug).sort());
    await client.close();
  });

  it("answers the other tools from the same data as REST", async () => {
    const client = await connect();
    const daily = await callTool(client, "question_of_the_day", { date: "2026-01-15", category: "coding" });
    const restDaily = await (await fetch(`${server.url}/v1/questions/daily?date=2026-01-15&category=coding`)).json();
    expect(daily.data.question.slug).toBe(restDaily.question.slug);
    expect((await callTool(client, "list_categories")).data.categories).toEqual((await (await fetch(`${server.url}/v1/categories`)).json()).data);
    const companies = (await callTool(client, "list_companies")).data.companies;
    expect(companies.map((c: Structured) => c.slug)).toContain("google");
    const google = (await callTool(client, "company_interview", { company: "google" })).data;
    expect(google.interview.rounds.length).toBeGreaterThan(0);
    expect(google.questions.length).toBeLessThanOrEqual(10);
    expect((await callTool(client, "prep_plan")).data.weeks).toBe(8);
    const books = (await callTool(client, "resources", { kind: "book" })).data;
    expect(books.resources.length).toBeGreaterThan(0);
    expect(books.resources.every((r: Structured) => r.kind === "book")).toBe(true);
    const pay = (await callTool(client, "salary_summary", { role: "machine-learning-engineer", location: "sf-bay-area" })).data;
    const restPay = await (await fetch(`${server.url}/v1/salaries/summary?role=machine-learning-engineer&location=sf-bay-area`)).json();
    expect(pay).toEqual(restPay);
    await client.close();
  });

  it("answers bad input with a tool error the model can read, never a protocol error", async () => {
    const client = await connect();
    const unknown = await callTool(client, "random_question", { category: "astrology" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toBe(
      "Unknown category 'astrology'. Known values: behavioral, coding, deep-learning, ml-algorithms-theory, ml-system-design, statistics-probability",
    );
    const tooMany = await callTool(client, "search_questions", { limit: 500 });
    expect(tooMany.isError).toBe(true);
    expect(tooMany.text).toMatch(/limit/);
    const forged = await callTool(client, "random_question", { deck: "forged" });
    expect(forged).toMatchObject({ isError: true, text: expect.stringMatching(/deck is not valid/) });
    const missing = await callTool(client, "get_question", { idOrSlug: "no-such-question" });
    expect(missing).toMatchObject({ isError: true, text: expect.stringMatching(/No question has the id or slug 'no-such-question'/) });
    const noCompany = await callTool(client, "company_interview", { company: "initech" });
    expect(noCompany.text).toMatch(/Known companies: .*google/);
    const noTool = await callTool(client, "delete_everything");
    expect(noTool).toMatchObject({ isError: true, text: expect.stringMatching(/Tool delete_everything not found/) });
    await client.close();
  });

  it("runs a mock interview prompt on a real question, and explains an attached answer", async () => {
    const client = await connect();
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(["explain_answer", "mock_interview"]);
    const mock = await client.getPrompt({ name: "mock_interview", arguments: { category: "deep-learning", difficulty: "medium", questions: "2" } });
    const text = (mock.messages[0]!.content as { text: string }).text;
    expect(text).toMatch(/2 questions, one at a time/);
    expect(text).toMatch(/wait for the candidate's answer/);
    const slug = /\(slug ([a-z0-9-]+), medium\)/.exec(text)?.[1];
    const first = await callTool(client, "get_question", { idOrSlug: slug, include: "summary" });
    expect(first.data).toMatchObject({ category: "deep-learning", difficulty: "medium" });
    const deck = /Deck for the next question: (\S+)\.$/.exec(text)?.[1];
    const next = await callTool(client, "random_question", { category: "deep-learning", difficulty: "medium", deck });
    expect(next.data.questions[0].slug).not.toBe(slug);
    await expect(client.getPrompt({ name: "mock_interview", arguments: { category: "astrology" } })).rejects.toThrow(/Unknown category 'astrology'/);

    const explain = await client.getPrompt({ name: "explain_answer", arguments: { question: "bias-variance-tradeoff" } });
    expect(explain.messages[0]?.content).toMatchObject({
      type: "resource",
      resource: { uri: "question://bias-variance-tradeoff", mimeType: "text/markdown" },
    });
    await client.close();
  });

  it("offers every question as a question://{slug} Markdown resource", async () => {
    const client = await connect();
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(["question://{slug}"]);
    const { resources } = await client.listResources();
    const health = await (await fetch(`${server.url}/health`)).json();
    expect(resources).toHaveLength(health.questions);
    const read = await client.readResource({ uri: "question://bias-variance-tradeoff" });
    const markdown = await (await fetch(`${server.url}/v1/questions/bias-variance-tradeoff`, { headers: { Accept: "text/markdown" } })).text();
    expect(read.contents[0]).toEqual({ uri: "question://bias-variance-tradeoff", mimeType: "text/markdown", text: markdown });
    await client.close();
  });

  it("works with a secret key, and refuses a bad one with 401", async () => {
    const key = await createKey(1000);
    const client = await connect({ Authorization: `Bearer ${key}` });
    expect((await callTool(client, "list_categories")).isError).toBe(false);
    await client.close();
    const res = await rpc(call(1, "list_categories", {}), { Authorization: `Bearer ${key}` });
    expect(res.headers.get("ratelimit-policy")).toBe("1000;w=60");
    await expect(connect({ Authorization: "Bearer sk_0000000000000000000000000000000A" })).rejects.toThrow(/401|Unauthorized|No such API key/);
  });

  it("counts every tool call against the rate limit, one by one in a batch; over it, 429 with Retry-After", async () => {
    const key = await createKey(3);
    const auth = { Authorization: `Bearer ${key}` };
    // One HTTP request carrying three tool calls uses the whole limit of three.
    const batch = await rpc([call(1, "list_categories", {}), call(2, "prep_plan", {}), call(3, "get_question", { idOrSlug: "1001" })], auth);
    expect(batch.status).toBe(200);
    expect(((await batch.json()) as unknown[]).length).toBe(3);
    expect(batch.headers.get("ratelimit-remaining")).toBe("0");
    const limited = await rpc(call(4, "list_categories", {}), auth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).detail).toMatch(/may make 3 requests per minute/);
    // A batch of more calls than the limit leaves is refused as a whole.
    const small = await createKey(2);
    const over = await rpc([call(1, "list_categories", {}), call(2, "prep_plan", {}), call(3, "prep_plan", {})], {
      Authorization: `Bearer ${small}`,
    });
    expect(over.status).toBe(429);
    expect((await over.json()).detail).toMatch(/may make 2 requests per minute, and each tool call counts/);

    // What the SDK's client makes of it: once the key's requests are spent (connecting takes a
    // few), a call fails with our problem document in the error.
    const key2 = await createKey(6);
    const client = await connect({ Authorization: `Bearer ${key2}` });
    let succeeded = 0;
    let failure: unknown;
    for (let i = 0; i < 7 && !failure; i++) {
      await client.callTool({ name: "list_categories", arguments: {} }).then(
        () => succeeded++,
        (err: unknown) => (failure = err),
      );
    }
    expect(succeeded).toBeGreaterThan(0);
    expect(String(failure)).toMatch(/too-many-requests[\s\S]*may make 6 requests per minute/);
    await client.close();
  });

  it("negotiates protocol revisions 2025-03-26, 2025-06-18 and 2025-11-25, statelessly", async () => {
    for (const version of ["2025-03-26", "2025-06-18", "2025-11-25"]) {
      const res = await rpc(
        {
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
        },
        { "Mcp-Protocol-Version": version },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("mcp-session-id")).toBeNull();
      expect((await res.json()).result.protocolVersion).toBe(version);
      // No session: any later request stands on its own.
      const listed = await rpc({ jsonrpc: "2.0", id: 2, method: "tools/list" }, { "Mcp-Protocol-Version": version });
      expect((await listed.json()).result.tools).toHaveLength(10);
    }
    const get = await fetch(`${server.url}/mcp`, { headers: { Accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const garbage = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: "{",
    });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).error.code).toBe(-32700);
  });
});

describe("GET /v1/questions/{idOrSlug} with Accept: text/markdown", () => {
  it("answers the whole question as Markdown, and the caches never mix the two forms", async () => {
    const url = `${server.url}/v1/questions/bias-variance-tradeoff`;
    const markdown = { Accept: "text/markdown" };
    // Alternating, twice: the second round comes from the response cache.
    for (let round = 0; round < 2; round++) {
      const json = await fetch(url);
      expect(json.headers.get("content-type")).toBe("application/json");
      expect(json.headers.get("vary")).toBe("Accept");
      const body = await json.json();
      const md = await fetch(url, { headers: markdown });
      expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
      expect(md.headers.get("vary")).toBe("Accept");
      const text = await md.text();
      expect(text.startsWith(`# ${body.title}\n`)).toBe(true);
      expect(text).toContain(body.codeExamples[0].code.trim());
      expect(text).toContain("```python");
      expect(md.headers.get("etag")).not.toBe(json.headers.get("etag"));
      // Each form revalidates against its own tag only.
      expect((await fetch(url, { headers: { ...markdown, "If-None-Match": md.headers.get("etag")! } })).status).toBe(304);
      expect((await fetch(url, { headers: { ...markdown, "If-None-Match": json.headers.get("etag")! } })).status).toBe(200);
    }
    // A browser's Accept, and JSON preferred by q-value, get JSON.
    for (const accept of ["text/html,application/xhtml+xml,*/*;q=0.8", "text/markdown;q=0.5, application/json"]) {
      expect((await fetch(url, { headers: { Accept: accept } })).headers.get("content-type")).toBe("application/json");
    }
    const missing = await fetch(`${server.url}/v1/questions/no-such-question`, { headers: markdown });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("GET /llms.txt and /llms-full.txt", () => {
  it("points agents at the MCP server, the contract, the docs and the Markdown questions", async () => {
    const res = await fetch(`${server.url}/llms.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await res.text();
    expect(text.startsWith("# ML Interview Questions API\n\n> ")).toBe(true);
    for (const link of ["/mcp", "/openapi.json", "/docs", "/llms-full.txt"]) expect(text).toContain(`(${server.url}${link})`);
    expect(text).toContain("Accept: text/markdown");
  });

  it("carries the whole reference: every operation of the document, and the README's assistant section", async () => {
    const full = await (await fetch(`${server.url}/llms-full.txt`)).text();
    const document = await (await fetch(`${server.url}/openapi.json`)).json();
    for (const [route, methods] of Object.entries(document.paths as Record<string, object>)) {
      for (const method of Object.keys(methods)) expect(full).toContain(`### ${method.toUpperCase()} ${route}\n`);
    }
    expect(full).toContain("## Use it from an AI assistant");
    expect(full).toContain(`${server.url}/mcp`);
    expect(full).toContain("### QuestionSummary");
  });

  it("is written from the README as it is (run `npm run openapi` after editing that section)", async () => {
    expect(await readFile(new URL("../src/llms/readme-section.ts", import.meta.url), "utf8")).toBe(await generateReadmeSection());
  });
});
