import { describe, expect, it } from 'vitest';
import { extractSymbols } from '../../../src/analysis/analyze-file.js';
import type { SymbolChange } from '../../../src/analysis/symbol-diff.js';
import type { LanguageId } from '../../../src/analysis/types.js';
import { buildDocPatch } from '../../../src/tasks/docstring/build-patch.js';
import { pickSymbolsToDocument } from '../../../src/tasks/docstring/plan.js';
import {
  findRuntimeDocReason,
  summarizeRuntimeSkips,
} from '../../../src/tasks/docstring/runtime-doc.js';
import { sanitizeDocAnswer } from '../../../src/tasks/docstring/sanitize.js';
import { findSymbol } from '../../helpers/symbols.js';

const CLICK = 'click/typer commands';
const ROUTE = 'route handlers';
const INVOKE = 'invoke tasks';
const PYDANTIC = 'pydantic models';
const MODULE = 'symbols of modules that read docstrings';
const CLAP = 'clap commands';
const GRAPHQL = 'GraphQL types';

/** [what, file name, source, symbol, the group it is skipped as or undefined when documented]. */
const CASES: Array<[string, string, string, string, string | undefined]> = [
  ['@click.command()', 'a.py', '@click.command()\ndef hello():\n    pass\n', 'hello', CLICK],
  [
    '@click.command with options below',
    'a.py',
    '@click.command(name="hi")\n@click.option("--n", default=1)\ndef hello(n):\n    pass\n',
    'hello',
    CLICK,
  ],
  ['@cli.command("x")', 'a.py', '@cli.command("x")\ndef x():\n    pass\n', 'x', CLICK],
  ['@main.group (no call)', 'a.py', '@main.group\ndef db():\n    pass\n', 'db', CLICK],
  ['@click.group()', 'a.py', '@click.group()\ndef cli():\n    pass\n', 'cli', CLICK],
  ['@app.command() (typer)', 'a.py', '@app.command()\ndef run():\n    pass\n', 'run', CLICK],
  ['@app.callback() (typer)', 'a.py', '@app.callback()\ndef main():\n    pass\n', 'main', CLICK],
  [
    'a click command method of a class',
    'a.py',
    'class Tool:\n    @staticmethod\n    @cli.command()\n    def go():\n        pass\n',
    'Tool.go',
    CLICK,
  ],
  [
    '@app.get (FastAPI)',
    'a.py',
    '@app.get("/items")\nasync def items():\n    pass\n',
    'items',
    ROUTE,
  ],
  [
    '@router.post (FastAPI)',
    'a.py',
    '@router.post("/items", status_code=201)\ndef add(item):\n    pass\n',
    'add',
    ROUTE,
  ],
  ['@bp.route (Flask)', 'a.py', '@bp.route("/")\ndef index():\n    pass\n', 'index', ROUTE],
  [
    '@app.api_route',
    'a.py',
    '@app.api_route("/x", methods=["GET"])\ndef x():\n    pass\n',
    'x',
    ROUTE,
  ],
  ['@app.websocket', 'a.py', '@app.websocket("/ws")\nasync def ws(s):\n    pass\n', 'ws', ROUTE],
  ['@app.delete', 'a.py', '@app.delete("/x/{i}")\ndef rm(i):\n    pass\n', 'rm', ROUTE],
  ['@task (invoke)', 'a.py', '@task\ndef build(c):\n    pass\n', 'build', INVOKE],
  [
    '@task(help=...)',
    'a.py',
    '@task(help={"n": "x"})\ndef build(c, n):\n    pass\n',
    'build',
    INVOKE,
  ],
  [
    'class deriving from BaseModel',
    'a.py',
    'class Item(BaseModel):\n    name: str\n',
    'Item',
    PYDANTIC,
  ],
  [
    'class deriving from pydantic.BaseModel',
    'a.py',
    'class Item(pydantic.BaseModel, frozen=True):\n    name: str\n',
    'Item',
    PYDANTIC,
  ],
  [
    'a method of a pydantic model is documented',
    'a.py',
    'class Item(BaseModel):\n    def total(self):\n        return 1\n',
    'Item.total',
    undefined,
  ],
  [
    'a module reading __doc__',
    'a.py',
    'import argparse\n\ndef run():\n    pass\n\nparser = argparse.ArgumentParser(description=run.__doc__)\n',
    'run',
    MODULE,
  ],
  [
    'a module using inspect.getdoc',
    'a.py',
    'import inspect\n\ndef f():\n    return inspect.getdoc(g)\n\ndef g():\n    pass\n',
    'g',
    MODULE,
  ],
  ['a fire CLI', 'a.py', 'import fire\n\ndef hi(n):\n    pass\n\nfire.Fire(hi)\n', 'hi', MODULE],
  [
    'a docopt script',
    'a.py',
    'from docopt import docopt\n\ndef main():\n    args = docopt(USAGE)\n',
    'main',
    MODULE,
  ],
  [
    'a typer.run script',
    'a.py',
    'import typer\n\ndef main(n: int):\n    pass\n\ntyper.run(main)\n',
    'main',
    MODULE,
  ],
  ['a strawberry type', 'a.py', '@strawberry.type\nclass Book:\n    title: str\n', 'Book', GRAPHQL],
  ['a graphene type', 'a.py', 'class Query(graphene.ObjectType):\n    pass\n', 'Query', GRAPHQL],
  ['a plain function', 'a.py', 'def add(a, b):\n    return a + b\n', 'add', undefined],
  ['a plain class', 'a.py', 'class Shape(Base):\n    pass\n', 'Shape', undefined],
  [
    'other decorators',
    'a.py',
    '@functools.lru_cache()\n@property\ndef x():\n    pass\n',
    'x',
    undefined,
  ],
  ['a bare @get is not a route', 'a.py', '@get("/")\ndef x():\n    pass\n', 'x', undefined],
  [
    'a TypeScript function named command',
    'a.ts',
    'export function command(): void {}\n',
    'command',
    undefined,
  ],
  [
    'a clap Parser struct',
    'a.rs',
    '#[derive(Parser, Debug)]\n#[command(version)]\nstruct Cli {\n    name: String,\n}\n',
    'Cli',
    CLAP,
  ],
  [
    'a clap Subcommand enum',
    'a.rs',
    '#[derive(Subcommand)]\nenum Commands {\n    Add,\n}\n',
    'Commands',
    CLAP,
  ],
  ['a plain Rust struct', 'a.rs', '#[derive(Debug)]\nstruct P {\n    x: i32,\n}\n', 'P', undefined],
];

