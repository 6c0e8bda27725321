import { describe, expect, it } from 'vitest';
import {
  checkRunsCode,
  findCheckRunsCode,
  limitRepoChecks,
} from '../../../src/checks/runs-code.js';
import { resolveConfig } from '../../../src/config/resolve.js';

const REPO = '/home/u/app';

describe('findCheckRunsCode', () => {
  it.each([
    ['tsc --noEmit', 'tsc reads code without running it'],
    ['npx tsc --noEmit -p .', 'tsc reads code'],
    ['npx --no-install tsc -p tsconfig.json', 'tsc reads code'],
    ['pnpm exec tsc --noEmit', 'tsc reads code'],
    ['node_modules/.bin/tsc --noEmit', 'tsc reads code'],
    ['node /opt/lib/node_modules/typescript/bin/tsc -p .', 'tsc reads code'],
    ['node node_modules/typescript/lib/tsc.js -p .', 'tsc reads code'],
    ['pyright --outputjson', 'pyright reads code'],
    ['basedpyright --outputjson src', 'basedpyright reads code'],
    ['mypy --show-column-numbers src', 'mypy reads code'],
    ['ruff check --output-format json .', 'ruff check reads code'],
    ['/usr/local/bin/ruff check --output-format=json .', 'ruff check reads code'],
    ['go vet ./...', 'go vet reads code'],
  ])('%s reads code without running it', (command, reason) => {
    const found = findCheckRunsCode(command, REPO);
    expect(found.runsCode).toBe(false);
    expect(found.reason).toContain(reason);
  });

  it.each([
    ['npm test', 'package.json script'],
    ['npm run lint', 'package.json script'],
    ['yarn tsc', 'package.json script'],
    ['npx eslint -f json .', 'eslint loads its config and plugins'],
    ['eslint -f json .', 'eslint loads'],
    ['cargo check --message-format=json', 'build scripts'],
    ['pytest -q', 'pytest imports and runs'],
    ['node check.js', 'runs a script'],
    ['python -m mypy src', 'runs a script or module'],
    ['sh ./check.sh', 'runs a script'],
    ['./scripts/tsc --noEmit', 'a program inside the repository'],
    ['/home/u/app/tools/tsc --noEmit', 'a program inside the repository'],
    ['node /home/u/app/tools/tsc.js', 'runs a script'],
    ['node_modules/../evil/tsc', 'a program inside the repository'],
    ['tsc --noEmit && node evil.js', 'uses shell syntax'],
    ['tsc --noEmit; node evil.js', 'uses shell syntax'],
    ['tsc $(node evil.js)', 'uses shell syntax'],
    ['tsc --noEmit | tee out', 'uses shell syntax'],
    ["tsc --noEmit 'x'", 'uses shell syntax'],
    ['tsc\nnode evil.js', 'uses shell syntax'],
    ['NODE_OPTIONS=--require=./evil.js tsc', 'sets environment variables'],
    ['npx --yes tsc', 'does not know `--yes`'],
    ['ruff format .', 'does not know `ruff`'],
    ['go test ./...', 'does not know `go`'],
    ['shellcheck -f gcc x.sh', 'does not know `shellcheck`'],
    ['go vet -vettool=./bin/evil ./...', '`-vettool` makes go run'],
    ['mypy --config-file tools/mypy.ini src', '`--config-file` makes mypy'],
    ['mypy --python-executable .venv/bin/python src', '`--python-executable` makes mypy'],
    ['pyright --pythonpath ./py', '`--pythonpath` makes pyright'],
  ])('%s runs code', (command, reason) => {
    const found = findCheckRunsCode(command, REPO);
    expect(found.runsCode).toBe(true);
    expect(found.reason).toContain(reason);
  });

  it('takes an absolute program path as a tool only when it is outside the repository', () => {
    expect(findCheckRunsCode('/opt/bin/mypy src').runsCode).toBe(true); // no repo to compare
    expect(findCheckRunsCode('/opt/bin/mypy src', REPO).runsCode).toBe(false);
  });
});

describe("a check's own runsCode", () => {
  const check = {
    name: 'c',
    command: 'shellcheck -f gcc x.sh',
    parser: 'generic' as const,
    timeoutMs: 1000,
  };

  it('is honoured either way; without it the command decides', () => {
    expect(checkRunsCode({ ...check, runsCode: false }).runsCode).toBe(false);
    expect(checkRunsCode({ ...check, command: 'tsc', runsCode: true }).runsCode).toBe(true);
    expect(checkRunsCode(check).runsCode).toBe(true);
    expect(checkRunsCode({ ...check, command: 'tsc' }).runsCode).toBe(false);
  });

  it('from a repository file may not say a command runs no code, only that one does', () => {
    const limited = limitRepoChecks([
      { ...check, runsCode: false },
      { ...check, command: 'npx tsc --noEmit', runsCode: false },
      { ...check, command: 'npx tsc --noEmit', runsCode: true },
    ]);
    expect(limited.value.map((c) => c.runsCode)).toEqual([undefined, false, true]);
    expect(limited.value.map((c) => checkRunsCode(c).runsCode)).toEqual([true, false, true]);
    expect(limited.warnings).toHaveLength(1);
    expect(limited.warnings[0]).toContain('cannot say its own command runs no code');
  });

  it('is limited in a repo file when the config is resolved, and free in the user config', () => {
    const checks = [
      { name: 'sc', command: 'shellcheck -f gcc x.sh', parser: 'generic', runsCode: false },
    ];
    const fromRepo = resolveConfig({
      env: {},
      repo: { source: '/r/.hearth.json', values: { checks } },
    });
    expect(fromRepo.values.checks[0]?.runsCode).toBeUndefined();
    expect(fromRepo.warnings.join('\n')).toContain('/r/.hearth.json: refused runsCode = false');
    const fromUser = resolveConfig({
      env: {},
      user: { source: 'config.json', values: { checks } },
    });
    expect(fromUser.values.checks[0]?.runsCode).toBe(false);
    expect(fromUser.warnings).toEqual([]);
  });

  it('must be a boolean', () => {
    expect(() =>
      resolveConfig({
        env: {},
        user: {
          source: 'config.json',
          values: { checks: [{ command: 'tsc', parser: 'tsc', runsCode: 'no' }] },
        },
      }),
    ).toThrow(/"runsCode"/);
  });
});
