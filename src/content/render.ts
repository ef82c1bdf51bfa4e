import { tex } from "@mdit/plugin-tex";
import hljs from "highlight.js";
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import temml from "temml";

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

/** LaTeX the renderer cannot typeset; the loader reports it with the question's file. */
export class MathError extends Error {}

// Temml's colour for a command it does not know (it typesets the name in red instead of failing).
const TEMML_ERROR_COLOR = "#b22222";

/** LaTeX → MathML, which browsers draw natively: no script, no font download. */
export function renderMath(latex: string, displayMode: boolean): string {
  let mathml: string;
  try {
    mathml = temml.renderToString(latex, { displayMode, throwOnError: true, errorColor: TEMML_ERROR_COLOR });
  } catch (err) {
    throw new MathError(`cannot typeset $${latex}$: ${(err as Error).message.split("\n")[0]?.trim()}`);
  }
  if (mathml.includes(TEMML_ERROR_COLOR)) throw new MathError(`cannot typeset $${latex}$: it uses a command Temml does not know or will not run`);
  return mathml;
}

// $…$ and $$…$$ (the bank's delimiters, seed/README.md) become MathML; the Markdown keeps the LaTeX.
markdown.use(tex, { delimiters: "dollars", render: renderMath });

// Answers link to other questions as /v1/questions/{slug} (the API's address, kept in the
// Markdown); the HTML is for people, so it links to the question's page. Pages served elsewhere
// (embeds, the widget, mails) point these at absolute or embedder-chosen URLs (src/questions/links.ts).
const renderLink = markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = token?.attrGet("href");
  const slug = href ? /^\/v1\/questions\/([a-z0-9-]+)$/.exec(href)?.[1] : undefined;
  if (token && slug) token.attrSet("href", `/questions/${slug}`);
  return renderLink(tokens, idx, options, env, self);
};

// What Temml writes for the bank's formulas: presentation MathML only (no annotation-xml, which
// may carry HTML; no href) and its classes. Not its inline styles: pages that show answers forbid
// inline styles in their CSP, and the few that matter (display math) are in the card's stylesheet.
const MATHML_TAGS = [
  "math",
  "semantics",
  "annotation",
  "mrow",
  "mi",
  "mn",
  "mo",
  "ms",
  "mtext",
  "mspace",
  "msub",
  "msup",
  "msubsup",
  "munder",
  "mover",
  "munderover",
  "mfrac",
  "msqrt",
  "mroot",
  "mstyle",
  "mpadded",
  "mphantom",
  "menclose",
  "mtable",
  "mtr",
  "mtd",
  "mmultiscripts",
  "mprescripts",
  "none",
];
const MATHML_ATTRIBUTES = [
  "class",
  "display",
  "displaystyle",
  "scriptlevel",
  "mathvariant",
  "stretchy",
  "form",
  "fence",
  "separator",
  "lspace",
  "rspace",
  "movablelimits",
  "symmetric",
  "largeop",
  "minsize",
  "maxsize",
  "accent",
  "accentunder",
  "linethickness",
  "width",
  "height",
  "depth",
  "voffset",
  "notation",
  "columnalign",
  "rowalign",
  "columnspan",
  "rowspan",
  "encoding",
];
const mathClasses = [/^(tml|wbk|chr)-[a-z0-9-]+$/, "mathcal", "mathscr"];

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags.filter((t) => t !== "img"), "h1", "h2", ...MATHML_TAGS],
  allowedAttributes: {
    a: ["href", "title"],
    code: ["class"],
    span: ["class"],
    th: ["style"],
    td: ["style"],
    ol: ["start"],
    ...Object.fromEntries(MATHML_TAGS.map((tag) => [tag, MATHML_ATTRIBUTES])),
  },
  allowedClasses: {
    code: [/^language-[a-z0-9+#-]+$/],
    span: [/^hljs(-[a-z0-9_-]+)*$/, /^[a-z_]+_$/],
    ...Object.fromEntries(MATHML_TAGS.map((tag) => [tag, mathClasses])),
  },
  allowedStyles: { "*": { "text-align": [/^(left|right|center)$/] } },
  allowedSchemes: ["https", "http", "mailto"],
  allowProtocolRelative: false,
};

/**
 * What of an answer's math is still LaTeX after rendering: delimiters, commands, or a `$` that
 * opened no formula (a `|` inside a formula in a table cell splits it, for instance). A `$` before
 * a digit, a capital, a slash or a formula is a price ("$200", "$N", "$/M tokens").
 */
export function untypesetMath(html: string): string[] {
  const prose = html
    .replace(/<(pre|code|math)\b[\s\S]*?<\/\1>/g, (_, tag: string) => (tag === "math" ? "\uE000" : " "))
    .replace(/<[^>]*>/g, "\uE001");
  return [...prose.matchAll(/\$\$|\\[()[\]]|\\[A-Za-z]+|\$(?![0-9A-Z/\uE000])/g)].map((m) =>
    prose
      .slice(Math.max(0, m.index - 30), m.index + 30)
      .replace(/\uE000/g, "<math>")
      .replace(/[\uE001\s]+/g, " ")
      .trim(),
  );
}

/** A code example highlighted: highlight.js escapes the code and wraps tokens in hljs-* spans. */
export function highlightCode(code: string, language: string): string {
  return hljs.getLanguage(language) ? hljs.highlight(code, { language, ignoreIllegals: true }).value : escapeHtml(code);
}

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
