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
