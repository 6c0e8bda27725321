import { describe, expect, it } from 'vitest';
import { typescriptSupport } from '../../../src/analysis/languages/typescript.js';
import type { CodeSymbol, ExtractResult } from '../../../src/analysis/types.js';

async function extract(source: string, path = 'src/file.ts'): Promise<ExtractResult> {
  return typescriptSupport.extract(source, path);
}

function find(result: ExtractResult, qualifiedName: string): CodeSymbol {
  const symbol = result.symbols.find((s) => s.qualifiedName === qualifiedName);
  if (!symbol) throw new Error(`no ${qualifiedName} in ${names(result).join(', ')}`);
  return symbol;
}

function names(result: ExtractResult): string[] {
  return result.symbols.map((s) => s.qualifiedName);
}

async function hashOf(source: string, qualifiedName: string, path?: string): Promise<string> {
  return find(await extract(source, path), qualifiedName).bodyHash;
}

const SERVICE = `import { Injectable } from './di.js';

/**
 * Keeps track of users.
 *
 * Example:
 *     const s = new UserService(db);
 */
@Injectable({
  scope: 'singleton',
})
export class UserService<T extends User> extends Base implements Service, Disposable {
  static readonly VERSION = 2;
  #cache = new Map<string, T>();

  constructor(private readonly db: Database, cache?: Cache) {
    super();
  }

  /** The number of cached users. */
  get size(): number {
    return this.#cache.size;
  }

  set size(value: number) {
    throw new Error('read only');
  }

  @Memoize()
  @Trace('find')
  async find(id: string, { withRoles = false }: FindOptions = {}): Promise<T | undefined> {
    function keyOf(raw: string): string {
      return raw.toLowerCase();
    }
    return this.#cache.get(keyOf(id));
  }

  static *ids(this: void, users: User[]): Generator<string> {
    for (const user of users) yield user.id;
  }

  onChange = (event: ChangeEvent, ...rest: unknown[]): void => {
    this.#cache.clear();
  };

  private async *stream(): AsyncGenerator<T> {}
}
`;

