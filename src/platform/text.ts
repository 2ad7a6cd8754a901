/**
 * One way to clean the text people type as names, titles, cities and file names. Invisible characters
 * would otherwise make two equal-looking values different (`上\u200B海` a second city next to `上海`), let a
 * title consist of nothing visible, or reorder what a reader sees (`cv\u202Efdp.exe` shows as `cvexe.pdf`).
 *
 * - NFC: the same letter typed as one code point or as a letter plus a combining mark is one value.
 * - Stripped: zero-width characters (U+200B–U+200D, U+2060, U+FEFF), bidirectional controls
 *   (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), soft hyphen (U+00AD) and the C0/C1 control
 *   characters — except tab and line breaks, which `multiline` text keeps.
 * - Trimmed at both ends; a value left empty is refused by the schema that uses it, naming the field.
 */

 
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
 
const LINE_CONTROLS = /[\t\n\r]/g;

/** `text` without invisible and direction-changing characters, NFC, trimmed; one line unless `multiline`. */
export function normalizeText(text: string, opts: { multiline?: boolean } = {}): string {
  let out = text.normalize('NFC').replace(INVISIBLE, '');
  if (!opts.multiline) out = out.replace(LINE_CONTROLS, ' ');
  return out.trim();
}

