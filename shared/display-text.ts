/**
 * Text that came from outside (a server's reason phrase, header values, error messages, reply
 * names, a hostile file name) made safe to show: terminals act on control characters (colours,
 * window titles, cursor moves) and bidirectional overrides make text read differently from what
 * it is. Pure: the CLI escapes at its output boundary, the renderer before it shows such text.
 */

/** C0 controls, DEL, C1 controls, and the bidi embeddings/overrides/isolates (Trojan Source). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;
/** The same set minus the line feed: what may not reach a terminal even inside our own lines. */
const UNSAFE_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}

/**
 * `text` with every control character shown as an escape (`\x1b`, `\n`, `\x9b`, `\u202e`), so
 * it prints on one line and does nothing but be read. Everything else is left as it is.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Like escapeControl, but keeps line feeds: for whole blocks of output whose lines are ours. */
export function escapeControlKeepingLines(text: string): string {
  return text.replace(UNSAFE_EXCEPT_NEWLINE, visible);
}

/** True when escapeControl would change `text`. */
export function hasControl(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}

/**
 * JSON.stringify whose output holds no raw control character: JSON itself escapes C0 controls,
 * this also writes DEL, C1 and the bidi controls as `\uXXXX`, so a JSON line is safe on a
 * terminal and still parses to exactly the same value.
 */
export function toDisplayJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu,
    (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}
