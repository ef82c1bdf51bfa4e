import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The project's root (where package.json is), found from this file: the same answer whether the
// code runs from src/ under tsx or from the bundle in dist/ that `npm start` builds.

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "migrations"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the project root above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
