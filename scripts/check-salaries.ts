// Validates seed/salaries/*.yaml against the loader's schemas: `npx tsx scripts/check-salaries.ts`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { salaryFileSchema, salaryLocationFileSchema } from "../seed/schemas.js";
import { PROJECT_ROOT } from "../src/paths.js";

const dir = join(PROJECT_ROOT, "seed", "salaries");
const locations = salaryLocationFileSchema.parse(parse(readFileSync(join(dir, "locations.yaml"), "utf8")));
const byLocation = new Map(locations.map((l) => [l.slug, l]));
let failed = false;
let count = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== "locations.yaml").sort()) {
  const parsed = salaryFileSchema.safeParse(parse(readFileSync(join(dir, name), "utf8")));
  if (!parsed.success) {
    failed = true;
    for (const issue of parsed.error.issues) console.error(`${name}: ${issue.path.join(".")}: ${issue.message}`);
    continue;
  }
  if (`${parsed.data.company}.yaml` !== name) {
    failed = true;
    console.error(`${name}: company must be ${name.replace(/\.yaml$/, "")}`);
  }
  parsed.data.entries.forEach((entry, i) => {
    const location = byLocation.get(entry.location);
    if (!location) {
      failed = true;
      console.error(`${name}: entries.${i}.location: unknown location ${entry.location}`);
    } else if (location.currency !== entry.currency) {
      failed = true;
      console.error(`${name}: entries.${i}.currency: ${entry.location} figures are in ${location.currency}`);
    }
  });
  count += parsed.data.entries.length;
}
console.log(`${count} salary entries`);
process.exit(failed ? 1 : 0);
