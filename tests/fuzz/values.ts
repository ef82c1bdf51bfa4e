import fc from "fast-check";

// The values a hostile or careless client sends, as fast-check arbitraries.

export const boundaries = [
  "0",
  "-0",
  "1",
  "-1",
  "2147483647",
  "2147483648",
  "-2147483649",
  "4294967296",
  "9007199254740993",
  "99999999999999999999999",
  "1e309",
  "-1e309",
  "1e-400",
  "0x10",
  "0b1",
  "0o7",
  "1_000",
  "1.5",
  ".5",
  "5.",
  "+1",
  "NaN",
  "Infinity",
  "-Infinity",
  "null",
  "undefined",
  "true",
  "false",
  "[]",
  "{}",
  "[object Object]",
  "0e0",
  " 1",
  "1 ",
];

export const sql = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '" OR ""="',
  "1; DROP TABLE questions",
  "'; DROP TABLE questions; --",
  '"; DROP TABLE subscribers; --',
  "1 UNION SELECT * FROM subscribers",
  "' UNION SELECT email, email FROM subscribers --",
  "1' AND sleep(5) --",
  "%' --",
  "_%",
  "'); DELETE FROM questions; --",
  "x' ; UPDATE subscribers SET status='confirmed' --",
  "?",
  "?1",
  ":name",
  "@x",
  "$1",
  "\\",
  "\\'",
  "''",
  "'",
  '"',
  "`",
  "/*",
  "*/",
  "--",
  "\u0000",
  "\u0000' OR 1=1",
];

export const fts5 = [
  "NEAR(",
  "NEAR(a b, 5",
  "NEAR(a b)",
  '"unbalanced',
  '"',
  '""',
  "title:term",
  "answer:x",
  "{title answer}:x",
  "-title:x",
  "col:term",
  "*",
  "a*",
  "^",
  "^a",
  "AND",
  "OR",
  "NOT",
  "AND OR NOT",
  "a AND",
  "NOT a",
  "(",
  ")",
  "((a)",
  "a)",
  "a OR (b",
  "+",
  "a + b",
  "a:b:c",
  "rank:1",
  "bm25(questions_fts)",
  "questions_fts MATCH 'x'",
  "x' MATCH 'y",
  '"a" * "b"',
  "a NEAR/3 b",
  '^"x"*',
  ":",
  "-",
  "- -",
  "0:",
];

export const traversal = [
  "../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "..\\..\\windows\\win.ini",
  "%2e%2e/",
  "....//....//",
  "%00",
  "x%00y",
  "%252e%252e%252f",
  "/etc/passwd",
  "file:///etc/passwd",
  ".",
  "..",
  "%2e",
  "%2e%2e",
  "%c0%ae%c0%ae/",
  "~root",
];

/** Percent-encodings that decode to invalid UTF-8 (or to control characters). */
export const badPercent = [
  "%ff%fe",
  "%c0%af",
  "%C0%80",
  "%ed%a0%80",
  "%f4%90%80%80",
  "%e2%82",
  "%80",
  "%fe%ff",
  "%",
  "%%",
  "%zz",
  "%2",
  "%u0041",
  "%0d%0a",
  "%0d%0aSet-Cookie:%20x=1",
  "%0aX-Injected:%201",
  "%09",
  "%7f",
  "%e2%80%ae",
  "%ef%bb%bf",
  "%F0%9F%A4%96",
];

export const markup = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "{{7*7}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as the literal text
  "${7*7}",
  "%s%s%s%n",
  "\r\nX-Injected: 1",
  "\n",
  "\r",
  "\t",
  " ",
  "",
  "\u2028",
  "\u202e",
  "\ufeff",
  "\ud800",
  "\udfff",
  "\ud83e",
  "🤖",
  "e\u0301",
  "İ",
  "ß",
  "ﬁ",
];

const big = (n: number) => fc.constantFrom("a", "é", "🤖", "%", "'", "/", "0").map((c) => c.repeat(Math.ceil(n / c.length)));

/** A lone UTF-16 surrogate now and then: strings that are not valid Unicode. */
const surrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n)), minLength: 1, maxLength: 4 });

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...boundaries, ...sql, ...fts5, ...traversal, ...badPercent, ...markup), weight: 8 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }), weight: 1 },
  { arbitrary: surrogates, weight: 1 },
  {
    arbitrary: fc
      .array(fc.constantFrom(...fts5, "a", "b", "transformers", "regularization"), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join(" ")),
    weight: 3,
  },
  { arbitrary: fc.tuple(fc.constantFrom(...sql, ...fts5), fc.constantFrom(...badPercent, ...markup)).map(([a, b]) => a + b), weight: 1 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.double().map(String), weight: 1 },
  { arbitrary: fc.oneof(big(121), big(201), big(2049), big(4001), big(10_000), big(100_000)), weight: 1 },
);

/** A JSON value of a type the schema did not ask for, sometimes deeply nested. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, "", [], {}, [[]], { "": null }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 50, max: 2000 }).map((depth) => nest(depth)),
);

export function nest(depth: number): unknown {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}