const LANGUAGES: Record<string, LanguageId> = { py: 'python', ts: 'typescript', rs: 'rust' };

async function symbolsOf(file: string, text: string) {
  const language = LANGUAGES[file.split('.').at(-1) as string] as LanguageId;
  const analysis = await extractSymbols(file, language, { text, contentHash: '' });
  if (!analysis.ok) throw new Error(analysis.message);
  return { language, symbols: analysis.symbols };
}

describe('findRuntimeDocReason', () => {
  it.each(CASES)('%s', async (_, file, text, name, group) => {
    const { language, symbols } = await symbolsOf(file, text);
    const found = findRuntimeDocReason(findSymbol(symbols, name), { language, text });
    expect(found?.group).toBe(group);
    if (group) expect(found?.reason).toMatch(/^its (docstring|module|doc comments)/);
  });

  it('reads the decorators from the Python syntax tree, outermost first', async () => {
    const text = '@click.command(\n    name="x",\n)\n@click.option("--n")\ndef x(n):\n    pass\n';
    const { symbols } = await symbolsOf('a.py', text);
    expect(findSymbol(symbols, 'x').decorators).toEqual([
      'click.command(name="x")',
      'click.option("--n")',
    ]);
  });
});

describe('pickSymbolsToDocument', () => {
  it('leaves runtime-text symbols out, with the reason, and keeps the others', async () => {
    const text =
      '@cli.command()\ndef hello():\n    pass\n\n\n@app.get("/")\ndef index():\n    pass\n\n\ndef add(a, b):\n    return a + b\n';
    const { symbols } = await symbolsOf('a.py', text);
    const changes = symbols.map((symbol): SymbolChange => ({ type: 'added', symbol }));
    const picked = pickSymbolsToDocument(changes, { language: 'python', text });
    expect(picked.symbols.map((s) => s.qualifiedName)).toEqual(['add']);
    expect(picked.skipped.map((s) => [s.symbol.qualifiedName, s.group])).toEqual([
      ['hello', CLICK],
      ['index', ROUTE],
    ]);
  });

  it('skips an update of a stale doc on a runtime-text symbol too', async () => {
    const text =
      '@cli.command()\ndef hello(name):\n    """Greets.\n\n    Args:\n        old: Gone.\n    """\n';
    const { symbols } = await symbolsOf('a.py', text);
    const changes = symbols.map(
      (symbol): SymbolChange => ({ type: 'changed', symbol, before: symbol }),
    );
    const picked = pickSymbolsToDocument(changes, { language: 'python', text });
    expect(picked.symbols).toEqual([]);
    expect(picked.skipped.map((s) => s.symbol.qualifiedName)).toEqual(['hello']);
  });
});

describe('buildDocPatch', () => {
  // A task queued, or a suggestion made, by a hearth that did not know the rule yet.
  it('makes no patch for a runtime-text symbol, whoever asks', async () => {
    const text = '@click.command()\ndef hello():\n    print("hi")\n';
    const { symbols } = await symbolsOf('a.py', text);
    const patch = await buildDocPatch({
      path: 'a.py',
      text,
      hasBom: false,
      language: 'python',
      style: 'google',
      symbol: symbols[0] as never,
      doc: 'Say hello.',
      width: 88,
    });
    expect(patch).toEqual({
      ok: false,
      reason: 'hello: its docstring is the --help text of a click/typer command',
    });
  });
});

describe('summarizeRuntimeSkips', () => {
  it('counts the skipped symbols per group', () => {
    const click = { group: CLICK, reason: 'r' };
    const route = { group: ROUTE, reason: 'r' };
    expect(summarizeRuntimeSkips([click, route, click])).toBe(
      '3 symbols whose docstring is runtime text: 2 click/typer commands, 1 route handlers',
    );
    expect(summarizeRuntimeSkips([])).toBeUndefined();
  });
});

describe('docs with doctest examples', () => {
  // A doctest runner executes `>>>` lines: such a doc is code, so the sanitiser refuses it.
  it.each([
    ['Adds.\n\n>>> add(1, 2)\n3'],
    ['Adds.\n\nExamples:\n    >>> add(1, 2)\n    3'],
    ['Adds.\n\nExample\n-------\n>>> add(1, 2)'],
    ['Reads the limit.\n\n>>> limit\n10'],
  ])('refuses %j', (answer) => {
    const checked = sanitizeDocAnswer(answer, {
      language: 'python',
      style: 'google',
      symbolName: 'add',
    });
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.reason).toMatch(/^answer contains code/);
  });
});
