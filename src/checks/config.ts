import { type CheckConfig, PARSER_NAMES, type ParserName } from './types.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 120_000;

/**
 * The `checks` config value: a list of `{ name, command, parser, timeoutMs?, runsCode? }`, or undefined when
 * any entry is malformed (the config layer then names the key and what it allows).
 */
export function parseChecksConfig(raw: unknown): readonly CheckConfig[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const checks: CheckConfig[] = [];
  for (const entry of raw) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
    const { name, command, parser, timeoutMs, runsCode } = entry as Record<string, unknown>;
    if (runsCode !== undefined && typeof runsCode !== 'boolean') return undefined;
    if (typeof command !== 'string' || command.trim() === '') return undefined;
    if (typeof parser !== 'string' || !(PARSER_NAMES as readonly string[]).includes(parser))
      return undefined;
    if (name !== undefined && (typeof name !== 'string' || name === '')) return undefined;
    if (
      timeoutMs !== undefined &&
      (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 100)
    )
      return undefined;
    checks.push({
      name: (name as string | undefined) ?? parser,
      command,
      parser: parser as ParserName,
      timeoutMs: (timeoutMs as number | undefined) ?? DEFAULT_CHECK_TIMEOUT_MS,
      ...(runsCode === undefined ? {} : { runsCode }),
    });
  }
  return checks;
}
