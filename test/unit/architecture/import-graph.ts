/**
 * The import graph of src/: every relative import of every source file, as folder-to-folder
 * edges, for the walls test. Read with the TypeScript compiler's pre-processor (imports, exports
 * and dynamic imports), so comments and strings never count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** `src/`-relative, `/`-separated: `tasks/fix/stage.ts`. */
  from: string;
  to: string;
}

export function listSourceFiles(srcDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts'))
        files.push(path.relative(srcDir, full).split(path.sep).join('/'));
    }
  };
  walk(srcDir);
  return files.sort();
}

/** The relative imports of one file's text, resolved to `src/`-relative `.ts` paths. */
export function findImports(file: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('./') || spec.startsWith('../'))
    .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
    .map((target) => target.replace(/\.js$/, '.ts'));
}

export function readImportGraph(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of listSourceFiles(srcDir)) {
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    for (const to of findImports(file, text)) edges.push({ from: file, to });
  }
  return edges;
}

/**
 * The room a file lives in: its top folder, or `tasks/<kind>` for a task kind, or `(root)` for
 * files directly in src/ (errors.ts, paths.ts, version.ts).
 */
export function roomOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return '(root)';
  if (parts[0] === 'tasks' && parts.length > 2) return `tasks/${parts[1]}`;
  return parts[0] as string;
}
