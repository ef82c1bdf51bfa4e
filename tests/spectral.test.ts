import { readFile } from "node:fs/promises";
import { Document, type ISpectralDiagnostic, type RulesetDefinition, Spectral } from "@stoplight/spectral-core";
import spectralParsers from "@stoplight/spectral-parsers";
import { oas } from "@stoplight/spectral-rulesets";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createTestApp, createTestDatabase } from "./helpers.js";

// Spectral's standard OpenAPI ruleset (what `extends: spectral:oas` means: its recommended rules)
// must find nothing at all in our document: no error, no warning, no info, no hint.

const severities = ["error", "warning", "info", "hint"];
const describeFindings = (results: ISpectralDiagnostic[]) =>
  results
    .map((r) => `${severities[r.severity]} ${r.code} at ${r.path.join(".") || "(root)"} (line ${r.range.start.line + 1}): ${r.message}`)
    .join("\n");

async function lint(text: string, source: string): Promise<ISpectralDiagnostic[]> {
  const spectral = new Spectral();
  // The package types the ruleset more loosely than setRuleset accepts; it is a complete definition.
  spectral.setRuleset({ extends: [[oas as RulesetDefinition, "recommended"]] });
  return spectral.run(new Document(text, spectralParsers.Json, source));
}

describe("Spectral's spectral:oas ruleset", () => {
  it("is exactly what .spectral.yaml configures for the Spectral CLI, with no rule turned off", async () => {
    const config = parse(await readFile(new URL("../.spectral.yaml", import.meta.url), "utf8"));
    expect(config).toEqual({ extends: ["spectral:oas"] });
  });

  it("finds nothing in the committed openapi.json", async () => {
    const text = await readFile(new URL("../openapi.json", import.meta.url), "utf8");
    const results = await lint(text, "openapi.json");
    expect(results, describeFindings(results)).toEqual([]);
  });

  it("finds nothing in the document the service serves", async () => {
    const app = createTestApp(await createTestDatabase({ seed: false }), { publicUrl: "https://api.example.com" });
    const res = await app.request("/openapi.json");
    expect(res.status).toBe(200);
    const results = await lint(await res.text(), "/openapi.json");
    expect(results, describeFindings(results)).toEqual([]);
  });
});
