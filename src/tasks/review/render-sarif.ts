import { pathToFileURL } from 'node:url';
import type { ReviewReport } from './render.js';
import type { ReviewFinding } from './types.js';

/**
 * A review as a SARIF 2.1.0 log (one run, one rule per category) for code-scanning tools.
 * Locations are relative to `SRCROOT`, the repository root, so the log means the same on any
 * machine; `hearthFingerprint/v1` lets a consumer match a finding across runs.
 */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const FINGERPRINT_KEY = 'hearthFingerprint/v1';

export interface SarifReviewInput extends ReviewReport {
  /** The repository's absolute path. */
  repoRoot: string;
  /** hearth's version, when the caller knows it. */
  toolVersion?: string;
}

export function renderReviewSarif(review: SarifReviewInput): object {
  const { findings } = review.result;
  const categories = [...new Set(findings.map((finding) => finding.category))].sort();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hearth',
            ...(review.toolVersion ? { version: review.toolVersion } : {}),
            rules: categories.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: toDirectoryUri(review.repoRoot) } },
        results: findings.map((finding) =>
          buildResult(finding, categories, review.dismissed?.has(finding.fingerprint) ?? false),
        ),
        properties: {
          title: review.title,
          range: review.range,
          tier: review.tier,
          model: review.model,
          createdAt: review.createdAt,
          summary: review.result.summary,
          summaryOnly: review.result.summaryOnly,
        },
      },
    ],
  };
}

function buildResult(
  finding: ReviewFinding,
  categories: readonly string[],
  dismissed: boolean,
): object {
  const region = {
    startLine: finding.line,
    ...(finding.endLine && finding.endLine > finding.line ? { endLine: finding.endLine } : {}),
  };
  return {
    ruleId: finding.category,
    ruleIndex: categories.indexOf(finding.category),
    level: finding.severity,
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toRelativeUri(finding.file), uriBaseId: 'SRCROOT' },
          region,
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    // A dismissed finding stays in the log, suppressed, so code-scanning tools show it closed.
    ...(dismissed && {
      suppressions: [{ kind: 'external', justification: 'dismissed with hearth reviews dismiss' }],
    }),
    // Replacement code is kept as data rather than a SARIF `fix`: it is advice, not an edit.
    ...(finding.suggestion ? { properties: { suggestion: finding.suggestion } } : {}),
  };
}

// `src/my file.ts` → `src/my%20file.ts`: a relative URI reference, `/`-separated.
function toRelativeUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^(?:\.?\/)+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

// SARIF wants a base URI that ends in `/`, or the last folder is read as a file name.
function toDirectoryUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}
