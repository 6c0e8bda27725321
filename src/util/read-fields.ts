import { BadRequest } from '../errors.js';

/**
 * Reading untrusted JSON (a request body, a stored row) field by field: each reader returns the
 * typed value or throws BadRequest naming the field and what it must be.
 */

/** The body as an object of fields; anything else is refused as `bad-body`. */
export function readObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest('bad-body', 'expected a JSON object');
  }
  return body as Record<string, unknown>;
}

/** One field that passes `check`; `what` says what it must be when it does not. */
export function readField<T>(
  body: Record<string, unknown>,
  name: string,
  check: (v: unknown) => v is T,
  what: string,
  optional = false,
): T {
  const value = body[name];
  if (value === undefined && optional) return undefined as T;
  if (!check(value)) throw new BadRequest('bad-field', `"${name}" must be ${what}`);
  return value;
}

/** A non-empty string without NUL bytes. */
export const isText = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && !v.includes('\0');
export const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0;
export const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);
export const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isText);
