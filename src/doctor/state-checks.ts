import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { errorMessage } from '../errors.js';
import { describeDamage, listDamage } from '../util/damaged-files.js';
import { describeJsonError, findJsonErrorOffset } from '../util/json-error.js';
import type { Check, DoctorContext } from './types.js';

const REPAIR_STORE =
  'any hearth command that opens it (`hearth start`) moves it aside, keeps the rows it can still read and starts a fresh one';
const REPAIR_JSON = 'hearth moves it aside the next time it reads it (`hearth start`)';

/**
 * hearth's own state under its folders: the damaged files already moved aside (one line each,
 * while the copy is there), and stores or state files damaged now. Reads only: nothing is moved
 * here.
 */
export function checkStateFiles(ctx: DoctorContext): Check[] {
  const { paths } = ctx;
  const checks: Check[] = [];
  for (const record of listDamage([paths.data, paths.config])) {
    checks.push({
      id: 'state-files',
      status: 'warn',
      message: describeDamage(record),
      fix: `look at ${record.movedTo} if you need what it held; delete it and this line goes`,
    });
  }
  for (const file of [paths.queueFile, paths.suggestionsFile, paths.reviewsFile]) {
    const problem = findStoreDamage(file);
    if (problem)
      checks.push({
        id: 'state-files',
        status: 'fail',
        message: `${file} is damaged (${problem})`,
        fix: REPAIR_STORE,
      });
  }
  const trustFile = path.join(paths.config, 'trusted-checks.json');
  for (const file of [paths.reposFile, paths.scheduledReviewsFile, trustFile]) {
    const problem = findJsonDamage(file);
    if (problem)
      checks.push({
        id: 'state-files',
        status: 'fail',
        message: `${file} is damaged (${problem})`,
        fix: REPAIR_JSON,
      });
  }
  if (checks.length === 0)
    checks.push({ id: 'state-files', status: 'pass', message: 'no damaged state files' });
  return checks;
}

/** What `PRAGMA quick_check` or SQLite says is wrong with a store; undefined when fine or absent. */
export function findStoreDamage(file: string): string | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    return check === 'ok' ? undefined : `integrity check: ${String(check)}`;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code))
      return errorMessage(error);
    return undefined;
  } finally {
    db?.close();
  }
}

function findJsonDamage(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (findJsonErrorOffset(text) !== undefined) return describeJsonError(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? undefined
    : 'it does not hold a JSON object';
}

/** The user's config as loaded: a refusal names the file (and line) and how to repair it. */
export function checkConfig(configError: string | undefined): Check {
  if (!configError) return { id: 'config', status: 'pass', message: 'the config is valid' };
  return {
    id: 'config',
    status: 'fail',
    message: `${configError} (the other checks used the defaults)`,
    fix: 'hearth refuses to start until it is repaired; it never discards your config by itself',
  };
}
