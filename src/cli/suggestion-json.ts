import { describeTitle, describeWhere, findVerified } from '../suggestions/describe.js';
import type { Suggestion } from '../suggestions/types.js';

/**
 * A suggestion as `--json` prints it: the flat keys it had before each kind got fields of its own
 * (a fix's fingerprint under `bodyHash`, its check under `style`, its message under `doc`, its
 * edits as JSON text under `payload`), kept so that scripts reading them go on working.
 */
export function toFlatSuggestion(s: Suggestion) {
  return {
    id: s.id,
    kind: s.kind,
    repo: s.repo,
    path: s.path,
    symbol: s.kind === 'docstring' ? s.symbol : '',
    bodyHash: s.kind === 'docstring' ? s.bodyHash : s.fingerprint,
    baseHash: s.baseHash,
    doc: describeTitle(s),
    style: s.kind === 'docstring' ? s.style : s.check,
    verified: findVerified(s),
    location: describeWhere(s),
    payload: s.kind === 'fix' ? JSON.stringify(s.edits) : null,
    diff: s.diff,
    after: s.after,
    status: s.status,
    taskId: s.taskId,
    note: s.note,
    caution: s.caution,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
