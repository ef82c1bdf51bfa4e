// One look for the <ml-question> widget and the embed pages: a card in a light or a dark theme.

export const themes = ["light", "dark", "auto"] as const;
export type Theme = (typeof themes)[number];

const light =
  "--bg:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--accent:#0969da;--on-accent:#fff;--code-bg:#f6f8fa;--error:#d1242f;color-scheme:light";
const dark =
  "--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;--accent:#4493f8;--on-accent:#0d1117;--code-bg:#151b23;--error:#f85149;color-scheme:dark";

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
.error{color:var(--error)}`;

/** The card's rules, with the light theme on `root`, dark on `darkRoot`, and dark on `autoRoot` when the system prefers it. */
export function cardCss(root: string, darkRoot: string, autoRoot: string): string {
  return `${root}{${light}}${darkRoot}{${dark}}@media (prefers-color-scheme:dark){${autoRoot}{${dark}}}\n${card}`;
}

/** The embed pages: the theme is `<html data-theme>`. */
export const EMBED_PAGE_CSS = `${cardCss(":root", ':root[data-theme="dark"]', ':root[data-theme="auto"]')}
html{background:var(--bg)}body{margin:0}
.when-open{display:none}details[open] .when-open{display:inline}details[open] .when-closed{display:none}`;
