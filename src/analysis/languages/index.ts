import path from 'node:path';
import type { LanguageId, LanguageSupport } from '../types.js';

interface Entry {
  language: LanguageId;
  load: () => Promise<LanguageSupport>;
}

// Each language's module is imported on first use: the TypeScript compiler alone costs 0.5 s.
const typescript = () => import('./typescript.js').then((m) => m.typescriptSupport);
const python = () => import('./python.js').then((m) => m.pythonSupport);
const go = () => import('./go.js').then((m) => m.goSupport);
const rust = () => import('./rust.js').then((m) => m.rustSupport);
const java = () => import('./java.js').then((m) => m.javaSupport);

const BY_EXTENSION: Readonly<Record<string, Entry>> = {
  '.py': { language: 'python', load: python },
  '.pyi': { language: 'python', load: python },
  '.ts': { language: 'typescript', load: typescript },
  '.tsx': { language: 'typescript', load: typescript },
  '.mts': { language: 'typescript', load: typescript },
  '.cts': { language: 'typescript', load: typescript },
  '.js': { language: 'javascript', load: typescript },
  '.jsx': { language: 'javascript', load: typescript },
  '.mjs': { language: 'javascript', load: typescript },
  '.cjs': { language: 'javascript', load: typescript },
  '.go': { language: 'go', load: go },
  '.rs': { language: 'rust', load: rust },
  '.java': { language: 'java', load: java },
};

/** The language of a file by its extension, or undefined when hearth does not read it. */
export function languageOf(file: string): LanguageId | undefined {
  return BY_EXTENSION[path.extname(file).toLowerCase()]?.language;
}

export async function supportFor(file: string): Promise<LanguageSupport | undefined> {
  return BY_EXTENSION[path.extname(file).toLowerCase()]?.load();
}
