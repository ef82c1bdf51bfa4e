import { escapeHtml } from "../http/html.js";
import { pointAnswerLinks, pointMarkdownLinks } from "../questions/links.js";
import type { Question } from "../questions/schemas.js";
import type { Preferences } from "../subscribers/schemas.js";
import type { RenderedMail } from "./types.js";

// The mails we send, as pure functions of their data: no I/O, so they run on Node and Workers alike.

const BRAND = "ML Interview Question Bank";

/** A subject is one header line: line breaks in content must never reach it. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif";
const mono = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";
const muted = "color:#59636e";

function link(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" style="color:#0969da;text-decoration:underline">${escapeHtml(label)}</a>`;
}

function button(url: string, label: string): string {
  return `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;border-radius:6px;background:#1f2328;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(label)}</a></p>`;
}

function paragraph(html: string): string {
  return `<p style="margin:0 0 16px">${html}</p>`;
}

// Mail clients drop <style> and scripts unpredictably: one centred column with inline styles only.
function htmlDocument(title: string, body: string, footer: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:0;background:#f6f8fa">
<div style="max-width:640px;margin:0 auto;padding:24px 16px;${font};font-size:16px;line-height:1.5;color:#1f2328">
<div style="background:#ffffff;border:1px solid #d1d9e0;border-radius:8px;padding:24px">
${body}
</div>
<div style="padding:16px 8px;font-size:13px;line-height:1.5;${muted}">
${footer}
</div>
</div>
</body>
</html>
`;
}

interface SubscriberLinks {
  preferencesUrl: string;
  unsubscribeUrl: string;
}

function subscriberFooterHtml({ preferencesUrl, unsubscribeUrl }: SubscriberLinks): string {
  return `<p style="margin:0 0 8px">You get this mail because you subscribed to the ${BRAND}.</p>
<p style="margin:0">${link(preferencesUrl, "Change your preferences")} · ${link(unsubscribeUrl, "Unsubscribe")}</p>`;
}

function subscriberFooterText({ preferencesUrl, unsubscribeUrl }: SubscriberLinks): string {
  return `--
You get this mail because you subscribed to the ${BRAND}.
Change your preferences: ${preferencesUrl}
Unsubscribe: ${unsubscribeUrl}
`;
}

export function renderConfirmationMail({ confirmUrl, publicUrl }: { confirmUrl: string; publicUrl: string }): RenderedMail {
  const subject = `Confirm your subscription to the ${BRAND}`;
  const intro = `Someone, hopefully you, asked to receive the ${BRAND} at this address: machine-learning interview questions with detailed answers and code, by email.`;
  const expiry = "The link expires in 48 hours. If you did not ask for this, ignore this mail: you will get no further mail from us.";
  const text = `Hello,

${intro}

To confirm, open this link and press the Confirm button on the page (opening the link alone confirms nothing):
${confirmUrl}

${expiry}

--
${BRAND} · ${publicUrl}
`;
  const html = htmlDocument(
    subject,
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">Confirm your subscription</h1>
${paragraph(escapeHtml(intro))}
${paragraph("Open the confirmation page and press its Confirm button. Opening the page alone confirms nothing.")}
${button(confirmUrl, "Open the confirmation page")}
${paragraph(`Or paste this link into your browser:<br><span style="word-break:break-all">${link(confirmUrl, confirmUrl)}</span>`)}
${paragraph(escapeHtml(expiry))}`,
    `<p style="margin:0">${BRAND} · ${link(publicUrl, publicUrl)}</p>`,
  );
  return { subject, text, html };
}

const nextMails: Record<Preferences["frequency"], string> = {
  daily: "Every day you will get one question with its full answer and code, never the same one twice.",
  weekly: "Every week you will get one question with its full answer and code, never the same one twice.",
  none: "You chose no question mails, so this is the last mail from us unless you change that in your preferences.",
};

export function renderWelcomeMail({
  bankUrl,
  bankMarkdownUrl,
  preferencesUrl,
  unsubscribeUrl,
  frequency,
}: {
  bankUrl: string;
  bankMarkdownUrl: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
  frequency: Preferences["frequency"];
}): RenderedMail {
  const subject = "Your ML interview question bank";
  const links = { preferencesUrl, unsubscribeUrl };
  const keep = "These links are personal: keep this mail to come back to the bank at any time.";
  const change = "You can change the topics, companies and frequency, or leave, with the links at the bottom of every mail.";
  const text = `Welcome to the ${BRAND}!

Your subscription is confirmed. Here is the complete bank, every question with its answer and code:

The bank (web page): ${bankUrl}
The bank (Markdown): ${bankMarkdownUrl}

${keep}

What comes next: ${nextMails[frequency]}

${change}

${subscriberFooterText(links)}`;
  const html = htmlDocument(
    subject,
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">Welcome to the ${BRAND}</h1>
${paragraph("Your subscription is confirmed. Here is the complete bank, every question with its answer and code:")}
${button(bankUrl, "Open the question bank")}
${paragraph(`Prefer plain text? ${link(bankMarkdownUrl, "Download the bank as Markdown")}.`)}
${paragraph(escapeHtml(keep))}
<h2 style="margin:24px 0 8px;font-size:18px">What comes next</h2>
${paragraph(escapeHtml(nextMails[frequency]))}
${paragraph(`${escapeHtml(change)} ${link(preferencesUrl, "Change your preferences")}.`)}`,
    subscriberFooterHtml(links),
  );
  return { subject, text, html };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function metadataLine(question: Question): string {
  const parts = [question.category.name, capitalize(question.difficulty)];
  if (question.companies.length > 0) parts.push(`Asked at ${question.companies.map((c) => c.name).join(", ")}`);
  return parts.join(" · ");
}

export function renderQuestionMail({
  question,
  pageUrl,
  preferencesUrl,
  unsubscribeUrl,
}: {
  question: Question;
  /** A question's page for people: the permalink, and where the answer's links to other questions go. */
  pageUrl: (slug: string) => string;
  preferencesUrl: string;
  unsubscribeUrl: string;
}): RenderedMail {
  const subject = `[ML Interview Q] ${oneLine(question.title)}`;
  const questionUrl = pageUrl(question.slug);
  const links = { preferencesUrl, unsubscribeUrl };
  const meta = metadataLine(question);

  const codeText = question.codeExamples
    .map((example) => `### ${example.caption}\n\n\`\`\`${example.language}\n${example.code.replace(/\n$/, "")}\n\`\`\`\n`)
    .join("\n");
  const text = `${question.title}
${meta}

${pointMarkdownLinks(question.answer.markdown.trim(), pageUrl)}
${codeText ? `\n## Code\n\n${codeText}` : ""}
Permalink: ${questionUrl}

${subscriberFooterText(links)}`;

  const codeHtml = question.codeExamples
    .map(
      (
        example,
      ) => `<p style="margin:24px 0 8px;font-weight:600">${escapeHtml(example.caption)} <span style="font-weight:400;${muted}">(${escapeHtml(example.language)})</span></p>
<pre style="margin:0;padding:12px;background:#f6f8fa;border:1px solid #d1d9e0;border-radius:6px;overflow-x:auto;white-space:pre;${mono};font-size:13px;line-height:1.45"><code>${escapeHtml(example.code)}</code></pre>`,
    )
    .join("\n");
  // answer.html was sanitized when the content was loaded (src/content/render.ts), so it goes in as
  // is, with its links to other questions made absolute. Its formulas are MathML: Apple Mail and
  // Thunderbird draw them; a client that drops MathML keeps their text, and the text part has the LaTeX.
  const html = htmlDocument(
    subject,
    `<h1 style="margin:0 0 8px;font-size:22px;line-height:1.3">${escapeHtml(question.title)}</h1>
<p style="margin:0 0 24px;font-size:14px;${muted}">${escapeHtml(meta)}</p>
<div style="overflow-wrap:break-word">
${pointAnswerLinks(question.answer.html, pageUrl)}
</div>
${codeHtml ? `<h2 style="margin:32px 0 0;font-size:18px">Code</h2>\n${codeHtml}` : ""}
<p style="margin:24px 0 0;font-size:14px">${link(questionUrl, "Permalink to this question")}</p>`,
    subscriberFooterHtml(links),
  );
  return { subject, text, html };
}
