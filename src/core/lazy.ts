import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A CommonJS module loaded on first use, not at import: the @stdlib distribution functions cost 80–200 ms
 * each to load (most of `lissnas --version`'s start-up before), and most commands never call them.
 * `require` is synchronous, so the functions that use them stay synchronous.
 */
export function lazy<T>(id: string): () => T {
  let mod: T | undefined;
  return () => {
    if (mod === undefined) mod = require(id) as T;
    return mod;
  };
}
