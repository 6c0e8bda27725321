import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { patchFile } from '../../../src/tasks/fix/make-fix.js';
import { cleanup, tempRepo } from '../../helpers/hearth.js';

afterAll(cleanup);

/** A daemon fix never patches a file under .git or one a symlink leads out to. */
describe('patchFile and the paths a checker names', () => {
  const repo = tempRepo();
  const base = path.dirname(repo);
  writeFileSync(path.join(repo, '.git', 'config.ts'), 'let x = 1;\n');
  writeFileSync(path.join(base, 'outside.ts'), 'let x = 1;\n');
  symlinkSync(path.join(base, 'outside.ts'), path.join(repo, 'link.ts'));
  writeFileSync(path.join(repo, 'ok.ts'), 'let x = 1;\n');
  const check = { name: 'noop', command: 'true', parser: 'generic' as const, timeoutMs: 10_000 };

  it.each([
    ['.git/config.ts', 'not a file hearth may change: .git/config.ts is inside .git'],
    ['link.ts', 'not a file hearth may change: link.ts leads outside the repository'],
    ['../outside.ts', 'not a file hearth may change: ../outside.ts is outside the repository'],
  ])('refuses %s', async (file, reason) => {
    const patched = await patchFile({
      repo,
      target: { path: file, fingerprint: 'f', baseline: [] },
      check,
      edits: [{ search: 'let x = 1;\n', replace: 'let x = 2;\n' }],
      maxFileBytes: 100_000,
      verifyWithChecks: false,
    });
    expect(patched.ok ? '' : patched.reason).toContain(reason);
    expect(readFileSync(path.join(base, 'outside.ts'), 'utf8')).toBe('let x = 1;\n');
  });

  it('patches a file of the work tree', async () => {
    const patched = await patchFile({
      repo,
      target: { path: 'ok.ts', fingerprint: 'f', baseline: [] },
      check,
      edits: [{ search: 'let x = 1;\n', replace: 'let x = 2;\n' }],
      maxFileBytes: 100_000,
      verifyWithChecks: false,
    });
    expect(patched).toMatchObject({ ok: true, after: 'let x = 2;\n' });
  });
});
