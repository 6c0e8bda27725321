import { describe, expect, it } from 'vitest';
import { pythonSupport } from '../../../src/analysis/languages/python.js';
import type { ExtractResult } from '../../../src/analysis/types.js';
import { findSymbol as symbolNamed } from '../../helpers/symbols.js';

async function extract(source: string): Promise<ExtractResult> {
  return pythonSupport.extract(source, 'sample.py');
}

async function hashOf(source: string, qualifiedName: string): Promise<string> {
  return symbolNamed((await extract(source)).symbols, qualifiedName).bodyHash;
}

describe('pythonSupport: symbols and names', () => {
  it('qualifies nested classes, methods and functions through their scopes', async () => {
    const source = `"""The module docstring is not a symbol."""


class Outer:
    class Inner:
        def m(self, x):
            pass

    def method(self):
        def helper(y):
            return y

        return helper


def outer():
    def inner():
        pass

    class Local:
        def run(self):
            pass

    return inner
`;
    const { symbols, parseErrors } = await extract(source);
    expect(parseErrors).toBe(0);
    expect(symbols.map((s) => [s.qualifiedName, s.kind, s.name])).toEqual([
      ['Outer', 'class', 'Outer'],
      ['Outer.Inner', 'class', 'Inner'],
      ['Outer.Inner.m', 'method', 'm'],
      ['Outer.method', 'method', 'method'],
      ['Outer.method.helper', 'function', 'helper'],
      ['outer', 'function', 'outer'],
      ['outer.inner', 'function', 'inner'],
      ['outer.Local', 'class', 'Local'],
      ['outer.Local.run', 'method', 'run'],
    ]);
    expect(symbolNamed(symbols, 'Outer.Inner.m').params).toEqual(['x']);
    expect(symbolNamed(symbols, 'Outer')).toMatchObject({ startLine: 4, endLine: 13 });
    expect(symbolNamed(symbols, 'Outer.method.helper')).toMatchObject({
      startLine: 10,
      endLine: 11,
      params: ['y'],
    });
  });

  it('finds definitions under if and try blocks, methods included', async () => {
    const source = `import sys

if sys.version_info >= (3, 11):
    def now():
        return 1
else:
    def now():
        return 2


class Loader:
    try:
        import yaml

        def load(self, text):
            return yaml.safe_load(text)
    except ImportError:
        pass
`;
    const { symbols } = await extract(source);
    expect(symbols.map((s) => [s.qualifiedName, s.kind, s.startLine])).toEqual([
      ['now', 'function', 4],
      ['now', 'function', 7],
      ['Loader', 'class', 11],
      ['Loader.load', 'method', 15],
    ]);
    expect(symbolNamed(symbols, 'Loader.load').params).toEqual(['text']);
  });

  it('covers decorators in the range but not in the signature, stacked ones too', async () => {
    const source = `import functools


class Account:
    @property
    def balance(self) -> int:
        return self._balance

    @balance.setter
    def balance(self, value: int) -> None:
        self._balance = value

    @classmethod
    def open(cls, owner, *, initial=0):
        return cls(owner, initial)

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def rate(currency: str = "EUR") -> float:
        return 1.0


@dataclass(frozen=True)
class Point:
    x: int
`;
    const { symbols } = await extract(source);
    const [getter, setter] = symbols.filter((s) => s.name === 'balance');
    expect(getter).toMatchObject({
      kind: 'method',
      qualifiedName: 'Account.balance',
      signature: 'def balance(self) -> int',
      params: [],
      startLine: 5,
      endLine: 7,
    });
    expect(setter).toMatchObject({
      kind: 'method',
      signature: 'def balance(self, value: int) -> None',
      params: ['value'],
      startLine: 9,
    });
    expect(symbolNamed(symbols, 'Account.open')).toMatchObject({
      kind: 'method',
      signature: 'def open(cls, owner, *, initial=0)',
      params: ['owner', 'initial'],
      startLine: 13,
      endLine: 15,
    });
    const rate = symbolNamed(symbols, 'Account.rate');
    expect(rate).toMatchObject({
      kind: 'method',
      signature: 'def rate(currency: str = "EUR") -> float',
      params: ['currency'],
      startLine: 17,
      endLine: 20,
    });
    expect(source.slice(rate.startIndex, rate.endIndex)).toMatch(/^@staticmethod\n/);
    expect(symbolNamed(symbols, 'Point')).toMatchObject({
      kind: 'class',
      signature: 'class Point',
      startLine: 23,
      endLine: 25,
    });
  });

  it('skips @overload and @typing.overload stubs and keeps the implementation', async () => {
    const source = `import typing
from typing import overload


@overload
def parse(value: str) -> str: ...
@typing.overload
def parse(value: int) -> int: ...
def parse(value):
    return value


class Box:
    @overload
    def get(self, key: str) -> str: ...

    @overload
    def get(self, key: int) -> int: ...

    def get(self, key):
        """Look the key up."""
        return key
`;
    const { symbols } = await extract(source);
    expect(symbols.map((s) => [s.qualifiedName, s.startLine])).toEqual([
      ['parse', 9],
      ['Box', 13],
      ['Box.get', 20],
    ]);
    expect(symbolNamed(symbols, 'Box.get')).toMatchObject({
      params: ['key'],
      doc: 'Look the key up.',
    });
  });

  it('reads async functions, generators and every kind of parameter', async () => {
    const source = `async def fetch(url, /, timeout: float = 5.0, *args, retries, **kwargs) -> bytes:
    async with session() as s:
        return await s.get(url)


def count(n):
    yield from range(n)


def typed(*items: int, **options: str):
    pass


def configure(
    name: str,
    *,
    verbose: bool = False,
) -> None:
    pass
`;
    const { symbols } = await extract(source);
    expect(symbolNamed(symbols, 'fetch')).toMatchObject({
      kind: 'function',
      signature: 'async def fetch(url, /, timeout: float = 5.0, *args, retries, **kwargs) -> bytes',
      params: ['url', 'timeout', 'args', 'retries', 'kwargs'],
      startLine: 1,
      endLine: 3,
    });
    expect(symbolNamed(symbols, 'count')).toMatchObject({
      kind: 'function',
      signature: 'def count(n)',
      params: ['n'],
    });
    expect(symbolNamed(symbols, 'typed').params).toEqual(['items', 'options']);
    expect(symbolNamed(symbols, 'configure')).toMatchObject({
      signature: 'def configure(name: str, *, verbose: bool = False) -> None',
      params: ['name', 'verbose'],
      startLine: 14,
      endLine: 19,
    });
  });

  it('reads a one-line def, a one-line class and a file without a trailing newline', async () => {
    const source = 'class Empty: pass\ndef f(): return x';
    const { symbols, parseErrors } = await extract(source);
    expect(parseErrors).toBe(0);
    expect(symbols).toHaveLength(2);
    expect(symbolNamed(symbols, 'Empty')).toMatchObject({
      kind: 'class',
      signature: 'class Empty',
      startLine: 1,
      endLine: 1,
      hasDoc: false,
    });
    const f = symbolNamed(symbols, 'f');
    expect(f).toMatchObject({
      kind: 'function',
      signature: 'def f()',
      params: [],
      hasDoc: false,
      startLine: 2,
      endLine: 2,
      endIndex: source.length,
    });
    expect(f.doc).toBeUndefined();
    expect(f.docRange).toBeUndefined();
  });

  it('reads unicode names and counts their bytes', async () => {
    const source = `def grüße(name):
    return f"Grüß {name}"


class Café:
    def größe(self, maß):
        return maß
`;
    const { symbols } = await extract(source);
    expect(symbols.map((s) => s.qualifiedName)).toEqual(['grüße', 'Café', 'Café.größe']);
    const cafe = symbolNamed(symbols, 'Café');
    expect(cafe.startIndex).toBe(source.indexOf('class Café'));
    expect(cafe.startByte).toBe(Buffer.byteLength(source.slice(0, cafe.startIndex)));
    expect(cafe.startByte).toBeGreaterThan(cafe.startIndex);
    expect(symbolNamed(symbols, 'Café.größe').params).toEqual(['maß']);
  });

  it('reads CRLF line endings and tab indentation', async () => {
    const source =
      'class Tabbed:\r\n\t"""Uses tabs.\r\n\r\n\tSecond paragraph.\r\n\t"""\r\n\r\n' +
      '\tdef run(self, job):\r\n\t\t"""Run it."""\r\n\t\treturn job\r\n';
    const { symbols, parseErrors } = await extract(source);
    expect(parseErrors).toBe(0);
    expect(symbolNamed(symbols, 'Tabbed')).toMatchObject({
      doc: 'Uses tabs.\n\nSecond paragraph.',
      startLine: 1,
      endLine: 9,
    });
    expect(symbolNamed(symbols, 'Tabbed.run')).toMatchObject({
      kind: 'method',
      signature: 'def run(self, job)',
      params: ['job'],
      doc: 'Run it.',
      startLine: 7,
      endLine: 9,
    });
  });

  it('keeps the functions around a syntax error and counts the error', async () => {
    const source = `def before():
    return 1


def broken(a):
    x = = 1
    if a
        return 2
    return a


def after(c):
    """Still found."""
    return c


class Later:
    def m(self):
        pass
`;
    const { symbols, parseErrors } = await extract(source);
    expect(parseErrors).toBeGreaterThan(0);
    expect(symbols.map((s) => s.qualifiedName)).toEqual(
      expect.arrayContaining(['before', 'after', 'Later', 'Later.m']),
    );
    expect(symbolNamed(symbols, 'after')).toMatchObject({ startLine: 12, doc: 'Still found.' });
    expect(symbolNamed(symbols, 'Later.m')).toMatchObject({ kind: 'method', startLine: 18 });
  });

  it('sorts symbols by where they start', async () => {
    const source = 'class A:\n    def z(self): pass\n    def a(self): pass\ndef b(): pass\n';
    const { symbols } = await extract(source);
    expect(symbols.map((s) => s.qualifiedName)).toEqual(['A', 'A.z', 'A.a', 'b']);
    const starts = symbols.map((s) => s.startIndex);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe('pythonSupport: docstrings', () => {
  it('reads """, \'\'\' and r""" docstrings, one-line and multi-line', async () => {
    const source = String.raw`def triple():
    """Summary line.

    More detail,
        indented further.
    """
    return 1


def single():
    '''Single quotes.'''
    return 2


def raw():
    r"""Match \d+ digits."""
    return 3


class Widget:
    """A widget.

    Attributes:
        size: How big it is.
    """

    size = 1
`;
    const { symbols } = await extract(source);
    const triple = symbolNamed(symbols, 'triple');
    expect(triple).toMatchObject({
      hasDoc: true,
      doc: 'Summary line.\n\nMore detail,\n    indented further.',
    });
    expect(triple.docRange).toMatchObject({ startLine: 2, endLine: 6 });
    expect(source.slice(triple.docRange?.startIndex, triple.docRange?.endIndex)).toMatch(
      /^"""Summary line\.[\s\S]*"""$/,
    );
    expect(symbolNamed(symbols, 'single')).toMatchObject({ hasDoc: true, doc: 'Single quotes.' });
    const raw = symbolNamed(symbols, 'raw');
    expect(raw).toMatchObject({ hasDoc: true, doc: String.raw`Match \d+ digits.` });
    expect(source.slice(raw.docRange?.startIndex, raw.docRange?.endIndex)).toBe(
      String.raw`r"""Match \d+ digits."""`,
    );
    expect(symbolNamed(symbols, 'Widget')).toMatchObject({
      kind: 'class',
      hasDoc: true,
      doc: 'A widget.\n\nAttributes:\n    size: How big it is.',
      docRange: { startLine: 21, endLine: 25 },
    });
  });

  it('preserves Google and NumPy style sections', async () => {
    const source = `def scale(x, factor=2):
    """Scale a number.

    Args:
        x: The number.
        factor: How much.

    Returns:
        The scaled number.
    """
    return x * factor


def mean(values):
    """
    Compute the mean.

    Parameters
    ----------
    values : list of float
        The values.
    """
    return sum(values) / len(values)
`;
    const { symbols } = await extract(source);
    expect(symbolNamed(symbols, 'scale').doc).toBe(
      'Scale a number.\n\nArgs:\n    x: The number.\n    factor: How much.\n\nReturns:\n    The scaled number.',
    );
    expect(symbolNamed(symbols, 'mean').doc).toBe(
      'Compute the mean.\n\nParameters\n----------\nvalues : list of float\n    The values.',
    );
  });

  it('finds the docstring of a decorated definition and after a comment', async () => {
    const source = `@app.route("/")
def index():
    # The landing page.
    """Render the index."""
    return render()
`;
    const index = symbolNamed((await extract(source)).symbols, 'index');
    expect(index).toMatchObject({ startLine: 1, doc: 'Render the index.' });
    expect(index.docRange).toMatchObject({ startLine: 4, endLine: 4 });
  });

  it('ignores strings that are not the first statement, f-strings and bytes', async () => {
    const source = `def later():
    x = 1
    """Not a docstring."""
    return x


def formatted(name):
    f"""Hello {name}."""


def data():
    b"""bytes"""


def concatenated():
    "a" "b"
`;
    const { symbols } = await extract(source);
    for (const symbol of symbols) {
      expect(symbol, symbol.name).toMatchObject({ hasDoc: false });
      expect(symbol.doc).toBeUndefined();
    }
  });
});

describe('pythonSupport: bodyHash', () => {
  const base = 'def area(w, h):\n    return w * h\n';

  it('is stable when lines are added above', async () => {
    const hash = await hashOf(base, 'area');
    expect(await hashOf(`import math\n\n\n${base}`, 'area')).toBe(hash);
    expect(await hashOf(`def other():\n    pass\n\n\n${base}`, 'area')).toBe(hash);
  });

  it('is stable when a docstring is added or edited', async () => {
    const hash = await hashOf(base, 'area');
    const withDoc = 'def area(w, h):\n    """Area of a rectangle."""\n    return w * h\n';
    const edited =
      'def area(w, h):\n    """Area.\n\n    Multiplies the sides.\n    """\n    return w * h\n';
    const spaced = 'def area(w, h):\n    """Area."""\n\n    return w * h\n';
    expect(await hashOf(withDoc, 'area')).toBe(hash);
    expect(await hashOf(edited, 'area')).toBe(hash);
    expect(await hashOf(spaced, 'area')).toBe(hash);
  });

  it('is stable when a class docstring is added, and across CRLF', async () => {
    const plain = 'class Shape:\n    def area(self):\n        return 0\n';
    const documented =
      'class Shape:\n    """A shape."""\n\n    def area(self):\n        return 0\n';
    const hash = await hashOf(plain, 'Shape');
    expect(await hashOf(documented, 'Shape')).toBe(hash);
    expect(await hashOf(plain.replace(/\n/g, '\r\n'), 'Shape')).toBe(hash);
  });

  it('changes when the code changes', async () => {
    const hash = await hashOf(base, 'area');
    expect(await hashOf('def area(w, h):\n    return w * h * 2\n', 'area')).not.toBe(hash);
    expect(await hashOf('def area(w, h=1):\n    return w * h\n', 'area')).not.toBe(hash);
    expect(await hashOf(`@cache\n${base}`, 'area')).not.toBe(hash);
  });
});
