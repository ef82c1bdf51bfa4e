import { cp, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Client } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { FIXED_SLUGS } from "../scripts/content-check.js";
import { ContentError, defaultSeedDir, readContent } from "../src/content/read.js";
import { renderCacheFile, seedIfChanged, writeContent } from "../src/content/write.js";
import { createTestDatabase } from "./helpers.js";

const contentTables = [
  "categories",
  "companies",
  "tags",
  "questions",
  "question_tags",
  "question_companies",
  "code_examples",
  "related_questions",
  "prep_phases",
  "prep_tasks",
  "resources",
  "content_meta",
];

async function dump(client: Client): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const table of contentTables) {
    out[table] = (await client.execute(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows.map((r) => ({ ...r }));
  }
  return JSON.stringify(out);
}

const temps: string[] = [];
/** A copy of seed/ in a checkout of its own, so its render cache (dist/cache beside it) is its own too. */
async function seedCopy(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "checkout-"));
  temps.push(root);
  const dir = path.join(root, "seed");
  await cp(defaultSeedDir(), dir, { recursive: true });
  return dir;
}
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

// A question's company tags, or the place they go when it has none.
const COMPANIES = /^companies:.*\n(?: {2}.*\n)*|^(?=tags:)/m;

describe("the seed loader", () => {
  it("loads the product page's content: its 14 answered questions among the bank", async () => {
    const client = await createTestDatabase();
    const slugs = (await client.execute("SELECT slug FROM questions")).rows.map((r) => r.slug);
    for (const slug of FIXED_SLUGS) {
      expect(slugs).toContain(slug);
    }
  });

  it("is idempotent: loading twice leaves every content table byte-for-byte the same", async () => {
    const client = await createTestDatabase();
    const before = await dump(client);
    await writeContent(client, await readContent());
    expect(await dump(client)).toBe(before);
  });

  it("reloads only when seed/ changed", async () => {
    const client = await createTestDatabase({ seed: false });
    expect((await seedIfChanged(client)).loaded).toBe(true);
    expect((await seedIfChanged(client)).loaded).toBe(false);
  });

  it("trusts file times only for the content they were stored with", async () => {
    const dir = await seedCopy();
    const client = await createTestDatabase({ seed: false });
    expect((await seedIfChanged(client, dir)).loaded).toBe(true);
    // Touched but unchanged: the full hash still matches, nothing is loaded.
    const file = path.join(dir, "categories.yaml");
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    expect((await seedIfChanged(client, dir)).loaded).toBe(false);
    // Edited without a change of size, with its old times put back: the signature cannot see
    // that, but content loaded from elsewhere meanwhile (npm run db:seed) is never taken for it.
    const other = await seedCopy();
    const otherFile = path.join(other, "categories.yaml");
    await writeFile(otherFile, (await readFile(otherFile, "utf8")).replace("Deep Learning", "Deep Learnin'"));
    await writeContent(client, await readContent(other));
    expect((await seedIfChanged(client, dir)).loaded).toBe(true);
    expect((await client.execute("SELECT name FROM categories WHERE slug = 'deep-learning'")).rows[0]?.name).toBe("Deep Learning");
  });

  it("removes a question deleted from seed/ and applies an edited one", async () => {
    const dir = await seedCopy();
    const client = await createTestDatabase({ seedDir: dir });
    const content = await readContent(dir);
    const linked = new Set(content.questions.flatMap((q) => q.links));
    const removed = content.questions.find((q) => !linked.has(q.slug) && q.slug !== "bias-variance-tradeoff")!;
    await rm(path.join(dir, removed.file.replace(/^seed\//, "")));
    const file = path.join(dir, "questions/ml-algorithms-theory/bias-variance-tradeoff.md");
    await writeFile(file, (await readFile(file, "utf8")).replace(/^title: .*$/m, "title: Explain the bias-variance trade-off, zyxwvut edition"));
    expect((await seedIfChanged(client, dir)).loaded).toBe(true);
    const titles = (await client.execute("SELECT slug, title FROM questions")).rows;
    expect(titles.find((r) => r.slug === removed.slug)).toBeUndefined();
    expect(titles.find((r) => r.slug === "bias-variance-tradeoff")?.title).toBe("Explain the bias-variance trade-off, zyxwvut edition");
  });

  it("renders on a reload only the answers that changed, and everything again after the renderer changed", async () => {
    const dir = await seedCopy();
    const client = await createTestDatabase({ seedDir: dir });
    // Stands in for HTML this loader version rendered: kept on a reload only if nothing re-renders it.
    const marker = "<p>rendered by this loader version</p>";
    await client.execute({ sql: "UPDATE questions SET answer_html = ? WHERE slug = 'gradient-descent-variants'", args: [marker] });
    const file = path.join(dir, "questions/ml-algorithms-theory/bias-variance-tradeoff.md");
    await writeFile(file, `${(await readFile(file, "utf8")).trimEnd()}\n\nOne more paragraph, **zyxwvut**.\n`);
    expect((await seedIfChanged(client, dir)).loaded).toBe(true);
    const html = async (slug: string) =>
      String((await client.execute({ sql: "SELECT answer_html FROM questions WHERE slug = ?", args: [slug] })).rows[0]?.answer_html);
    expect(await html("gradient-descent-variants")).toBe(marker); // unchanged: reused, not rendered
    expect(await html("bias-variance-tradeoff")).toContain("<strong>zyxwvut</strong>"); // changed: rendered
    // HTML from another loader version is never reused, from the database or the checkout's cache.
    await client.execute("UPDATE content_meta SET value = json_quote('loader:0') WHERE key = 'renderer'");
    const cacheFile = renderCacheFile(dir);
    await writeFile(cacheFile, (await readFile(cacheFile, "utf8")).replace(/^\{"renderer":"[^"]*"/, '{"renderer":"loader:0"'));
    await writeFile(file, `${(await readFile(file, "utf8")).trimEnd()}\n\nAnd another.\n`);
    expect((await seedIfChanged(client, dir)).loaded).toBe(true);
    expect(await html("gradient-descent-variants")).not.toBe(marker);
  });

  it("reuses on a new database the answers an earlier load of the same checkout rendered (dist/cache)", async () => {
    const dir = await seedCopy();
    const root = path.dirname(dir);
    await seedIfChanged(await createTestDatabase({ seed: false }), dir);
    const file = renderCacheFile(dir);
    expect(file).toBe(path.join(root, "dist", "cache", "rendered-answers.json"));
    const cache = JSON.parse(await readFile(file, "utf8")) as { renderer: string; answers: Array<[string, string]> };
    expect(cache.answers.length).toBeGreaterThan(300);
    // Stands in for what an earlier start rendered: a new database must take it rather than render again.
    const marker = "<p>rendered by an earlier start</p>";
    const entry = cache.answers.find(([markdown]) => markdown.includes("bias²")) as [string, string];
    entry[1] = marker;
    await writeFile(file, JSON.stringify(cache));
    const fresh = await createTestDatabase({ seed: false });
    await seedIfChanged(fresh, dir);
    const rows = (await fresh.execute({ sql: "SELECT count(*) AS n FROM questions WHERE answer_html = ?", args: [marker] })).rows;
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it("typesets every formula of the bank as MathML when it loads, and keeps the LaTeX in the Markdown", async () => {
    const { questions } = await readContent();
    let formulas = 0;
    for (const q of questions) {
      formulas += q.html.match(/<math[ >]/g)?.length ?? 0;
      const prose = q.html.replace(/<(pre|code|math)\b[\s\S]*?<\/\1>/g, "");
      expect(prose, q.file).not.toMatch(/\$\$|\\\(|\\\[|\\[a-zA-Z]{2,}|temml-error|<merror/);
      expect(q.html, q.file).not.toMatch(/\sstyle="[^"]*math|<annotation-xml|\shref="(?!https?:|mailto:|#|\/questions\/)/);
    }
    expect(formulas).toBeGreaterThan(8000);
    const pValues = questions.find((q) => q.slug === "p-values-confidence-intervals-error-types")!;
    expect(pValues.markdown).toContain("$\\alpha$");
    expect(pValues.html).toContain("<math><mi>α</mi></math>");
    expect(pValues.markdown).toContain("](/v1/questions/bayes-theorem-medical-test)");
    expect(pValues.html).toContain('<a href="/questions/bayes-theorem-medical-test">');
  });

  it("never touches tables other than the content's", async () => {
    const client = await createTestDatabase();
    await client.execute("CREATE TABLE subscribers_probe (email TEXT PRIMARY KEY, question_id INTEGER)");
    await client.execute("INSERT INTO subscribers_probe VALUES ('a@example.com', 1001)");
    await writeContent(client, await readContent());
    const rows = (await client.execute("SELECT * FROM subscribers_probe")).rows;
    expect(rows.map((r) => ({ ...r }))).toEqual([{ email: "a@example.com", question_id: 1001 }]);
  });

  it.each([
    [
      "an unknown tag",
      "questions/ml-algorithms-theory/bias-variance-tradeoff.md",
      /^tags: \[.*\]$/m,
      "tags: [astrology]",
      /bias-variance-tradeoff\.md: tags\.0: astrology is not in seed\/tags\.yaml/,
    ],
    [
      "a bad difficulty",
      "questions/ml-algorithms-theory/bias-variance-tradeoff.md",
      /^difficulty: .*$/m,
      "difficulty: trivial",
      /bias-variance-tradeoff\.md: difficulty:/,
    ],
    [
      "an unknown company",
      "questions/ml-algorithms-theory/bias-variance-tradeoff.md",
      COMPANIES,
      "companies:\n  - { company: initech, evidence: [{ kind: interview-report, title: A report, url: 'https://example.com/a', year: 2025 }] }\n",
      /bias-variance-tradeoff\.md: companies\.0: unknown company initech/,
    ],
    [
      "a company tag without evidence",
      "questions/ml-algorithms-theory/bias-variance-tradeoff.md",
      COMPANIES,
      "companies:\n  - { company: apple, evidence: [] }\n",
      /bias-variance-tradeoff\.md: companies\.0\.evidence: a company tag needs at least one public source/,
    ],
    [
      "a bare company tag",
      "questions/ml-algorithms-theory/bias-variance-tradeoff.md",
      COMPANIES,
      "companies:\n  - apple\n",
      /bias-variance-tradeoff\.md: companies\.0: a company tag is \{ company, evidence/,
    ],
    [
      "evidence of an unknown kind",
      "questions/ml-algorithms-theory/bias-variance-tradeoff.md",
      COMPANIES,
      "companies:\n  - { company: apple, evidence: [{ kind: rumour, title: A rumour, url: 'https://example.com/r', year: 2025 }] }\n",
      /bias-variance-tradeoff\.md: companies\.0\.evidence\.0\.kind/,
    ],
    [
      "an unknown field",
      "questions/deep-learning/backpropagation.md",
      /^title: /m,
      "colour: red\ntitle: ",
      /backpropagation\.md: colour: unknown field/,
    ],
    [
      "LaTeX that cannot be typeset",
      "questions/ml-algorithms-theory/bias-variance-tradeoff.md",
      /^### Short answer$/m,
      "### Short answer\n\nThe step size obeys $\\eta < 2/\\lambda_\\max$.\n",
      /bias-variance-tradeoff\.md: answer: cannot typeset \$\\eta < 2\/\\lambda_\\max\$: Got function '\\max' with no arguments as subscript/,
    ],
    [
      "a LaTeX command that would make a link",
      "questions/ml-algorithms-theory/bias-variance-tradeoff.md",
      /^### Short answer$/m,
      "### Short answer\n\nSee $\\href{javascript:alert(1)}{x}$.\n",
      /bias-variance-tradeoff\.md: answer: cannot typeset \$\\href/,
    ],
    [
      "a formula that a table cell splits",
      "questions/ml-algorithms-theory/bias-variance-tradeoff.md",
      /^### Short answer$/m,
      "### Short answer\n\n| Cost | Memory |\n|---|---|\n| $O(|\\Omega|k)$ | $O(k)$ |\n",
      /bias-variance-tradeoff\.md: answer: has math that was not typeset, near ".*\$O\(/,
    ],
    ["a broken category file", "categories.yaml", /name: Deep Learning/, "name: [unclosed", /seed\/categories\.yaml: cannot read YAML/],
  ])("stops on %s, naming the file and field, and leaves the database as it was", async (_what, file, pattern, replacement, message) => {
    const dir = await seedCopy();
    const client = await createTestDatabase({ seedDir: dir });
    const before = await dump(client);
    const target = path.join(dir, file);
    await writeFile(target, (await readFile(target, "utf8")).replace(pattern, replacement));
    const error = await seedIfChanged(client, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as Error).message).toMatch(message);
    expect(await dump(client)).toBe(before);
  });
});
