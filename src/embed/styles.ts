// One look for the <ml-question> widget and the embed pages: a card in a light or a dark theme.

export const themes = ["light", "dark", "auto"] as const;
export type Theme = (typeof themes)[number];

export const LIGHT_THEME =
  "--bg:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--accent:#0969da;--on-accent:#fff;--code-bg:#f6f8fa;--error:#d1242f;--kw:#cf222e;--str:#0a3069;--num:#0550ae;--fn:#8250df;--bi:#953800;color-scheme:light";
const dark =
  "--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;--accent:#4493f8;--on-accent:#0d1117;--code-bg:#151b23;--error:#f85149;--kw:#ff7b72;--str:#a5d6ff;--num:#79c0ff;--fn:#d2a8ff;--bi:#ffa657;color-scheme:dark";

// Code highlighted at load time carries highlight.js classes; these colour them (GitHub's palette).
export const CODE_CSS = `.hljs-keyword,.hljs-type,.hljs-operator{color:var(--kw)}.hljs-string,.hljs-regexp{color:var(--str)}
.hljs-number,.hljs-literal,.hljs-attr,.hljs-variable{color:var(--num)}.hljs-title{color:var(--fn)}.hljs-built_in,.hljs-meta{color:var(--bi)}
.hljs-comment{color:var(--muted);font-style:italic}`;

// Formulas are MathML written by Temml at load time; Chromium, Firefox and Safari draw it natively.
// The few of Temml's own rules (dist/Temml-Local.css) that the bank's formulas need.
export const MATH_CSS = `math{font-family:"Cambria Math","STIX Two Math","Latin Modern Math","DejaVu Math TeX Gyre",math;font-size:1.05em}
math.tml-display{display:block math;margin:.6em 0;overflow-x:auto;overflow-y:hidden}
.tml-sml-pad{padding-left:.05em}.tml-med-pad{padding-left:.1em}.tml-lrg-pad{padding-left:.15em}
.tml-overline{padding-top:.1em;border-top:.065em solid}.tml-right{text-align:right}.tml-left{text-align:left}
mtable.tml-jot>mtr>mtd{padding:.7ex 0}
@supports (-webkit-backdrop-filter:blur(1px)){.wbk-acc{transform:translate(0,.431em)}.wbk-sml{transform:translate(.07em,0)}.wbk-med{transform:translate(.14em,0)}.wbk-lrg{transform:translate(.21em,0)}.wbk-sml-acc{transform:translate(.07em,.431em)}.wbk-med-acc{transform:translate(.14em,.431em)}.wbk-lrg-acc{transform:translate(.21em,.431em)}}
@supports (not (-webkit-backdrop-filter:blur(1px))) and (not (-moz-appearance:none)){.chr-sml{transform:translate(.07em,0)}.chr-med{transform:translate(.14em,0)}.chr-lrg{transform:translate(.21em,0)}
.tml-hat-1{transform:scale(1.9,1)}.tml-hat-2{transform:scale(3.9,1)}.tml-hat-3{transform:scale(5.8,1)}.tml-hat-4{transform:scale(7.8,1)}}`;

const card = `.card{box-sizing:border-box;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);border:1px solid var(--border);border-radius:10px;padding:1rem 1.25rem;overflow-wrap:anywhere}
.meta{margin:0 0 .3rem;font-size:.8rem;color:var(--muted)}
.title{font-size:1.15rem;line-height:1.35;margin:0 0 .8rem}
.reveal{display:inline-block;font:inherit;font-weight:600;cursor:pointer;background:var(--accent);color:var(--on-accent);border:0;border-radius:6px;padding:.4rem 1rem;list-style:none}
.reveal::-webkit-details-marker{display:none}
.answer{margin-top:.8rem;border-top:1px solid var(--border);padding-top:.3rem}
.answer h3{font-size:1rem;margin:1rem 0 .4rem}
pre{background:var(--code-bg);border-radius:6px;padding:.75rem;overflow:auto;overflow-wrap:normal}
code{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table{border-collapse:collapse;display:block;overflow:auto}th,td{border:1px solid var(--border);padding:.25rem .5rem}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:var(--muted);margin-bottom:.3rem}
a{color:var(--accent)}.source{margin:.8rem 0 0;font-size:.85rem}
.error{color:var(--error)}
${CODE_CSS}
${MATH_CSS}`;

/** The card's rules, with the light theme on `root`, dark on `darkRoot`, and dark on `autoRoot` when the system prefers it. */
export function cardCss(root: string, darkRoot: string, autoRoot: string): string {
  return `${root}{${LIGHT_THEME}}${darkRoot}{${dark}}@media (prefers-color-scheme:dark){${autoRoot}{${dark}}}\n${card}`;
}

/** The embed pages: the theme is `<html data-theme>`. */
export const EMBED_PAGE_CSS = `${cardCss(":root", ':root[data-theme="dark"]', ':root[data-theme="auto"]')}
html{background:var(--bg)}body{margin:0}
.when-open{display:none}details[open] .when-open{display:inline}details[open] .when-closed{display:none}
.page{padding:1rem .6rem}.page .card{max-width:48rem;margin:0 auto}.page .title{font-size:1.45rem}
.related-title{font-size:1rem;margin:1.4rem 0 .4rem}.related{margin:0;padding-left:1.2rem}`;
