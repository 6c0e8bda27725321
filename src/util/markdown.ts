/** A Markdown code fence longer than any backtick run inside, so the text cannot close it early. */
export function fence(text: string, tag: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${tag}\n${text}\n${ticks}`;
}
