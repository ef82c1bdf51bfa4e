import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Category } from "./schemas.js";

interface CategoryRow {
  slug: string;
  name: string;
  description: string;
  question_count: number;
}

const toCategory = (r: CategoryRow): Category => ({ slug: r.slug, name: r.name, description: r.description, questionCount: r.question_count });

const selectCategories = sql`
  SELECT c.slug, c.name, c.description, (SELECT count(*) FROM questions q WHERE q.category_slug = c.slug) AS question_count
  FROM categories c`;

export async function listCategories(db: Database): Promise<Category[]> {
  return (await db.all<CategoryRow>(sql`${selectCategories} ORDER BY c.position`)).map(toCategory);
}

export async function findCategory(db: Database, slug: string): Promise<Category | null> {
  const [row] = await db.all<CategoryRow>(sql`${selectCategories} WHERE c.slug = ${slug}`);
  return row ? toCategory(row) : null;
}
