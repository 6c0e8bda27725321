/**
 * Replaces secrets in a model payload with `[REDACTED:kind]` placeholders before it leaves the
 * machine. Unlike the log redactor, the result is code a model still has to read: variable names,
 * quotes and punctuation stay, and only the secret itself is replaced. Pure.
 */
import { redactAssignments } from './secret-assignments.js';

export interface SecretCount {
  kind: string;
  count: number;
}

export interface RedactResult {
  text: string;
  found: SecretCount[];
}

/** Counts one redaction of `kind` and returns its placeholder. */
export type Tally = (kind: string) => string;

export function placeholder(kind: string): string {
  return `[REDACTED:${kind}]`;
}

interface TokenPattern {
  kind: string;
  /** Group 1, when present, is kept: it is the name the secret was assigned to. */
  pattern: RegExp;
}

// Specific formats first: they name the kind precisely, and the generic assignment rule then
// skips values that are already placeholders.
const TOKEN_PATTERNS: readonly TokenPattern[] = [
  {
    kind: 'private-key',
    // A block cut off before its END line is still a key: redact to the end of the text.
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  {
    kind: 'aws-secret-key',
    pattern:
      /((?<![\w$-])(?:aws[_-]?)?secret[_-]?access[_-]?key["']?\s*(?::=|=>|[:=])\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
  },
  { kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  {
    kind: 'github-token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g,
  },
  { kind: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  // header.payload.signature, the first two base64url JSON objects (`{"` is `eyJ`).
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { kind: 'sendgrid-key', pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g },
  // `Authorization: Bearer <token>`, in a header, a curl line or code: the scheme stays.
  { kind: 'bearer-token', pattern: /(\bBearer[ \t]+)[A-Za-z0-9._~+/-]{16,}=*/g },
  { kind: 'basic-auth', pattern: /(\bBasic[ \t]+)[A-Za-z0-9+/]{12,}={0,2}/g },
  {
    kind: 'openai-key',
    // Keys are random, so they hold a digit; this spares names like `sk-spinner-container-x`.
    pattern: /\bsk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{20,}/g,
  },
];

export function redactSecrets(text: string): RedactResult {
  const counts = new Map<string, number>();
  const tally: Tally = (kind) => {
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    return placeholder(kind);
  };
  let out = text;
  for (const { kind, pattern } of TOKEN_PATTERNS) {
    out = out.replace(pattern, (_match, kept: unknown) => {
      const prefix = typeof kept === 'string' ? kept : '';
      return `${prefix}${tally(kind)}`;
    });
  }
  out = redactAssignments(out, tally);
  return { text: out, found: [...counts].map(([kind, count]) => ({ kind, count })) };
}
