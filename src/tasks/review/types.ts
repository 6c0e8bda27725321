import type { PrivacyFloor } from '../../config/privacy.js';
import type { Focus } from '../../router/policy.js';

/** How much a finding matters; the same three levels SARIF uses. */
export type Severity = 'error' | 'warning' | 'note';

/** A finding as read from the model's answer, before it is checked against the change. */
export interface RawFinding {
  /** Repository-relative, `/`-separated, as the model wrote it (a leading `./` dropped). */
  file: string;
  line: number;
  endLine?: number;
  severity: Severity;
  /** Lower-case words joined by `-` (`error-handling`); `general` when the model gave none. */
  category: string;
  message: string;
  /** Replacement code for the lines `line`..`endLine`, without a code fence. */
  suggestion?: string;
}

/** A finding kept for the review: inside the change, not dismissed, not reported before. */
export interface ReviewFinding extends RawFinding {
  /** Stable across re-reviews and moves: see fingerprintFinding. */
  fingerprint: string;
}

/** Something the model reported that the review does not show, and why. */
export interface DroppedFinding {
  finding: unknown;
  reason: string;
}

export interface ReviewResult {
  findings: ReviewFinding[];
  summary: string;
  /** true when the answer could not be read as findings and is kept as text */
  summaryOnly: boolean;
  dropped: DroppedFinding[];
}

/** What a review task reviews: resolved commit ids, so the review stays about one change. */
export interface ReviewTarget {
  label: string;
  base: string;
  /** A commit id, or `staged`. */
  head: string;
  focus: Focus;
  /** The review this task answers for (a part of a split review, or a second try). */
  reviewId?: string;
  /** A review too large for the local window is split by file: this task's part. */
  part?: { index: number; count: number };
  /** A second try after an answer that was not JSON. */
  strict?: boolean;
}

/** `hearth review`: what to review in which repository. */
export interface ReviewRequest {
  path: string;
  /** A revision range (`main..HEAD`) or one commit; the last commit when neither this nor staged. */
  range?: string;
  staged?: boolean;
  focus?: Focus;
  prefer?: 'local' | 'cloud';
  /** The caller's privacy settings: the daemon applies the stricter of its own and these. */
  floor?: PrivacyFloor;
}

/** A review as the CLI shows it. */
export interface ReviewView {
  id: string;
  repo: string;
  label: string;
  focus: string;
  status: string;
  tier: string | null;
  findings: number;
  summaryOnly: boolean;
  createdAt: string;
  completedAt: string | null;
}
