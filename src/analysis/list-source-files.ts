import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { listWorkTreeFiles } from '../repos/git.js';
import { languageOf } from './languages/index.js';

/** Folders never worth walking outside a git repository. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'target',
  'dist',
  'build',
  '__pycache__',
  '.venv',
  'venv',
]);

/**
 * The source files under each path, absolute and sorted: inside a git work tree, what git would
 * track (so ignored folders are never entered); elsewhere a walk that skips dependency and build
 * folders. A path that is a file is taken as it is, whatever its language.
 */
export async function listSourceFiles(paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const target of paths) {
    const absolute = path.resolve(target);
    const info = await stat(absolute);
    if (info.isFile()) {
      found.add(absolute);
      continue;
    }
    let files: string[];
    try {
      files = (await listWorkTreeFiles(absolute)).files.map((f) => path.join(absolute, f));
    } catch {
      files = await walk(absolute);
    }
    for (const file of files) if (languageOf(file)) found.add(file);
  }
  return [...found].sort();
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.'))
        out.push(...(await walk(full)));
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
  return out;
}
