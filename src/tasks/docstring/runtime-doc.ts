import type { CodeSymbol, LanguageId } from '../../analysis/types.js';

/**
 * Principle 2, "never change what code does": some docstrings are read at run time (a click
 * command's `--help`, a route's OpenAPI description, a pydantic model's JSON schema). hearth
 * writes none of them, new or updated. The rules are data; `findRuntimeDocReason` reads them.
 */

/** Why a symbol's doc is runtime text: `group` counts alike symbols in a summary. */
export interface RuntimeDocReason {
  /** Plural, for a summary: `click/typer commands`. */
  group: string;
  /** One line a person reads: `its docstring is the --help text of a click/typer command`. */
  reason: string;
}

interface DecoratorRule extends RuntimeDocReason {
  /** Tested against each decorator's expression without `@` (`cli.command("x")`). */
  decorator: RegExp;
}

interface ClassRule extends RuntimeDocReason {
  /** Tested against each base class named in the class header (`pydantic.BaseModel`). */
  base: RegExp;
}

interface ModuleRule extends RuntimeDocReason {
  /** Tested against the whole file: a module that reads docstrings itself. */
  text: RegExp;
}

interface HeaderRule extends RuntimeDocReason {
  /** Tested against the symbol's text before its doc could go: its attributes (Rust). */
  header: RegExp;
}

/** A dotted name's last part: `click.command`, `cli.command`, `app.get`. */
const DECORATOR_RULES: readonly DecoratorRule[] = [
  {
    decorator: /^(?:\w+\.)*\w*(?:command|group)\s*(?:\(|$)/,
    group: 'click/typer commands',
    reason: 'its docstring is the --help text of a click/typer command',
  },
  {
    decorator: /^(?:\w+\.)+callback\s*(?:\(|$)/,
    group: 'click/typer commands',
    reason: 'its docstring is the --help text of a typer callback',
  },
  {
    decorator:
      /^(?:\w+\.)+(?:get|post|put|delete|patch|head|options|trace|route|api_route|websocket|websocket_route)\s*\(/,
    group: 'route handlers',
    reason: 'its docstring is the OpenAPI description of a web route',
  },
  {
    decorator: /^strawberry\.(?:type|input|interface|enum|field|mutation)\s*(?:\(|$)/,
    group: 'GraphQL types',
    reason: 'its docstring is the description in a GraphQL schema',
  },
  {
    decorator: /^(?:invoke\.)?task\s*(?:\(|$)/,
    group: 'invoke tasks',
    reason: 'its docstring is the help text of an invoke task',
  },
];

const CLASS_RULES: readonly ClassRule[] = [
  {
    base: /^(?:\w+\.)*(?:BaseModel|RootModel|BaseSettings|SQLModel)(?:\[.*\])?$/,
    group: 'pydantic models',
    reason: 'its docstring is the description in a pydantic JSON schema',
  },
  {
    base: /^graphene\.(?:ObjectType|InputObjectType|Interface|Enum|Mutation)$/,
    group: 'GraphQL types',
    reason: 'its docstring is the description in a GraphQL schema',
  },
];

const MODULE_RULES: readonly ModuleRule[] = [
  {
    text: /\b(?:typer|defopt|clize)\.run\s*\(|\bargh\.dispatch(?:_commands?)?\s*\(/,
    group: 'symbols of modules that read docstrings',
    reason: 'its module turns functions into commands whose --help is their docstring',
  },
  {
    text: /\b__doc__\b|\binspect\.getdoc\s*\(|\bfire\.Fire\s*\(|\bdocopt\s*\(|^from fire import Fire\b/m,
    group: 'symbols of modules that read docstrings',
    reason: 'its module reads docstrings at run time (__doc__, inspect.getdoc, fire, docopt)',
  },
];

const RUST_RULES: readonly HeaderRule[] = [
  {
    header:
      /#\[derive\([^)]*\b(?:Parser|Args|Subcommand|ValueEnum)\b[^)]*\)\]|#\[(?:command|clap)\(/,
    group: 'clap commands',
    reason: 'its doc comments are the --help text of a clap command',
  },
];

/** Why the symbol's doc is read at run time, or undefined when hearth may write it. Pure. */
export function findRuntimeDocReason(
  symbol: CodeSymbol,
  file: { language: LanguageId; text: string },
): RuntimeDocReason | undefined {
  if (file.language === 'rust') {
    const header = file.text.slice(symbol.startIndex, symbol.endIndex).split(/\{|;/, 1)[0] ?? '';
    return pick(RUST_RULES.find((rule) => rule.header.test(header)));
  }
  if (file.language !== 'python') return undefined;
  const decorators = symbol.decorators ?? [];
  const byDecorator = DECORATOR_RULES.find((rule) =>
    decorators.some((decorator) => rule.decorator.test(decorator)),
  );
  const bases = symbol.kind === 'class' ? listBases(symbol.signature) : [];
  const byBase = CLASS_RULES.find((rule) => bases.some((base) => rule.base.test(base)));
  return pick(byDecorator ?? byBase ?? findModuleRule(file.text));
}

// The module rules read the whole file: asked for each of a file's symbols, they are read once
// per text, not once per symbol (a file of 5,000 functions would be scanned 5,000 times).
let lastModule: { text: string; rule: ModuleRule | undefined } | undefined;
function findModuleRule(text: string): ModuleRule | undefined {
  if (lastModule?.text !== text)
    lastModule = { text, rule: MODULE_RULES.find((rule) => rule.text.test(text)) };
  return lastModule.rule;
}

function pick(rule: RuntimeDocReason | undefined): RuntimeDocReason | undefined {
  return rule && { group: rule.group, reason: rule.reason };
}

/** `class A(B, pkg.C, metaclass=M)` -> `B`, `pkg.C`; keyword arguments are not bases. */
function listBases(signature: string): string[] {
  const open = signature.indexOf('(');
  if (open === -1) return [];
  return signature
    .slice(open + 1, signature.lastIndexOf(')'))
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && !/^\w+\s*=/.test(part));
}

/** `12 symbols whose docstring is runtime text: 9 click/typer commands, 3 route handlers`. */
export function summarizeRuntimeSkips(reasons: readonly RuntimeDocReason[]): string | undefined {
  if (reasons.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const { group } of reasons) counts.set(group, (counts.get(group) ?? 0) + 1);
  const parts = [...counts].map(([group, count]) => `${count} ${group}`);
  const symbols = reasons.length === 1 ? 'symbol' : 'symbols';
  return `${reasons.length} ${symbols} whose docstring is runtime text: ${parts.join(', ')}`;
}
