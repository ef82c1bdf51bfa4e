import { z } from "zod";
import { units } from "./text.js";

// seed/synonyms.yaml: groups of words and phrases that mean the same to a searcher (an acronym and
// its expansion, two names for one method, British and American spellings). A query that contains
// one member also finds the others. Validated by the content loader, stored with the content.

const member = z
  .string()
  .min(1)
  .max(80)
  .refine((s) => units(s).length > 0, "must contain a word (letters or digits)");

export const synonymGroupsSchema = z
  .array(
    z
      .array(member)
      .min(2)
      .refine((g) => new Set(g.map(phraseKey)).size === g.length, "lists the same term twice"),
  )
  .max(5000)
  .superRefine((groups, ctx) => {
    const seen = new Map<string, number>();
    groups.forEach((g, i) => {
      for (const m of g) {
        const key = phraseKey(m);
        const other = seen.get(key);
        if (other !== undefined && other !== i) ctx.addIssue({ code: "custom", path: [i], message: `${m} is already in group ${other + 1}` });
        seen.set(key, i);
      }
    });
  });

export type SynonymGroups = z.infer<typeof synonymGroupsSchema>;

/** A member as a query sees it: its words, lowercase, compounds joined ("topp" for "top-p"). */
export function phraseKey(phrase: string): string {
  return units(phrase)
    .map((u) => u.norm)
    .join(" ");
}
