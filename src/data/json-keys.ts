import { DataError } from "../core/errors.js";

/**
 * The keys of a JSON text's top-level object, in file order, each with the 1-based line it is on.
 *
 * `JSON.parse` cannot give either: JavaScript objects list integer-like keys ("12012100") before the others
 * whatever the file order, and a duplicate key silently keeps the last value. Tables keyed by architecture
 * (NAS-Bench-Macro) need both — the row index of an architecture is its position in the file, and a
 * duplicate architecture is an error — so this single pass reads only the top-level keys (strings, depth
 * and escapes tracked) and leaves the values to `JSON.parse`. Duplicates throw a DataError naming both lines.
 */
export function topLevelKeys(text: string, file: string): Array<{ key: string; line: number }> {
  const out: Array<{ key: string; line: number }> = [];
  const seen = new Map<string, number>();
  let depth = 0;
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      const end = stringEnd(text, i);
      if (depth === 1 && expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const prev = seen.get(key);
        if (prev !== undefined) {
          throw new DataError(file, `duplicate key '${key.slice(0, 60)}' (first on line ${prev})`, line);
        }
        seen.set(key, line);
        out.push({ key, line });
        expectKey = false;
      }
      i = end;
    } else if (c === 123 || c === 91) {
      depth++;
      expectKey = depth === 1 && c === 123;
    } else if (c === 125 || c === 93) depth--;
    else if (c === 44 && depth === 1) expectKey = true;
  }
  return out;
}

/** Index of the closing quote of the JSON string opening at `i` (the text is already valid JSON). */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 34) return j;
  }
  return text.length - 1;
}
