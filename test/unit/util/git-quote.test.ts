import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitQuotePath } from '../../../src/util/git-quote.js';

const NAMES = [
  'plain.py',
  'sp ace.py',
  'a\tb.py',
  'new\nline.py',
  'cr\r.py',
  'quo"te.py',
  'back\\slash.py',
  'é.py',
  '日本.ts',
  '\u001b[31mred.py',
  '\u0007bell\u0008\u000b\u000c.py',
  'del\u007f.py',
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-git-quote-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gitQuotePath', () => {
  it('writes each name exactly as git diff --name-only does with core.quotePath', () => {
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    execFileSync('git', ['init', '-q', dir], { env });
    for (const name of NAMES) writeFileSync(path.join(dir, name), 'x');
    execFileSync('git', ['-C', dir, 'add', '-A'], { env });
    const listed = execFileSync(
      'git',
      ['-C', dir, '-c', 'core.quotePath=true', 'diff', '--cached', '--name-only'],
      { env, encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean);
    expect(new Set(NAMES.map(gitQuotePath))).toEqual(new Set(listed));
    expect(gitQuotePath('a\tb.py')).toBe('"a\\tb.py"');
    expect(gitQuotePath('é.py')).toBe('"\\303\\251.py"');
  });
});
