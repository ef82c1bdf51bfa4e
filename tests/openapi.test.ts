import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generateOpenApiDocument } from "../scripts/openapi.js";

type Operation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Array<{ name: string; in: string; schema?: unknown }>;
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
};

const committed = JSON.parse(await readFile(new URL("../openapi.json", import.meta.url), "utf8"));
const operations: Array<[string, string, Operation]> = Object.entries(committed.paths as Record<string, Record<string, Operation>>).flatMap(
  ([path, methods]) => Object.entries(methods).map(([method, op]) => [`${method.toUpperCase()} ${path}`, method, op] as [string, string, Operation]),
);

describe("openapi.json", () => {
  it("is exactly what the service serves (run `npm run openapi` after changing a route or schema)", async () => {
    expect(JSON.parse(await generateOpenApiDocument())).toEqual(committed);
  });

  it("is OpenAPI 3.1 with every endpoint of the contract", () => {
    expect(committed.openapi).toBe("3.1.0");
    expect(Object.keys(committed.paths).sort()).toEqual(
      [
        "/health",
        "/v1/categories",
        "/v1/categories/{slug}",
        "/v1/companies",
        "/v1/companies/{slug}",
        "/v1/prep-plan",
        "/v1/questions",
        "/v1/questions/daily",
        "/v1/questions/random",
        "/v1/questions/{idOrSlug}",
        "/v1/resources",
        "/v1/salaries",
        "/v1/salaries/summary",
        "/v1/subscribers",
        "/v1/subscribers/confirm",
        "/v1/subscribers/unsubscribe",
        "/v1/subscribers/preferences",
        "/v1/subscribers/bank",
        "/v1/admin/subscribers",
        "/v1/admin/outbox",
        "/v1/admin/keys",
        "/v1/admin/keys/{id}",
        "/widget.js",
        "/embed/questions/{slug}",
        "/questions/{slug}",
        "/embed/daily",
        "/oembed",
      ].sort(),
    );
  });

  it.each(operations)("%s has a unique operationId, a tag, a summary and a description", (_name, _method, op) => {
    expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    expect(op.tags?.length).toBeGreaterThan(0);
    expect(op.summary).toBeTruthy();
    expect(op.description).toBeTruthy();
    expect(operations.filter(([, , other]) => other.operationId === op.operationId)).toHaveLength(1);
  });

  it.each(operations)("%s declares named response schemas and the shared problem responses", (_name, _method, op) => {
    for (const [status, response] of Object.entries(op.responses)) {
      for (const media of Object.values(response.content ?? {})) {
        expect(media.schema.$ref, `${status} must reference a component`).toMatch(/^#\/components\/schemas\//);
      }
    }
    const problem = op.responses["500"]?.content?.["application/problem+json"]?.schema.$ref;
    expect(problem).toBe("#/components/schemas/Problem");
    expect(op.responses["503"]).toBeDefined();
  });

  it("gives every component schema an example on its properties", () => {
    const schemas = committed.components.schemas as Record<
      string,
      { properties?: Record<string, { example?: unknown; $ref?: string; type?: string; items?: unknown; anyOf?: unknown }> }
    >;
    for (const [name, schema] of Object.entries(schemas)) {
      for (const [prop, def] of Object.entries(schema.properties ?? {})) {
        const documented =
          def.example !== undefined || def.$ref !== undefined || def.type === "array" || def.anyOf !== undefined || "const" in def || "enum" in def;
        expect(documented, `${name}.${prop} needs an example`).toBe(true);
      }
    }
  });
});
