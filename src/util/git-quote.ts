/**
 * A path as `git -c core.quotePath=true diff --name-only` prints it (git's quote_c_style): plain
 * when every byte is printable ASCII other than `"` and `\`, else in double quotes with
 * \a \b \t \n \v \f \r \" \\ and three-digit octal for every other byte. One line per name, one
 * name per line: the hooks match staged files on this form in POSIX sh, whatever the name holds.
 */
export function gitQuotePath(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  let quoted = '';
  let needed = false;
  for (const byte of bytes) {
    const letter = LETTERS[byte];
    if (letter !== undefined) {
      quoted += `\\${letter}`;
      needed = true;
    } else if (byte < 0x20 || byte >= 0x7f) {
      quoted += `\\${byte.toString(8).padStart(3, '0')}`;
      needed = true;
    } else quoted += String.fromCharCode(byte);
  }
  return needed ? `"${quoted}"` : name;
}

const LETTERS: Readonly<Record<number, string>> = {
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  34: '"',
  92: '\\',
};
