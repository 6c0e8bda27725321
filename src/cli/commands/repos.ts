import path from 'node:path';
import type { CheckConfig } from '../../checks/types.js';
import { loadConfig } from '../../config/load.js';
import {
  describeSetting,
  findSettingsNeedingTrust,
  readVerifyWithChecks,
  setVerifyWithChecks,
  trustFileFor,
  trustSettings,
} from '../../config/trust.js';
import { callDaemon } from '../../ipc/client.js';
import { hearthPaths } from '../../paths.js';
import { findWorkTreeRoot } from '../../repos/git.js';
import { readCheckRunsCode, VERIFY_OPT_IN } from '../../tasks/fix/verify-policy.js';
import { listDamage } from '../../util/damaged-files.js';
import { findLocalModelLine } from '../local-wait.js';
import { print, printDamaged, printJson } from '../output.js';
import { printRepoLines } from './status.js';

/** `hearth watch [PATH]`: registers the work tree holding PATH. */
export async function watch(target: string, flagPairs: readonly string[] = []): Promise<void> {
  const paths = hearthPaths();
  const { repo, added } = await callDaemon(paths.socket, 'watch', {
    path: path.resolve(target),
  });
  print(
    `${added ? 'watching' : 'already watching'} ${repo.path}${repo.files === undefined ? '' : ` (${repo.files} files)`}`,
  );
  if (repo.problem) print(`  note: ${repo.problem}`);
  const line = await findLocalModelLine(paths.socket, paths.userConfigFile, flagPairs);
  if (line) print(`  note: ${line}`);
}

/** `hearth unwatch [PATH]`: forgets the registered repo equal to or holding PATH. */
export async function unwatch(target: string): Promise<void> {
  const { repo } = await callDaemon(hearthPaths().socket, 'unwatch', {
    path: path.resolve(target),
  });
  print(`stopped watching ${repo.path}`);
  const note = await describeHooksLeft(repo.path);
  if (note) print(note);
}

/** One line when hearth's hooks are still in the repo: unwatching leaves them. */
async function describeHooksLeft(repo: string): Promise<string | undefined> {
  const { readHookStatus } = await import('../../service/hooks.js');
  const report = await readHookStatus(repo).catch(() => undefined);
  const ours = report?.hooks.some((hook) => hook.state === 'installed' || hook.state === 'chained');
  return ours
    ? `hearth's git hooks stay in ${report?.hooksDir}; to remove them: hearth hooks uninstall ${repo}`
    : undefined;
}

/**
 * `hearth trust [PATH] [--verify-with-checks | --no-verify-with-checks]`: the settings in the
 * repository's `.hearth.json` that run commands or make hearth write by itself (checks,
 * `docstrings.mode: "auto"`, `reviews.notes`), as they are now, take effect (the running daemon
 * picks this up). Prints what is being trusted, and plainly what running checks means.
 */
export async function trust(
  target: string,
  opts: { verifyWithChecks?: boolean },
  flagPairs: string[],
): Promise<void> {
  const repo = await findWorkTreeRoot(path.resolve(target));
  const { userConfigFile, config: configDir } = hearthPaths();
  const trustFile = trustFileFor(userConfigFile);
  // A damaged trust file is moved aside as it is read: say so before trusting anew.
  const damagedBefore = listDamage([configDir]).length;
  const config = loadConfig({ userConfigFile, repoRoot: repo, env: process.env, flagPairs });
  for (const record of listDamage([configDir]).slice(damagedBefore)) printDamaged(record);
  const file = path.join(repo, '.hearth.json');
  const settings = config.untrusted;
  if (opts.verifyWithChecks !== undefined)
    setVerifyWithChecks(trustFile, repo, opts.verifyWithChecks);
  if (settings) {
    trustSettings(trustFile, repo, settings);
    print(`trusted the settings in ${file}; in ${repo} now:`);
    for (const [key, value] of Object.entries(settings)) {
      if (key !== 'checks') print(`  ${describeSetting(key, value)}`);
    }
  } else {
    const fromRepo = Object.keys(findSettingsNeedingTrust(config)).length > 0;
    print(
      fromRepo ? `the settings in ${file} are trusted already` : `${file} has nothing to trust`,
    );
  }
  for (const warning of config.warnings.filter((w) => w.includes('refused runsCode')))
    print(`  note: ${warning}`);
  const checks = (settings?.checks ?? config.values.checks) as readonly CheckConfig[];
  printChecksMeaning(repo, checks, readVerifyWithChecks(trustFile, repo));
}

/** What trusting checks means, said plainly: they run code, and verifying may run the model's. */
function printChecksMeaning(
  repo: string,
  checks: readonly CheckConfig[],
  verifying: boolean,
): void {
  if (checks.length > 0) {
    print(
      '  these checks run on save and at commit, as you: a check is a command from the repository, and runs code on your machine',
    );
    for (const check of checks) {
      const runs = readCheckRunsCode(check, repo);
      const verdict = !runs.runsCode
        ? 'verifies fixes'
        : verifying
          ? 'verifies fixes, as you opted in'
          : 'its fixes stay unverified';
      print(`  ${check.name}: ${check.command}  (${verdict}: ${runs.reason})`);
    }
  }
  if (verifying) {
    print(
      `verify-with-checks is on for ${repo}: to verify a fix, a check that runs code runs on a copy holding the model's patch, so code the local model wrote runs as you, with everything you may do; to stop: ${VERIFY_OPT_IN.replace('--', '--no-')} ${repo}`,
    );
  } else if (checks.length > 0) {
    print(
      `fixes are verified only by checks that read code without running it; running the others on a fix would run code the local model wrote, as you. To allow that in ${repo}: ${VERIFY_OPT_IN} ${repo}`,
    );
  }
}

/** `hearth repos [--json]`. */
export async function repos(opts: { json?: boolean }): Promise<void> {
  const answer = await callDaemon(hearthPaths().socket, 'repos', {});
  if (opts.json) {
    printJson(answer);
    return;
  }
  if (answer.repos.length === 0) {
    print('no repositories are watched; add one with `hearth watch PATH`');
    return;
  }
  printRepoLines(answer.repos);
}