describe('typescriptSupport.extract: a decorated service class', () => {
  it('reports the class and each of its methods in source order', async () => {
    const result = await extract(SERVICE);
    expect(result.parseErrors).toBe(0);
    expect(names(result)).toEqual([
      'UserService',
      'UserService.constructor',
      'UserService.size',
      'UserService.size',
      'UserService.find',
      'UserService.find.keyOf',
      'UserService.ids',
      'UserService.onChange',
      'UserService.stream',
    ]);
  });

  it.each([
    {
      qualifiedName: 'UserService',
      kind: 'class',
      name: 'UserService',
      params: [],
      signature:
        'export class UserService<T extends User> extends Base implements Service, Disposable',
      lines: [9, 47],
    },
    {
      qualifiedName: 'UserService.constructor',
      kind: 'method',
      name: 'constructor',
      params: ['db', 'cache'],
      signature: 'constructor(private readonly db: Database, cache?: Cache)',
      lines: [16, 18],
    },
    {
      qualifiedName: 'UserService.find',
      kind: 'method',
      name: 'find',
      params: ['id', '{ withRoles = false }'],
      signature:
        'async find(id: string, { withRoles = false }: FindOptions = {}): Promise<T | undefined>',
      lines: [29, 36],
    },
    {
      qualifiedName: 'UserService.find.keyOf',
      kind: 'function',
      name: 'keyOf',
      params: ['raw'],
      signature: 'function keyOf(raw: string): string',
      lines: [32, 34],
    },
    {
      qualifiedName: 'UserService.ids',
      kind: 'method',
      name: 'ids',
      params: ['users'],
      signature: 'static *ids(this: void, users: User[]): Generator<string>',
      lines: [38, 40],
    },
    {
      qualifiedName: 'UserService.onChange',
      kind: 'method',
      name: 'onChange',
      params: ['event', 'rest'],
      signature: 'onChange = (event: ChangeEvent, ...rest: unknown[]): void =>',
      lines: [42, 44],
    },
    {
      qualifiedName: 'UserService.stream',
      kind: 'method',
      name: 'stream',
      params: [],
      signature: 'private async *stream(): AsyncGenerator<T>',
      lines: [46, 46],
    },
  ])('$qualifiedName is a $kind with its signature and params', async (expected) => {
    const symbol = find(await extract(SERVICE), expected.qualifiedName);
    expect(symbol.kind).toBe(expected.kind);
    expect(symbol.name).toBe(expected.name);
    expect(symbol.params).toEqual(expected.params);
    expect(symbol.signature).toBe(expected.signature);
    expect([symbol.startLine, symbol.endLine]).toEqual(expected.lines);
  });

  it('starts a decorated declaration at its first decorator, after its JSDoc', async () => {
    const result = await extract(SERVICE);
    const service = find(result, 'UserService');
    expect(SERVICE.slice(service.startIndex)).toMatch(/^@Injectable\(\{/);
    expect(SERVICE.slice(0, service.endIndex).endsWith('{}\n}')).toBe(true);
    const method = find(result, 'UserService.find');
    expect(SERVICE.slice(method.startIndex)).toMatch(
      /^@Memoize\(\)\n {2}@Trace\('find'\)\n {2}async/,
    );
  });

  it('keeps the JSDoc out of the range and reports it with its own range', async () => {
    const service = find(await extract(SERVICE), 'UserService');
    expect(service.hasDoc).toBe(true);
    expect(service.doc).toBe(
      'Keeps track of users.\n\nExample:\n    const s = new UserService(db);',
    );
    const docRange = service.docRange;
    expect(docRange).toBeDefined();
    expect(docRange && SERVICE.slice(docRange.startIndex, docRange.endIndex)).toMatch(
      /^\/\*\*\n \* Keeps track of users\.[\s\S]*\*\/$/,
    );
    expect(docRange?.startLine).toBe(3);
    expect(docRange?.endLine).toBe(8);
    expect(docRange && docRange.endIndex <= service.startIndex).toBe(true);
  });

  it('reports a getter with its doc and the setter beside it without one', async () => {
    const [getter, setter] = (await extract(SERVICE)).symbols.filter((s) => s.name === 'size');
    expect(getter?.signature).toBe('get size(): number');
    expect(getter?.hasDoc).toBe(true);
    expect(getter?.doc).toBe('The number of cached users.');
    expect(setter?.signature).toBe('set size(value: number)');
    expect(setter?.params).toEqual(['value']);
    expect(setter?.hasDoc).toBe(false);
    expect(setter?.doc).toBeUndefined();
  });
});

describe('typescriptSupport.extract: functions', () => {
  const source = `/** Loads the config. */
export async function loadConfig(path: string): Promise<Config> {
  return JSON.parse(await read(path));
}

export function* range(start: number, end: number) {
  for (let i = start; i < end; i++) yield i;
}

export async function* lines(stream: Readable) {}

/** Adds two numbers. */
export const add = (a: number, b: number): number => a + b;

export const subtract = function (a: number, b: number) {
  return a - b;
};

export const fetchAll = async <T,>(urls: string[]): Promise<T[]> => {
  return Promise.all(urls.map(get));
};

const helper = (x: number) => x * 2;
let retry = function retry(times = 3) {};
export const notAFunction = 42;
export const config = { handler: () => 1 };

export default function (request: Request) {
  return new Response();
}
`;

  it.each([
    [
      'loadConfig',
      'export async function loadConfig(path: string): Promise<Config>',
      ['path'],
      [2, 4],
    ],
    ['range', 'export function* range(start: number, end: number)', ['start', 'end'], [6, 8]],
    ['lines', 'export async function* lines(stream: Readable)', ['stream'], [10, 10]],
    ['add', 'export const add = (a: number, b: number): number =>', ['a', 'b'], [13, 13]],
    ['subtract', 'export const subtract = function (a: number, b: number)', ['a', 'b'], [15, 17]],
    [
      'fetchAll',
      'export const fetchAll = async <T,>(urls: string[]): Promise<T[]> =>',
      ['urls'],
      [19, 21],
    ],
    ['helper', 'const helper = (x: number) =>', ['x'], [23, 23]],
    ['retry', 'let retry = function retry(times = 3)', ['times'], [24, 24]],
    ['default', 'export default function (request: Request)', ['request'], [28, 30]],
  ])('%s has signature %j', async (name, signature, params, lines) => {
    const symbol = find(await extract(source), name);
    expect(symbol.kind).toBe('function');
    expect(symbol.name).toBe(name);
    expect(symbol.signature).toBe(signature);
    expect(symbol.params).toEqual(params);
    expect([symbol.startLine, symbol.endLine]).toEqual(lines);
  });

  it('reports only constants that hold functions', async () => {
    const result = await extract(source);
    expect(names(result)).not.toContain('notAFunction');
    expect(names(result)).not.toContain('config');
    expect(names(result)).not.toContain('handler');
  });

  it('covers an exported constant from `export` to its semicolon', async () => {
    const add = find(await extract(source), 'add');
    expect(source.slice(add.startIndex, add.endIndex)).toBe(
      'export const add = (a: number, b: number): number => a + b;',
    );
    expect(add.doc).toBe('Adds two numbers.');
  });

  it('names default exports `default`', async () => {
    const result = await extract('export default class {\n  run() {}\n}\n', 'a.ts');
    expect(result.symbols.map((s) => [s.kind, s.qualifiedName])).toEqual([
      ['class', 'default'],
      ['method', 'default.run'],
    ]);
    const arrow = await extract('export default async (event: Event) => {\n  return 1;\n};\n');
    expect(arrow.symbols).toHaveLength(1);
    expect(arrow.symbols[0]).toMatchObject({
      kind: 'function',
      name: 'default',
      signature: 'export default async (event: Event) =>',
      params: ['event'],
    });
  });

  it('nests functions and classes inside functions by qualified name', async () => {
    const result = await extract(`export function outer(a: number) {
  function middle() {
    function inner() {}
    return inner;
  }
  class Local {
    method() {
      function deep() {}
    }
  }
  return middle;
}
export const make = () => {
  function build() {}
  return build;
};
`);
    expect(names(result)).toEqual([
      'outer',
      'outer.middle',
      'outer.middle.inner',
      'outer.Local',
      'outer.Local.method',
      'outer.Local.method.deep',
      'make',
      'make.build',
    ]);
    expect(find(result, 'outer.Local').kind).toBe('class');
    expect(find(result, 'outer.middle.inner').name).toBe('inner');
  });

  it('nests class expressions held by static properties and namespaces', async () => {
    const result = await extract(`export class Outer {
  static Inner = class extends Base {
    run() {}
  };
}
export namespace Geometry {
  export function area() {}
}
export const Mixin = class {
  apply() {}
};
`);
    expect(result.symbols.map((s) => [s.kind, s.qualifiedName, s.signature])).toEqual([
      ['class', 'Outer', 'export class Outer'],
      ['class', 'Outer.Inner', 'static Inner = class extends Base'],
      ['method', 'Outer.Inner.run', 'run()'],
      ['function', 'Geometry.area', 'export function area()'],
      ['class', 'Mixin', 'export const Mixin = class'],
      ['method', 'Mixin.apply', 'apply()'],
    ]);
  });
});

describe('typescriptSupport.extract: overloads and ambient declarations', () => {
  const source = `/**
 * Formats a value.
 * @param value what to format
 */
export function format(value: string): string;
/** The number form. */
export function format(value: number): string;
export function format(value: string | number): string {
  return String(value);
}

/** Own doc. */
function parse(text: string): number;
/** Implementation doc. */
function parse(text: string | Buffer): number {
  return 0;
}

declare function ambient(x: number): void;
declare class Ambient {
  method(): void;
}

class Clock {
  /** Sets the time. */
  set(hours: number): void;
  set(hours: number, minutes?: number): void {}
  constructor(now: Date);
  constructor(now?: Date) {}
}
`;

  it('reports the implementation only', async () => {
    const result = await extract(source);
    expect(names(result)).toEqual([
      'format',
      'parse',
      'Ambient',
      'Clock',
      'Clock.set',
      'Clock.constructor',
    ]);
    const format = find(result, 'format');
    expect(format.startLine).toBe(8);
    expect(format.signature).toBe('export function format(value: string | number): string');
  });

  it('borrows the doc of the first overload when the implementation has none', async () => {
    const format = find(await extract(source), 'format');
    expect(format.hasDoc).toBe(true);
    expect(format.doc).toBe('Formats a value.\n@param value what to format');
    expect(format.docRange?.startLine).toBe(1);
    expect(format.docRange?.endLine).toBe(4);
    const set = find(await extract(source), 'Clock.set');
    expect(set.doc).toBe('Sets the time.');
    expect(set.params).toEqual(['hours', 'minutes']);
  });

  it('prefers the implementation’s own doc', async () => {
    const parse = find(await extract(source), 'parse');
    expect(parse.doc).toBe('Implementation doc.');
    expect(parse.docRange?.startLine).toBe(14);
  });
});

describe('typescriptSupport.extract: abstract classes, interfaces, type aliases and enums', () => {
  const source = `/** A shape. */
export abstract class Shape<Unit = number> {
  abstract area(): Unit;
  /** Scales by a factor. */
  abstract scale(factor: number): void;
  abstract scale(factor: string): void;
  describe(): string {
    return \`area \${this.area()}\`;
  }
}

/** A point in the plane. */
export interface Point extends Base {
  x: number;
  y: number;
  distanceTo(other: Point): number;
}

export type Pair<A, B = A> = readonly [A, B];
type Handler = (event: Event) => void;

export const enum Color {
  Red = 'red',
  Green = 'green',
}
`;

  it('reports each once, with its kind', async () => {
    const result = await extract(source);
    expect(result.symbols.map((s) => [s.kind, s.qualifiedName, s.signature])).toEqual([
      ['class', 'Shape', 'export abstract class Shape<Unit = number>'],
      ['method', 'Shape.area', 'abstract area(): Unit'],
      ['method', 'Shape.scale', 'abstract scale(factor: string): void'],
      ['method', 'Shape.describe', 'describe(): string'],
      ['interface', 'Point', 'export interface Point extends Base'],
      ['type', 'Pair', 'export type Pair<A, B = A> = readonly [A, B]'],
      ['type', 'Handler', 'type Handler = (event: Event) => void'],
      ['enum', 'Color', 'export const enum Color'],
    ]);
  });

  it('gives an abstract overload the first signature’s doc', async () => {
    const scale = find(await extract(source), 'Shape.scale');
    expect(scale.doc).toBe('Scales by a factor.');
    expect(scale.startLine).toBe(6);
  });

  it('covers an interface from `export` to its closing brace with its doc', async () => {
    const point = find(await extract(source), 'Point');
    expect([point.startLine, point.endLine]).toEqual([13, 17]);
    expect(point.doc).toBe('A point in the plane.');
    expect(point.params).toEqual([]);
  });

  it('truncates a long type alias signature to 200 characters', async () => {
    const members = Array.from({ length: 40 }, (_, i) => `'member${i}'`).join('\n  | ');
    const result = await extract(`export type Long =\n  | ${members};\n`);
    const long = find(result, 'Long');
    expect(long.signature).toHaveLength(200);
    expect(long.signature.startsWith("export type Long = | 'member0' | 'member1'")).toBe(true);
  });
});

describe('typescriptSupport.extract: JSX, JavaScript and script kinds', () => {
  it('reads a .tsx component file', async () => {
    const source = `import { useState } from 'react';

/** The application shell. */
export const App = () => <div className="app" />;

export default function Page({ title, children }: PageProps) {
  const [open, setOpen] = useState(false);
  function toggle() {
    setOpen(!open);
  }
  return <main onClick={toggle}>{title}{children}</main>;
}
`;
    const result = await extract(source, 'src/app.tsx');
    expect(result.parseErrors).toBe(0);
    expect(result.symbols.map((s) => [s.kind, s.qualifiedName, s.params])).toEqual([
      ['function', 'App', []],
      ['function', 'Page', ['{ title, children }']],
      ['function', 'Page.toggle', []],
    ]);
    expect(find(result, 'App')).toMatchObject({
      signature: 'export const App = () =>',
      hasDoc: true,
      doc: 'The application shell.',
      startLine: 4,
      endLine: 4,
    });
    expect(find(result, 'Page').signature).toBe(
      'export default function Page({ title, children }: PageProps)',
    );
  });

  it('reads a .js file with JSDoc types and CommonJS exports', async () => {
    const source = `'use strict';

/**
 * Adds two numbers.
 * @param {number} a the first
 * @param {number} b the second
 * @returns {number}
 */
function add(a, b) {
  return a + b;
}

/** Subtracts. */
module.exports.subtract = function (a, b) {
  return a - b;
};
exports.multiply = (a, b) => a * b;
var legacy = function () {};

class Counter {
  count = 0;
  increment() {
    this.count++;
  }
}

module.exports.add = add;
`;
    const result = await extract(source, 'lib/math.cjs');
    expect(result.parseErrors).toBe(0);
    expect(names(result)).toEqual([
      'add',
      'subtract',
      'multiply',
      'legacy',
      'Counter',
      'Counter.increment',
    ]);
    expect(find(result, 'add')).toMatchObject({
      kind: 'function',
      signature: 'function add(a, b)',
      params: ['a', 'b'],
      hasDoc: true,
      doc: 'Adds two numbers.\n@param {number} a the first\n@param {number} b the second\n@returns {number}',
      startLine: 9,
      endLine: 11,
    });
    expect(find(result, 'subtract')).toMatchObject({
      signature: 'module.exports.subtract = function (a, b)',
      doc: 'Subtracts.',
    });
  });

  it.each([
    ['view.tsx', 'export const View = () => <p>hi</p>;', 0],
    ['view.jsx', 'export const View = () => <p>hi</p>;', 0],
    ['view.js', 'export const View = () => <p>hi</p>;', 0],
    ['view.mjs', 'export const View = () => <p>hi</p>;', 0],
    ['cast.ts', 'export const View = () => <number>value;', 0],
    ['cast.mts', 'export const View = () => <number>value;', 0],
    ['cast.cts', 'export const View = () => <number>value;', 0],
  ])('parses %s with the script kind of its extension', async (path, source, errors) => {
    const result = await extract(source, path);
    expect(result.parseErrors).toBe(errors);
    expect(names(result)).toEqual(['View']);
  });

  it('reports parse errors when JSX is in a .ts file', async () => {
    const result = await extract('export const View = () => <p>hi</p>;', 'view.ts');
    expect(result.parseErrors).toBeGreaterThan(0);
  });
});

describe('typescriptSupport.extract: docs', () => {
  it.each([
    ['a one-line block', '/** Short. */\n', 'Short.'],
    [
      'a block with stars',
      '/**\n * First line.\n *\n * @param a the a\n */\n',
      'First line.\n\n@param a the a',
    ],
    [
      'a block without stars',
      '/**\n    Loose text\n      indented\n*/\n',
      'Loose text\n  indented',
    ],
    [
      'text after the opener',
      '/** Starts here\n * and goes on.\n */\n',
      'Starts here\nand goes on.',
    ],
    ['the last of two blocks', '/** Old. */\n/** New. */\n', 'New.'],
    ['a block before a line comment', '/** Kept. */\n// eslint-disable-next-line\n', 'Kept.'],
    ['an empty block', '/** */\n', ''],
  ])('reads %s', async (_label, comment, doc) => {
    const symbol = find(await extract(`${comment}export function f(a: number) {}\n`), 'f');
    expect(symbol.hasDoc).toBe(true);
    expect(symbol.doc).toBe(doc);
  });

  it.each([
    ['a plain block comment', '/* Not a doc. */\n'],
    ['a line comment', '// Not a doc.\n'],
    ['an empty plain comment', '/**/\n'],
    ['no comment', ''],
  ])('does not count %s', async (_label, comment) => {
    const symbol = find(await extract(`${comment}export function f(a: number) {}\n`), 'f');
    expect(symbol.hasDoc).toBe(false);
    expect(symbol.doc).toBeUndefined();
    expect(symbol.docRange).toBeUndefined();
  });

  it('does not give a symbol the doc of the symbol before it', async () => {
    const result = await extract('/** First. */\nfunction a() {}\nfunction b() {}\n');
    expect(find(result, 'a').hasDoc).toBe(true);
    expect(find(result, 'b').hasDoc).toBe(false);
  });
});

describe('typescriptSupport.extract: bodyHash', () => {
  const body = 'export function total(items: Item[]): number {\n  return items.length;\n}\n';

  it('is stable when lines are added above the symbol', async () => {
    const before = await hashOf(body, 'total');
    expect(await hashOf(`import { x } from 'y';\n\nconst z = 1;\n${body}`, 'total')).toBe(before);
  });

  it('is stable when a JSDoc is added or changed', async () => {
    const before = await hashOf(body, 'total');
    expect(await hashOf(`/** Counts the items. */\n${body}`, 'total')).toBe(before);
    expect(await hashOf(`/**\n * Counts.\n * @param items them\n */\n${body}`, 'total')).toBe(
      before,
    );
  });

  it('is stable across CRLF line endings and trailing spaces', async () => {
    const before = await hashOf(body, 'total');
    expect(await hashOf(body.replace(/\n/g, '\r\n'), 'total')).toBe(before);
    expect(await hashOf(body.replace('number {', 'number {   '), 'total')).toBe(before);
  });

  it('changes when the body or the header changes', async () => {
    const before = await hashOf(body, 'total');
    expect(await hashOf(body.replace('items.length', 'items.length + 1'), 'total')).not.toBe(
      before,
    );
    expect(await hashOf(body.replace('export ', ''), 'total')).not.toBe(before);
  });

  it('covers decorators, so changing one changes the hash', async () => {
    const source = 'class A {\n  @Get("/a")\n  list() {}\n}\n';
    const before = await hashOf(source, 'A.list');
    expect(await hashOf(source.replace('/a', '/b'), 'A.list')).not.toBe(before);
  });

  it('is a sha256 hex digest', async () => {
    expect(await hashOf(body, 'total')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('typescriptSupport.extract: text encodings and layout', () => {
  it('handles CRLF line endings and tabs', async () => {
    const source = [
      '/**',
      '\t * Doubles.',
      '\t * @param n\tthe number',
      '\t */',
      'export function double(',
      '\tn: number,',
      '\tfactor = 2,',
      '): number {',
      '\treturn n * factor;',
      '}',
      'class Tabbed {',
      '\tmethod(\ta: string\t) {}',
      '}',
      '',
    ].join('\r\n');
    const result = await extract(source);
    expect(result.parseErrors).toBe(0);
    expect(find(result, 'double')).toMatchObject({
      signature: 'export function double(n: number, factor = 2): number',
      params: ['n', 'factor'],
      doc: 'Doubles.\n@param n\tthe number',
      startLine: 5,
      endLine: 10,
    });
    expect(find(result, 'double').docRange).toMatchObject({ startLine: 1, endLine: 4 });
    expect(find(result, 'Tabbed.method')).toMatchObject({
      signature: 'method(a: string)',
      startLine: 12,
      endLine: 12,
    });
  });

  it('handles unicode identifiers and counts UTF-8 bytes separately from indices', async () => {
    const source =
      '// Grüße aus Köln — 🎉\nfunction grüße(naïve: string) {}\nclass Ünïcode {\n  größe() {}\n}\n';
    const result = await extract(source);
    expect(names(result)).toEqual(['grüße', 'Ünïcode', 'Ünïcode.größe']);
    const greet = find(result, 'grüße');
    expect(greet.params).toEqual(['naïve']);
    expect(greet.startLine).toBe(2);
    expect(greet.startIndex).toBe(source.indexOf('function'));
    expect(greet.startByte).not.toBe(greet.startIndex);
    expect(greet.startByte).toBe(Buffer.byteLength(source.slice(0, greet.startIndex)));
    expect(greet.endByte).toBe(Buffer.byteLength(source.slice(0, greet.endIndex)));
  });

  it('handles a file without a trailing newline', async () => {
    const source = 'export class Last {\n  run() {}\n}';
    const last = find(await extract(source), 'Last');
    expect(last.endIndex).toBe(source.length);
    expect(last.endLine).toBe(3);
  });

  it('orders symbols by start index', async () => {
    const result = await extract(SERVICE);
    const starts = result.symbols.map((s) => s.startIndex);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('returns nothing for an empty file', async () => {
    expect(await extract('')).toEqual({ symbols: [], parseErrors: 0 });
  });
});

describe('typescriptSupport.extract: broken input', () => {
  it('keeps the symbols before and after a syntax error', async () => {
    const source = `export function before(a: number): number {
  return a;
}

const broken = {;

export class After {
  run(): void {}
}

export function last() {}
`;
    const result = await extract(source);
    expect(result.parseErrors).toBeGreaterThan(0);
    expect(names(result)).toEqual(['before', 'After', 'After.run', 'last']);
    expect(find(result, 'After')).toMatchObject({ startLine: 7, endLine: 9 });
    expect(find(result, 'last').startLine).toBe(11);
  });

  it('keeps the symbols around a function with a broken parameter list', async () => {
    const source = `function first() {}
function broken(a: number {
  return a +;
}
function third() {}
`;
    const result = await extract(source);
    expect(result.parseErrors).toBeGreaterThan(0);
    expect(names(result)).toContain('first');
    expect(names(result)).toContain('third');
  });
});
