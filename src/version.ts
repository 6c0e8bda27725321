import { createRequire } from 'node:module';

// Read from package.json so a release bump changes one place. The path is the same relative to
// src/ (tests) and dist/ (the built CLI).
const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

export const VERSION: string = pkg.version;
