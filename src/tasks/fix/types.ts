/** What a fix task fixes; the answer is applied to the file as it is then, and verified. */
export interface FixTarget {
  /** Repo-relative, `/`-separated. */
  path: string;
  /** The configured check that reported it, re-run to verify the fix. */
  check: string;
  fingerprint: string;
  line: number;
  message: string;
  /** The fingerprints of every diagnostic of that run: a fix may not add one. */
  baseline: string[];
}
