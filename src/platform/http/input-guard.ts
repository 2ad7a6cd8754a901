/**
 * Input no route should ever see, refused for every route alike before its own schema runs:
 *
 * - text the databases cannot keep as it was sent: PostgreSQL refuses the NUL character in text (the
 *   request would fail deep inside a transaction), and both databases store text as UTF-8, where a lone
 *   UTF-16 surrogate silently becomes U+FFFD;
 * - JSON nested deeper than any Tenure document (terms nest five levels), which would overflow the
 *   recursive code that hashes and copies bodies (the Idempotency-Key hash, the terms snapshot).
 */

export const MAX_INPUT_DEPTH = 64;

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored as sent, or null when it can. */
export function unstorableTextProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone UTF-16 surrogate)';
  return null;
}

/** The first problem in `value` (a parsed body, query or path parameters), with the dotted path under `root` of its field. */
export function findInputProblem(value: unknown, root: string): { field: string; problem: string } | null {
  // An explicit stack: the walk must not be the thing that overflows.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = unstorableTextProblem(v);
      if (problem) return { field: path, problem };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path, problem: `must not nest deeper than ${MAX_INPUT_DEPTH} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}.${i}`, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const problem = unstorableTextProblem(key);
      if (problem) return { field: `${path}.${key.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD')}`, problem: `(the key) ${problem}` };
      stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}
