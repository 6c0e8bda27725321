/**
 * Compiles src/queue (and what it imports) to plain JS in a temp folder, so that a real child
 * process can run the queue without a build of the whole project or a TS loader. The folder gets
 * a node_modules link to the project's, so `better-sqlite3` resolves from it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../helpers/hearth.js';

export function compileQueue(): { outDir: string; remove: () => void } {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'hearth-queue-js-'));
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsc'),
    [
      ...['--outDir', outDir, '--rootDir', path.join(ROOT, 'src')],
      ...['--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2023'],
      ...['--lib', 'ES2023', '--types', 'node', '--strict', '--skipLibCheck', '--esModuleInterop'],
      path.join(ROOT, 'src', 'queue', 'store.ts'),
      path.join(ROOT, 'src', 'queue', 'scheduler.ts'),
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  return { outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
