import type { Question } from "./schemas.js";

// One question as a Markdown document (for `Accept: text/markdown` and the MCP question://
// resources): what an agent or a person reads, with links made absolute on PUBLIC_URL.

/** A code fence longer than any run of backticks in the code. */
function fence(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

const absolute = (markdown: string, publicUrl: string) => markdown.replace(/\]\(\/(v1|embed)\//g, `](${publicUrl}/$1/`);

export function questionMarkdown(question: Question, publicUrl: string): string {
  const lines = [
    `# ${question.title}`,
    "",
    `- Id: ${question.id} (slug \`${question.slug}\`)`,
    `- Category: ${question.category.name} (\`${question.category.slug}\`)`,
    `- Difficulty: ${question.difficulty}`,
  ];
  if (question.companies.length > 0) lines.push(`- Asked at: ${question.companies.map((c) => c.name).join(", ")}`);
  if (question.tags.length > 0) lines.push(`- Tags: ${question.tags.join(", ")}`);
  lines.push(`- Updated: ${question.updatedAt.slice(0, 10)}`, `- JSON: ${publicUrl}/v1/questions/${question.slug}`, "", "## Answer", "");
  lines.push(absolute(question.answer.markdown.trim(), publicUrl), "");
  if (question.codeExamples.length > 0) {
    lines.push("## Code examples", "");
    for (const example of question.codeExamples) {
      const marker = fence(example.code);
      lines.push(
        `### ${example.caption}`,
        "",
        `${example.tested ? "Tested by our suite" : "Compiles; not executed by our suite"} (${example.runtime}).`,
        "",
        `${marker}${example.language}`,
        example.code.replace(/\n$/, ""),
        marker,
        "",
      );
    }
  }
  const evidence = question.companies.flatMap((c) => c.evidence.map((e) => `- ${c.name}: [${e.title}](${e.url}) (${e.year})`));
  if (evidence.length > 0) lines.push("## Who asks it", "", ...evidence, "");
  if (question.related.length > 0) {
    lines.push("## Related questions", "", ...question.related.map((r) => `- [${r.title}](${publicUrl}/v1/questions/${r.slug})`), "");
  }
  return lines.join("\n");
}
