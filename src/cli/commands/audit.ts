import { readAudit } from '../../audit/audit-log.js';
import { describeOutcome } from '../../audit/audit-records.js';
import { hearthPaths } from '../../paths.js';
import { print, printJson } from '../output.js';

/** `hearth audit [--json]`: every outbound model request, read from the audit file (no daemon). */
export async function audit(opts: { json?: boolean; limit: number }): Promise<void> {
  const entries = readAudit(hearthPaths().auditFile).slice(-opts.limit);
  if (opts.json) {
    printJson({ entries });
    return;
  }
  if (entries.length === 0) {
    print('no model requests have been made');
    return;
  }
  for (const e of entries) {
    print(
      `${e.at}  ${e.tier.padEnd(5)}  ${e.host}  task ${e.taskId ?? '-'}  ${e.bytes} B  ${e.promptTokens}+${e.completionTokens} tokens  ${describeOutcome(e.outcome)}  sha256 ${e.sha256.slice(0, 12)}`,
    );
  }
}
