/**
 * Invisible characters in names and titles (issue 10). A bidirectional override can make "gnp.exe" read as
 * "exe.png"; a zero-width space makes two handles or titles that look the same differ. One pure function strips
 * them where people type text that others read, so what the other party sees is what was typed.
 *
 * Removed everywhere: the bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069), the
 * directional marks (U+200E, U+200F, U+061C), zero-width space and non-joiner (U+200B, U+200C), word joiner and
 * invisible operators (U+2060–2064), the byte-order mark (U+FEFF), the Mongolian vowel separator (U+180E), soft
 * hyphens (U+00AD), and C0 / C1 control characters. The zero-width joiner (U+200D) is kept only between two
 * emoji, where it is what makes 👩‍💻 one picture; anywhere else it is removed. Ordinary spaces stay. Single-line
 * text (the default) turns tabs, newlines and the line/paragraph separators into spaces; multi-line text keeps
 * `\n` and `\t` (a `\r\n` becomes `\n`).
 */
const ALWAYS =
  // eslint-disable-next-line no-control-regex -- removing them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const ZWJ_OUTSIDE_EMOJI = /(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

export function stripInvisible(raw: string, options: { multiline?: boolean } = {}): string {
  let s = raw.replace(/\r\n?/g, '\n');
  s = options.multiline ? s : s.replace(/[\t\n\u2028\u2029]/g, ' ');
  return s.replace(ALWAYS, '').replace(ZWJ_OUTSIDE_EMOJI, '');
}
