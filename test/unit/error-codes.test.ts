import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from '../../src/errors.js';
import { ROOT } from '../helpers/hearth.js';

/**
 * tsc already refuses a code that ERROR_CODES does not list. What it cannot see: a code listed
 * twice (in two groups), a listed code nothing gives any more, and a published code renamed or
 * dropped (scripts read these strings in `--json` errors and IPC error bodies).
 */

const listed = Object.values(ERROR_CODES).flatMap((group) => Object.keys(group));

/** The codes of today's release: a program may match on any of them, so none may go. */
const PUBLISHED = [
  'already-running',
  'bad-body',
  'bad-days',
  'bad-field',
  'bad-json',
  'bad-range',
  'bad-request',
  'bad-response',
  'body-too-large',
  'cancelled',
  'cloud-not-configured',
  'config-invalid',
  'connection',
  'context-overflow',
  'daemon-error',
  'daemon-not-running',
  'daemon-timeout',
  'disk-full',
  'docstrings-path',
  'forbidden',
  'git-missing',
  'hooks-missing',
  'internal',
  'local-only',
  'lock-contended',
  'never-send',
  'no-local-model',
  'no-log',
  'no-such-path',
  'not-a-work-tree',
  'not-awaiting-approval',
  'not-found',
  'not-watched',
  'nothing-to-review',
  'protocol-mismatch',
  'queue-invalid-input',
  'queue-schema-newer',
  'queue-unknown-task',
  'queue-wrong-status',
  'rate-limited',
  'repos-unreadable',
  'scan-path',
  'schema-newer',
  'server-error',
  'service-bad-path',
  'service-template',
  'service-unsupported',
  'socket-path-too-long',
  'start-failed',
  'start-timeout',
  'stop-timeout',
  'store-damaged',
  'timeout',
  'unauthorized',
  'unavailable',
  'unexpected',
  'unknown',
  'unknown-finding',
  'unknown-review',
  'unknown-route',
  'unknown-suggestion',
  'unknown-task',
  'unsafe-runtime-dir',
  'usage',
  'wait-local',
];

function readSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return readSources(file);
    return entry.name.endsWith('.ts') ? [readFileSync(file, 'utf8')] : [];
  });
}

describe('error codes', () => {
  it('lists each code once, across all groups', () => {
    const twice = listed.filter((code, i) => listed.indexOf(code) !== i);
    expect(twice).toEqual([]);
  });

  it('says in one line what each code means', () => {
    for (const group of Object.values(ERROR_CODES))
      for (const [code, meaning] of Object.entries(group)) {
        expect(meaning, code).toMatch(/^\S.{10,}$/);
        expect(meaning, code).not.toContain('\n');
      }
  });

  it('keeps every published code (a script may match on it)', () => {
    expect(listed).toEqual(expect.arrayContaining(PUBLISHED));
  });

  it('lists only codes that some code in src/ gives', () => {
    const src = path.join(ROOT, 'src');
    // errors.ts gives codes too (its subclasses), outside the table itself.
    const others = readSources(src)
      .map((text) => text.replace(/export const ERROR_CODES = \{[\s\S]*?\n\} as const;/, ''))
      .join('\n');
    expect(listed.filter((code) => !others.includes(`'${code}'`))).toEqual([]);
  });

  it.each([
    ['never-send', true],
    ['queue-unknown-task', true],
    ['never_send', false],
    ['', false],
    [undefined, false],
    [42, false],
  ])('isErrorCode(%j) is %s', (value, known) => {
    expect(isErrorCode(value)).toBe(known);
  });
});
