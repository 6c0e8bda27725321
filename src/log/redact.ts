/**
 * Redacts credentials from anything about to be logged. Pure. Patterns cover the key formats of
 * the providers hearth talks to and the headers that carry them; object keys that name a secret
 * have their whole value replaced.
 */

export const REDACTED = '[REDACTED]';

const SECRET_PATTERNS: readonly RegExp[] = [
  // Authorization headers, in HTTP text or JSON, whatever the scheme.
  /(\bauthorization["']?\s*[:=]\s*["']?)(?:bearer\s+|basic\s+|token\s+)?[^\s"',;]+/gi,
  /(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  // `api_key=...`, `"apiKey": "..."`, `x-api-key: ...`, and password or secret assignments.
  // No \b before the names: in OPENAI_API_KEY or DB_PASSWORD the underscore is a word character.
  /((?:x-)?api[_-]?key["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
  /((?:password|passwd|secret|access[_-]?token)["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
  // Provider key formats: OpenAI and Anthropic (sk-...), GitHub, AWS, Slack, Google.
  /()\bsk-[A-Za-z0-9_-]{16,}/g,
  /()\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
  /()\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /()\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /()\bAIza[0-9A-Za-z_-]{35}\b/g,
];

const SECRET_KEY_NAMES =
  /^(?:authorization|proxy-authorization|api[_-]?key|x-api-key|apikey|password|passwd|secret|token|access[_-]?token|refresh[_-]?token|client[_-]?secret|cookie|set-cookie)$/i;

export function redactText(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: string) => `${prefix}${REDACTED}`);
  }
  return out;
}

/** Returns a copy of `value` with secrets redacted; strings, arrays and plain objects are walked. */
export function redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack && redactText(value.stack),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = redactField(key, child, seen);
  return out;
}

/** A field's value with secrets redacted; all of it when the field's name says it is a secret. */
export function redactField(key: string, value: unknown, seen = new WeakSet<object>()): unknown {
  return SECRET_KEY_NAMES.test(key) && value != null && value !== ''
    ? REDACTED
    : redactValue(value, seen);
}
