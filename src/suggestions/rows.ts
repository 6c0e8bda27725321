import type { DocStyle } from '../tasks/docstring/types.js';
import type { FixEdit, NewSuggestion, Suggestion, SuggestionStatus } from './types.js';

/** A row of the suggestions table: the common columns, then each kind's own (null for others). */
export interface SuggestionRow {
  id: string;
  kind: string;
  repo: string;
  path: string;
  base_hash: string;
  diff: string;
  after: string;
  status: SuggestionStatus;
  task_id: string | null;
  note: string | null;
  caution: string | null;
  created_at: number;
  updated_at: number;
  symbol: string | null;
  body_hash: string | null;
  doc: string | null;
  style: string | null;
  fingerprint: string | null;
  check_name: string | null;
  message: string | null;
  location: string | null;
  verified: number | null;
  edits: string | null;
}

/** The kind's own columns, in this order after the common ones in an INSERT. */
export const KIND_COLUMNS = [
  'symbol',
  'body_hash',
  'doc',
  'style',
  'fingerprint',
  'check_name',
  'message',
  'location',
  'verified',
  'edits',
] as const;

/** A new suggestion's own columns, in KIND_COLUMNS order; the other kind's are null. */
export function buildKindValues(input: NewSuggestion): unknown[] {
  if (input.kind === 'docstring')
    return [input.symbol, input.bodyHash, input.doc, input.style, ...nulls(6)];
  return [
    ...nulls(4),
    input.fingerprint,
    input.check,
    input.message,
    input.location,
    Number(input.verified),
    JSON.stringify(input.edits),
  ];
}

function nulls(n: number): null[] {
  return Array.from({ length: n }, () => null);
}

/** A row read back as its kind (the CHECK of the table guarantees each kind's columns). */
export function toSuggestion(row: SuggestionRow): Suggestion {
  const common = {
    id: row.id,
    repo: row.repo,
    path: row.path,
    baseHash: row.base_hash,
    diff: row.diff,
    after: row.after,
    status: row.status,
    taskId: row.task_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    note: row.note,
    caution: row.caution,
  };
  if (row.kind === 'fix')
    return {
      ...common,
      kind: 'fix',
      fingerprint: row.fingerprint ?? '',
      check: row.check_name ?? '',
      message: row.message ?? '',
      location: row.location ?? '',
      verified: row.verified === 1,
      edits: parseEdits(row.edits),
    };
  return {
    ...common,
    kind: 'docstring',
    symbol: row.symbol ?? '',
    bodyHash: row.body_hash ?? '',
    doc: row.doc ?? '',
    style: (row.style ?? '') as DocStyle,
  };
}

/** A fix's stored edits; none when the text is not a list of SEARCH/REPLACE pairs. */
function parseEdits(text: string | null): FixEdit[] {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const isEdit = (e: unknown): e is FixEdit =>
    typeof (e as FixEdit)?.search === 'string' && typeof (e as FixEdit)?.replace === 'string';
  return value.every(isEdit) ? value.map(({ search, replace }) => ({ search, replace })) : [];
}
