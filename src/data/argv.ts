import { UsageError } from "../core/errors.js";

/**
 * Splits a command line into argv the way a POSIX shell would quote it, without running a shell:
 * single quotes keep everything literally, double quotes keep everything except `\"`, `\\`, `\$` and
 * `` \` `` (backslash escapes), a backslash outside quotes escapes the next character, unquoted whitespace
 * separates words. No variable, command or glob expansion is done (`$HOME` and `*` stay as written).
 * Written by hand because the well-known packages (shell-quote, string-argv) either expand variables or
 * treat quotes differently from a shell, and this is 40 lines.
 *
 * @param option the option named in the error for an unbalanced quote or a trailing backslash.
 */
export function parseCommandLine(text: string, option = "--trainer"): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new UsageError(`${option}: unbalanced single quote in '${text}'`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i = readDoubleQuoted(text, i + 1, option, (s) => {
        word += s;
      });
      inWord = true;
    } else if (c === "\\") {
      if (i + 1 >= text.length) throw new UsageError(`${option}: trailing backslash in '${text}'`);
      // backslash-newline is a line continuation in a shell: it disappears
      if (text[i + 1] !== "\n") {
        word += text[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Reads a double-quoted part starting after its opening quote; returns the index after the closing one. */
function readDoubleQuoted(text: string, start: number, option: string, emit: (s: string) => void): number {
  let i = start;
  let part = "";
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      emit(part);
      return i + 1;
    }
    if (c === "\\" && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) {
      if (text[i + 1] !== "\n") part += text[i + 1];
      i += 2;
    } else {
      part += c;
      i++;
    }
  }
  throw new UsageError(`${option}: unbalanced double quote in '${text}'`);
}
