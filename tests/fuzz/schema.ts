import fc from "fast-check";
import { hostileString, wrongType } from "./values.js";

// Just enough JSON Schema (the subset openapi.json uses) to validate problem documents against the
// document's own components, and to derive request bodies from an operation's requestBody schema.

export type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
};

export type OpenApiDocument = {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema>; parameters?: Record<string, unknown> };
};

export function resolve<T>(doc: OpenApiDocument, value: T): T {
  let current = value as { $ref?: string };
  for (let hops = 0; current && typeof current.$ref === "string" && hops < 20; hops++) {
    const parts = current.$ref.replace(/^#\//, "").split("/");
    let target: unknown = doc;
    for (const part of parts) target = (target as Record<string, unknown>)[part];
    current = target as { $ref?: string };
  }
  return current as T;
}

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);

/** Every way `value` breaks `schema`; empty when it conforms. */
export function validate(doc: OpenApiDocument, schemaOrRef: Schema, value: unknown, at = "$"): string[] {
  const schema = resolve(doc, schemaOrRef);
  const errors: string[] = [];
  if (schema.allOf) for (const s of schema.allOf) errors.push(...validate(doc, s, value, at));
  if (schema.anyOf && !schema.anyOf.some((s) => validate(doc, s, value, at).length === 0)) errors.push(`${at}: matches none of anyOf`);
  if (schema.oneOf && schema.oneOf.filter((s) => validate(doc, s, value, at).length === 0).length !== 1)
    errors.push(`${at}: must match exactly one of oneOf`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    const ok = types.some((t) => t === actual || (t === "number" && actual === "integer"));
    if (!ok && !(schema.nullable && value === null)) return [...errors, `${at}: expected ${types.join("|")}, got ${actual}`];
  }
  if (schema.enum && !schema.enum.some((e) => e === value))
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if ("const" in schema && schema.const !== value) errors.push(`${at}: must be ${JSON.stringify(schema.const)}`);
  if (typeof value === "string") {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.items) {
      for (const [i, item] of value.entries()) errors.push(...validate(doc, schema.items, item, `${at}[${i}]`));
    }
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) errors.push(`${at}: missing ${name}`);
    for (const [name, v] of Object.entries(record)) {
      const property = schema.properties?.[name];
      if (property) errors.push(...validate(doc, property, v, `${at}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property ${name}`);
      else if (typeof schema.additionalProperties === "object") errors.push(...validate(doc, schema.additionalProperties, v, `${at}.${name}`));
    }
  }
  return errors;
}

/** Values that conform to `schema`, mostly from its examples, enums and bounds. */
function conforming(doc: OpenApiDocument, schemaOrRef: Schema, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(doc, schemaOrRef);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf ?? schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf)!.map((s) => conforming(doc, s, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string": {
      const max = Math.min(schema.maxLength ?? 40, 40);
      const min = Math.min(schema.minLength ?? 0, max);
      const options: fc.Arbitrary<unknown>[] = [fc.string({ minLength: min, maxLength: max })];
      if (typeof schema.example === "string") options.push(fc.constant(schema.example));
      if (/mail/i.test(JSON.stringify(schema))) {
        options.push(
          fc
            .tuple(fc.stringMatching(/^[a-z0-9.+_-]{1,20}$/), fc.constantFrom("example.com", "EXAMPLE.org", "xn--bcher-kva.example"))
            .map(([l, d]) => `fuzz.${l}@${d}`),
        );
      }
      if (/origin/i.test(JSON.stringify(schema)) || /^https?:/.test(String(schema.example))) options.push(fc.webUrl());
      return fc.oneof(...options);
    }
    case "integer":
    case "number":
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 1000, 2 ** 31) });
    case "boolean":
      return fc.boolean();
    case "array": {
      const items = schema.items ? conforming(doc, schema.items, depth + 1) : fc.jsonValue();
      const arrays = fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 25) });
      return Array.isArray(schema.example) ? fc.oneof(fc.constant(schema.example), arrays) : arrays;
    }
    default: {
      if (!schema.properties || depth > 4) return fc.constant({});
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(schema.properties)) model[name] = conforming(doc, property, depth + 1);
      return fc.record(model, { requiredKeys: schema.required ?? [] });
    }
  }
}

/**
 * Bodies derived from a requestBody schema: conforming ones (which may succeed), and ones with a
 * field replaced by a wrong type, a hostile string or an out-of-range number, an unknown field
 * added, or an array past its maxItems.
 */
export function bodyValue(doc: OpenApiDocument, schemaOrRef: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, schemaOrRef);
  const mutated = (): fc.Arbitrary<unknown> => {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === "object" && schema.properties && depth < 4) {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(schema.properties)) model[name] = bodyValue(doc, property, depth + 1);
      return fc
        .tuple(
          fc.record(model, { requiredKeys: [] }),
          fc.option(
            fc.tuple(fc.oneof(fc.constantFrom("__proto__", "constructor", "toString", "id", "status", "admin", ""), fc.string()), wrongType),
            { nil: undefined },
          ),
        )
        .map(([record, extra]) => {
          if (!extra) return record;
          // defineProperty, so "__proto__" becomes an own key that JSON.stringify sends.
          Object.defineProperty(record, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
          return record;
        });
    }
    if (type === "array") {
      const items = schema.items ? bodyValue(doc, schema.items, depth + 1) : wrongType;
      return fc.array(items, { maxLength: (schema.maxItems ?? 20) + 5 });
    }
    if (type === "integer" || type === "number") {
      return fc.oneof(
        fc.constantFrom(
          0,
          -1,
          1,
          2 ** 31,
          -(2 ** 31),
          2 ** 53,
          Number.MAX_VALUE,
          1.5,
          -0,
          1e-300,
          (schema.maximum ?? 0) + 1,
          (schema.minimum ?? 0) - 1,
        ),
        fc.double(),
      );
    }
    if (type === "boolean") return fc.constantFrom(true, false, 0, 1, "true", "false", null);
    return hostileString;
  };
  return fc.oneof({ arbitrary: conforming(doc, schema, depth), weight: 2 }, { arbitrary: mutated(), weight: 3 }, { arbitrary: wrongType, weight: 1 });
}
