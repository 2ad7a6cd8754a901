import { createQueryId, type Compilable, type CompiledQuery, type DialectAdapter, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A query built and compiled once per database and then run with new values: for the few queries every request
 * runs (the session check, the shared manual clock), where Kysely building and compiling the same query again
 * costs more than the database answering it. Build it as usual, with `p.name` where a value goes; `p.name` stands
 * for a bound parameter only (a value compared or inserted), never for a table, column or list.
 */
type Slot = { param: string } | { constant: unknown };
type Compiled = { sql: string; slots: Slot[]; query: CompiledQuery['query'] };

class Placeholder {
  constructor(readonly name: string) {}
}

export function precompiledQuery<P extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, p: P) => Compilable<R>,
): (db: Kysely<Database>, values: P) => Promise<R[]> {
  // Keyed by the dialect's adapter: a transaction shares its database's, SQLite and PostgreSQL compile differently.
  const byAdapter = new WeakMap<DialectAdapter, Compiled>();
  const compile = (db: Kysely<Database>): Compiled => {
    const placeholders = new Proxy({} as P, { get: (_t, name) => new Placeholder(String(name)) });
    const compiled = build(db, placeholders).compile();
    const slots = compiled.parameters.map((v): Slot => (v instanceof Placeholder ? { param: v.name } : { constant: v }));
    return { sql: compiled.sql, slots, query: compiled.query };
  };
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (!compiled) byAdapter.set(adapter, (compiled = compile(db)));
    const parameters = compiled.slots.map((s) => ('param' in s ? values[s.param] : s.constant));
    const result = await db.executeQuery<R>({ sql: compiled.sql, parameters, query: compiled.query, queryId: createQueryId() });
    return result.rows;
  };
}
