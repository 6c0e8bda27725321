import path from 'node:path';
import { analyzeFile } from '../../analysis/analyze-file.js';
import { listSourceFiles } from '../../analysis/list-source-files.js';
import type { LanguageId, SymbolKind } from '../../analysis/types.js';
import { loadConfig } from '../../config/load.js';
import { HearthError } from '../../errors.js';
import { hearthPaths } from '../../paths.js';
import { print, printError, printJson, quoteName } from '../output.js';

interface ScannedSymbol {
  name: string;
  qualifiedName: string;
  kind: SymbolKind;
  line: number;
  hasDoc: boolean;
}

interface ScannedFile {
  path: string;
  language: LanguageId;
  symbols: ScannedSymbol[];
  parseErrors: number;
}

interface Coverage {
  documented: number;
  undocumented: number;
}

/**
 * `hearth scan [PATH...] [--json]`: docstring coverage per file and per language. Runs in this
 * process, without the daemon. Skipped files (binary, too large, not UTF-8, unparsable) are
 * listed with their reason.
 */
export async function scan(
  targets: string[],
  opts: { json?: boolean },
  flagPairs: string[],
): Promise<void> {
  const config = loadConfig({
    userConfigFile: hearthPaths().userConfigFile,
    env: process.env,
    flagPairs,
  });
  let files: string[];
  try {
    files = await listSourceFiles(targets.length ? targets : ['.']);
  } catch (error) {
    throw new HearthError('scan-path', `cannot scan: ${(error as Error).message}`);
  }
  const scanned: ScannedFile[] = [];
  const skipped: Array<{ path: string; reason: string; message: string }> = [];
  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;
    const analysis = await analyzeFile(file, { maxFileBytes: config.values.analysis.maxFileBytes });
    if (!analysis.ok) {
      skipped.push({ path: shown, reason: analysis.reason, message: analysis.message });
      continue;
    }
    scanned.push({
      path: shown,
      language: analysis.language,
      parseErrors: analysis.parseErrors,
      symbols: analysis.symbols.map((s) => ({
        name: s.name,
        qualifiedName: s.qualifiedName,
        kind: s.kind,
        line: s.startLine,
        hasDoc: s.hasDoc,
      })),
    });
  }

  const languages: Partial<Record<LanguageId, Coverage>> = {};
  const totals: Coverage = { documented: 0, undocumented: 0 };
  for (const file of scanned) {
    const perLanguage = languages[file.language] ?? { documented: 0, undocumented: 0 };
    languages[file.language] = perLanguage;
    for (const symbol of file.symbols) {
      const field = symbol.hasDoc ? 'documented' : 'undocumented';
      perLanguage[field]++;
      totals[field]++;
    }
  }

  if (opts.json) {
    printJson({ files: scanned, languages, totals, skipped });
    return;
  }
  for (const file of scanned) {
    const documented = file.symbols.filter((s) => s.hasDoc).length;
    const note = file.parseErrors ? `  (${file.parseErrors} syntax errors; kept what parsed)` : '';
    print(
      `${quoteName(file.path)}  ${file.language}  ${documented}/${file.symbols.length} documented${note}`,
    );
    for (const symbol of file.symbols.filter((s) => !s.hasDoc)) {
      print(
        `  ${String(symbol.line).padStart(5)}  ${symbol.kind.padEnd(9)} ${symbol.qualifiedName}`,
      );
    }
  }
  for (const skip of skipped) printError(`hearth: skipped ${skip.message}`);
  if (scanned.length > 0) print();
  for (const [language, coverage] of Object.entries(languages))
    print(formatCoverage(language, coverage));
  print(formatCoverage('total', totals));
}

function formatCoverage(label: string, c: Coverage): string {
  const all = c.documented + c.undocumented;
  const percent = all === 0 ? 100 : Math.round((100 * c.documented) / all);
  return `${label.padEnd(11)} ${c.documented}/${all} documented (${percent}%)`;
}
