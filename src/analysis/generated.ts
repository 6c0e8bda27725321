/**
 * Generated and minified files: nobody documents them by hand, their next generation overwrites
 * any doc, and they are where one file holds thousands of functions. The daemon skips them before
 * parsing. Pure: a path and the file's text in, a reason (or nothing) out.
 */
import picomatch from 'picomatch';

/** Marks a generator writes into the first lines of what it writes. */
export const GENERATED_MARKERS: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  // Facebook's convention, also used by Relay, Buck, Sapling and many others.
  { name: '@generated', pattern: /@generated\b/ },
  // Go's convention (go.dev/s/generatedcode), also written by protoc plugins and others.
  { name: 'Code generated ... DO NOT EDIT', pattern: /\bCode generated\b.*\bDO NOT EDIT\b/i },
  { name: 'DO NOT EDIT', pattern: /\bDO NOT (?:EDIT|MODIFY)\b/ },
  {
    name: 'auto-generated',
    pattern:
      /\b(?:auto-?generated|automatically generated|machine generated)\s+(?:by|from|with|using|file|code|source)\b/i,
  },
  {
    name: 'this file is generated',
    pattern:
      /\bthis (?:file|code|module) (?:is|was|has been) (?:auto-?|automatically |machine[- ])?generated\b/i,
  },
];

/** Paths that hold generated code by convention, as globs matched at any depth. */
export const GENERATED_PATHS: readonly string[] = [
  '*.min.js',
  '*.min.mjs',
  '*.min.cjs',
  '*.bundle.js',
  '*_pb2.py',
  '*_pb2.pyi',
  '*_pb2_grpc.py',
  '*.pb.go',
  '*.pb.gw.go',
  '*_grpc.pb.go',
  '*_pb.js',
  '*_pb.d.ts',
  '*_grpc_pb.js',
  '*.generated.*',
  '*_generated.go',
  'zz_generated*.go',
  '*.gen.go',
  '*.gen.ts',
  '__generated__/**',
];

/** The header read for markers: the first lines of a file, before any code of its own. */
const HEADER_LINES = 15;
const HEADER_CHARS = 3000;
/** Minified: lines this long on average, over a file at least this long. */
const MINIFIED_AVERAGE_LINE = 300;
const MINIFIED_MIN_CHARS = 2000;

const matchesGeneratedPath = picomatch(
  GENERATED_PATHS.map((glob) => `**/${glob}`),
  { dot: true, nocase: true },
);

/**
 * Why a file counts as generated or minified (for the log), or undefined. `relPath` is
 * repository-relative with `/` separators.
 */
export function findGeneratedReason(relPath: string, text: string): string | undefined {
  if (matchesGeneratedPath(relPath)) return `its path looks generated (${relPath})`;
  const header = text.slice(0, HEADER_CHARS).split('\n').slice(0, HEADER_LINES).join('\n');
  const marker = GENERATED_MARKERS.find(({ pattern }) => pattern.test(header));
  if (marker) return `its header says it is generated ("${marker.name}")`;
  if (text.length >= MINIFIED_MIN_CHARS) {
    const lines = countLines(text);
    if (text.length / lines > MINIFIED_AVERAGE_LINE)
      return `it looks minified (${Math.round(text.length / lines)} characters a line on average)`;
  }
  return undefined;
}

function countLines(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}
