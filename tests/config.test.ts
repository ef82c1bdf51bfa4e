import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeConfigError, nodeConfigSchema, workerConfigSchema } from "../src/config.js";
import { TEST_SECRET } from "./helpers.js";
import { ROOT } from "./process.js";

// Every variable the README's configuration table lists, to be written as `NAME=`.
function readmeVariables(): string[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 5));
  const names = table
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...(line.split("|")[1] ?? "").matchAll(/`([A-Z_]+)`/g)].map((m) => m[1] as string));
  return names;
}
const NODE_VARIABLES = readmeVariables();
const WORKER_REQUIRED = { DATABASE_URL: "http://127.0.0.1:8080", PUBLIC_URL: "https://api.example.test", SIGNING_SECRET: TEST_SECRET };
const WORKER_OPTIONAL = [
  "DATABASE_AUTH_TOKEN",
  "LOG_LEVEL",
  "MAIL_TRANSPORT",
  "MAIL_HTTP_URL",
  "MAIL_HTTP_TOKEN",
  "MAIL_FROM",
  "SIGNUP_LIMIT_PER_CLIENT",
  "ADMIN_API_KEY",
  "RATE_LIMIT_ANON_PER_MINUTE",
  "CONTENT_VERSION_TTL_SECONDS",
];
const empty = (names: string[], value = "") => Object.fromEntries(names.map((name) => [name, value]));

describe("an empty variable is an unset one", () => {
  it("on Node: every variable set to '' (or blanks) gives the defaults", () => {
    expect(NODE_VARIABLES).toEqual(expect.arrayContaining(["PORT", "DATABASE_URL", "DATABASE_AUTH_TOKEN", "TRUST_PROXY", "MAIL_HTTP_TOKEN"]));
    const defaults = nodeConfigSchema.parse({});
    expect(nodeConfigSchema.parse(empty(NODE_VARIABLES))).toEqual(defaults);
    expect(nodeConfigSchema.parse(empty(NODE_VARIABLES, "  "))).toEqual(defaults);
    expect(defaults).toMatchObject({ port: 8787, databaseUrl: "file:./data/app.db", databaseAuthToken: undefined, signingSecret: undefined });
  });

  it("on Node: DATABASE_AUTH_TOKEN= beside a set DATABASE_URL means no token", () => {
    const config = nodeConfigSchema.parse({ DATABASE_URL: "http://127.0.0.1:8080", DATABASE_AUTH_TOKEN: "" });
    expect(config.databaseUrl).toBe("http://127.0.0.1:8080");
    expect(config.databaseAuthToken).toBeUndefined();
  });

  it("on Workers: every optional variable set to '' gives the defaults", () => {
    const defaults = workerConfigSchema.parse(WORKER_REQUIRED);
    expect(workerConfigSchema.parse({ ...WORKER_REQUIRED, ...empty(WORKER_OPTIONAL) })).toEqual(defaults);
    expect(defaults).toMatchObject({ databaseAuthToken: undefined, adminApiKey: undefined, mail: { transport: "none" } });
  });

  it("on Workers: a required variable left empty is reported missing, by name", () => {
    for (const name of Object.keys(WORKER_REQUIRED)) {
      const result = workerConfigSchema.safeParse({ ...WORKER_REQUIRED, [name]: "" });
      expect(result.success).toBe(false);
      expect(describeConfigError(result.error!)).toBe(`invalid configuration: ${name} is required (it is unset or empty)`);
    }
  });

  it("still refuses a value that is set and wrong", () => {
    const result = nodeConfigSchema.safeParse({ DATABASE_AUTH_TOKEN: "", PORT: "eighty" });
    expect(describeConfigError(result.error!)).toMatch(/^invalid configuration: PORT /);
  });
});
