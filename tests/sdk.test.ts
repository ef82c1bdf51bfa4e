import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_SECRET } from "./helpers.js";
import { freePort, ROOT, type Running, runProcess, startProcess, TSX } from "./process.js";

// The README's promise: generate types from /openapi.json with openapi-typescript, call the API
// through openapi-fetch, and it compiles under strict TypeScript and works on the first try.
// The types are generated from the running server's document on every run (not committed), so
// this keeps up with every change to the routes.

const GENERATED = path.join(ROOT, "tests/sdk/generated/ml-questions.d.ts");
const TSC = path.join(ROOT, "node_modules/.bin/tsc");

// The components the client program names; the compile step proves the generated types carry them.
const NAMED_COMPONENTS = [
  "QuestionList",
  "QuestionSummary",
  "Question",
  "Answer",
  "CodeExample",
  "Page",
  "RandomQuestions",
  "DailyQuestion",
  "Category",
  "CategoryList",
  "Company",
  "CompanyList",
  "CompanyDetail",
  "PrepPlan",
  "Resource",
  "ResourceList",
  "SubscribeRequest",
  "SubscribeAccepted",
  "Problem",
  "InvalidParam",
];

const CLIENT_STEPS = [
  "list with filters",
  "walk every page",
  "search",
  "read a question",
  "categories",
  "conditional request",
  "companies",
  "prep plan",
  "resources",
  "random deck",
  "daily",
  "subscribe",
  "404 is a Problem",
  "400 is a Problem",
];

let dir: string;
let server: Running & { url: string };
let generated: string;
let warnings: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sdk-test-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = await startProcess(TSX, ["src/server.ts"], {
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      DATABASE_URL: `file:${path.join(dir, "app.db")}`,
      MAIL_TRANSPORT: "file",
      MAIL_DIR: path.join(dir, "mail"),
      SIGNING_SECRET: TEST_SECRET,
      RATE_LIMIT_ANON_PER_MINUTE: "1000000",
      LOG_LEVEL: "info",
    },
    ready: /"msg":"listening"/,
    timeoutMs: 90_000,
  });
  server = { ...running, url };

  // What the README tells a developer to run: openapi-typescript on the served document.
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    generated = astToString(await openapiTS(new URL(`${url}/openapi.json`)));
    warnings = [...warn.mock.calls, ...error.mock.calls].map((args) => args.join(" "));
  } finally {
    warn.mockRestore();
    error.mockRestore();
  }
  // Written atomically: a concurrent run never type-checks half a file.
  await mkdir(path.dirname(GENERATED), { recursive: true });
  const partial = `${GENERATED}.${process.pid}.tmp`;
  await writeFile(partial, generated);
  await rename(partial, GENERATED);
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("a client generated with openapi-typescript", () => {
  it("is generated from the served document without warnings", () => {
    expect(warnings).toEqual([]);
    expect(generated).toMatch(/^export interface paths \{/m);
    expect(generated).toMatch(/^export interface components \{/m);
    expect(generated).toMatch(/^export interface operations \{/m);
  });

  it("reads well: every schema is a named component, none is an inline_response", async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { components: { schemas: Record<string, unknown> } };
    const names = Object.keys(document.components.schemas);
    for (const name of names) {
      expect(name, "component names are PascalCase nouns").toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(name).not.toMatch(/inline|response\d|^Schema\d|anonymous/i);
    }
    expect(names).toEqual(expect.arrayContaining(NAMED_COMPONENTS));
    expect(generated).not.toMatch(/inline_response|Inline[A-Z0-9_]/);
    const schemas = generated.slice(generated.indexOf("export interface components {"));
    for (const name of NAMED_COMPONENTS) expect(schemas, `components["schemas"]["${name}"]`).toMatch(new RegExp(`^ {8}${name}: `, "m"));
  });

  it("compiles with the client program under strict TypeScript", async () => {
    const { code, output } = await runProcess(TSC, ["-p", "tests/sdk/tsconfig.json"]);
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 60_000);

  it("is what the README shows: every line of its example is a line of the client program", async () => {
    const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Typed clients (SDK)"));
    expect(section).toContain("npx openapi-typescript http://localhost:8787/openapi.json -o ml-questions.d.ts");
    const example = section.match(/```ts\n([\s\S]*?)```/)?.[1];
    expect(example, "the section's TypeScript example").toBeDefined();
    const codeLines = (text: string) =>
      text
        .split("\n")
        .map((line) => line.replace(/\s+\/\/ .*$/, "").trim())
        .filter((line) => line && !line.startsWith("//"));
    const program = new Set(codeLines(await readFile(path.join(ROOT, "tests/sdk/client-program.ts"), "utf8")));
    // The two lines that differ on purpose: where the types are written and where the server is.
    const asInProgram = (line: string) =>
      line.replace('"./ml-questions.js"', '"./generated/ml-questions.js"').replace('{ baseUrl: "http://localhost:8787" }', "{ baseUrl }");
    expect(
      codeLines(example!)
        .map(asInProgram)
        .filter((line) => !program.has(line)),
    ).toEqual([]);
  });

  it("works against the running service: filters, cursors, every resource, subscribing, typed problems", async () => {
    const { code, output } = await runProcess(TSX, ["tests/sdk/client-program.ts"], { ML_API_BASE_URL: server.url });
    expect(code, output).toBe(0);
    const lines = output.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("ok ")).map((l) => l.slice(3, l.indexOf(":")))).toEqual(CLIENT_STEPS);
    expect(output).toMatch(/^ok walk every page: \d+ deep-learning questions over \d+ pages, no duplicates, matches questionCount$/m);
    expect(output).toContain("ok subscribe: 202 accepted");
    expect(output).toContain("ok 404 is a Problem: 404 not-found");
    expect(output).toContain("ok 400 is a Problem: 400 validation-failed");
    expect(lines.at(-1)).toBe(`sdk client: ${CLIENT_STEPS.length} steps passed`);
  }, 60_000);
});
