import { fence } from '../../util/markdown.js';
import type { ReviewFinding, ReviewResult } from './types.js';

export { renderReviewSarif, type SarifReviewInput } from './render-sarif.js';

/**
 * A finished review as people read it (Markdown) and as programs do (JSON); SARIF is in
 * render-sarif.ts. Pure: the caller writes the text where it belongs.
 */

export interface ReviewReport {
  title: string;
  /** The reviewed change: `abc1234..def5678`, `def5678` or `staged`. */
  range: string;
  tier: 'local' | 'cloud';
  model: string;
  result: ReviewResult;
  /** ISO 8601. */
  createdAt: string;
  /** Fingerprints of findings a person dismissed since (`hearth reviews dismiss`): shown as such. */
  dismissed?: ReadonlySet<string>;
}

export interface ReviewJson {
  format: 'hearth-review/v1';
  title: string;
  range: string;
  tier: 'local' | 'cloud';
  model: string;
  createdAt: string;
  summary: string;
  summaryOnly: boolean;
  findings: Array<ReviewFinding & { dismissed?: true }>;
  dropped: ReviewResult['dropped'];
}

export function renderReviewMarkdown(review: ReviewReport): string {
  const { result } = review;
  const blocks = [
    `# ${review.title}`,
    `\`${review.range}\` · ${review.model} (${review.tier}) · ${review.createdAt}`,
  ];
  if (result.summaryOnly) {
    blocks.push('> The answer could not be read as findings; here it is as the model wrote it.');
    blocks.push(result.summary.trim() || '_The answer was empty._');
    return `${blocks.join('\n\n')}\n`;
  }
  if (result.summary.trim() !== '') blocks.push(result.summary.trim());
  blocks.push(countFindings(result.findings));
  for (const [file, findings] of groupByFile(result.findings)) {
    const render = (finding: ReviewFinding) =>
      isDismissed(review, finding) ? renderDismissed(finding) : renderFinding(finding);
    blocks.push(`## \`${file}\``, findings.map(render).join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}

/** The review as plain data, ready for JSON.stringify. */
export function renderReviewJson(review: ReviewReport): ReviewJson {
  const { result, ...meta } = review;
  return {
    format: 'hearth-review/v1',
    title: meta.title,
    range: meta.range,
    tier: meta.tier,
    model: meta.model,
    createdAt: meta.createdAt,
    summary: result.summary,
    summaryOnly: result.summaryOnly,
    findings: result.findings.map((finding) => ({
      ...finding,
      ...(isDismissed(review, finding) && { dismissed: true as const }),
    })),
    dropped: result.dropped.map((entry) => ({ ...entry })),
  };
}

// `**2 findings**: 1 error, 1 warning`, or `No findings.`
function countFindings(findings: readonly ReviewFinding[]): string {
  if (findings.length === 0) return 'No findings.';
  const counts = (['error', 'warning', 'note'] as const)
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}${count === 1 ? '' : 's'}`);
  const noun = findings.length === 1 ? 'finding' : 'findings';
  return `**${findings.length} ${noun}**: ${counts.join(', ')}`;
}

// In the result's order (selectFindings sorts by file and line), so the Nth finding shown is the
// Nth stored, which `hearth reviews dismiss ID N` counts on.
function groupByFile(findings: readonly ReviewFinding[]): Map<string, ReviewFinding[]> {
  const groups = new Map<string, ReviewFinding[]>();
  for (const finding of findings) {
    groups.set(finding.file, [...(groups.get(finding.file) ?? []), finding]);
  }
  return groups;
}

function renderFinding(finding: ReviewFinding): string {
  const lines = finding.endLine ? `${finding.line}-${finding.endLine}` : `${finding.line}`;
  const message = finding.message.trim().replace(/\n/g, '\n  ');
  const head = `- **${finding.severity}** \`${finding.file}:${lines}\` [${finding.category}] ${message}`;
  if (!finding.suggestion) return head;
  return `${head}\n${indent(fence(finding.suggestion, languageOf(finding.file)))}`;
}

function isDismissed(review: ReviewReport, finding: ReviewFinding): boolean {
  return review.dismissed?.has(finding.fingerprint) ?? false;
}

// Kept in its place (the numbering `hearth reviews dismiss` uses), struck through, no suggestion.
function renderDismissed(finding: ReviewFinding): string {
  const lines = finding.endLine ? `${finding.line}-${finding.endLine}` : `${finding.line}`;
  const message = finding.message.trim().replace(/\n/g, ' ');
  return `- ~~${finding.severity} \`${finding.file}:${lines}\` ${message}~~ _(dismissed)_`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');
}

// The file's extension as the fence's language (`ts`, `py`, `go`, `rs`), or none.
function languageOf(file: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(file)?.[1];
  return extension?.toLowerCase() ?? '';
}
