import { tex } from "@mdit/plugin-tex";
import hljs from "highlight.js";
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

// Markdown → HTML once, at load time in Node, so the Worker ships none of this.

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const markdown = MarkdownIt({
  html: false, // raw HTML in content is shown as text, never interpreted
  linkify: false,
  typographer: false,
  highlight(code, language) {
    if (language && hljs.getLanguage(language)) {
      return hljs.highlight(code, { language, ignoreIllegals: true }).value;
    }
    return "";
  },
});

// LaTeX is kept verbatim inside \( \) and \[ \] delimiters, so KaTeX or MathJax auto-render on the
// client typesets it, and Markdown never eats its backslashes or underscores.
markdown.use(tex, {
  render: (content: string, displayMode: boolean) =>
    displayMode
      ? `<div class="math math-display">\\[${escapeHtml(content)}\\]</div>`
      : `<span class="math math-inline">\\(${escapeHtml(content)}\\)</span>`,
});

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags.filter((t) => t !== "img"), "h1", "h2"],
  allowedAttributes: {
    a: ["href", "title"],
    code: ["class"],
    span: ["class"],
    div: ["class"],
    th: ["style"],
    td: ["style"],
    ol: ["start"],
  },
  allowedClasses: {
    code: [/^language-[a-z0-9+#-]+$/],
    span: [/^hljs(-[a-z0-9_-]+)*$/, /^math(-inline)?$/, /^[a-z_]+_$/],
    div: ["math", "math-display"],
  },
  allowedStyles: { "*": { "text-align": [/^(left|right|center)$/] } },
  allowedSchemes: ["https", "http", "mailto"],
  allowProtocolRelative: false,
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), sanitizeOptions);
}

/** Plain text of an answer for the full-text index: no markup, no LaTeX commands. */
export function plainText(source: string): string {
  return source
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\$[^$\n]+\$/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#*_`>|~-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
