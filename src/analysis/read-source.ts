import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { errorMessage } from '../errors.js';

export type SkipReason =
  | 'unsupported'
  | 'binary'
  | 'too-large'
  | 'invalid-utf8'
  | 'unreadable'
  /** The file is gone: deleted or renamed away. */
  | 'missing'
  | 'parse-failed'
  /** Generated or minified: its generator, not a person, writes it (analysis/generated.ts). */
  | 'generated';

export type SourceFile =
  | {
      ok: true;
      /** The text without its BOM; line endings as in the file. */
      text: string;
      /** sha256 of the file's bytes: the cache key. */
      contentHash: string;
      hasBom: boolean;
      bytes: number;
    }
  | { ok: false; reason: SkipReason; message: string };

/** Git's own test: a NUL byte in the first 8,000 bytes makes a file binary. */
const BINARY_SNIFF_BYTES = 8000;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a file for analysis, or says why it should be skipped: binary, over the size limit, not
 * valid UTF-8, missing (deleted or renamed away), or unreadable (a folder, no permission). Never
 * throws.
 */
export async function readSource(file: string, maxBytes: number): Promise<SourceFile> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return skip('unreadable', `${file} is not a regular file`);
    if (info.size > maxBytes) {
      return skip(
        'too-large',
        `${file} is ${info.size} bytes, over the ${maxBytes}-byte limit (analysis.maxFileBytes)`,
      );
    }
    const bytes = await readFile(file);
    if (bytes.length > maxBytes)
      return skip('too-large', `${file} grew past the ${maxBytes}-byte limit while being read`);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0))
      return skip('binary', `${file} is binary (it holds a NUL byte)`);
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      return skip('invalid-utf8', `${file} is not valid UTF-8`);
    }
    const hasBom = text.charCodeAt(0) === 0xfeff;
    return {
      ok: true,
      text: hasBom ? text.slice(1) : text,
      contentHash: createHash('sha256').update(bytes).digest('hex'),
      hasBom,
      bytes: bytes.length,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return skip('missing', `${file} no longer exists`);
    return skip('unreadable', `${file} cannot be read: ${errorMessage(error)}`);
  }
}

function skip(reason: SkipReason, message: string): SourceFile {
  return { ok: false, reason, message };
}
