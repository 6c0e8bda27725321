import { describe, expect, it } from 'vitest';
import { goSupport } from '../../../src/analysis/languages/go.js';
import type { CodeSymbol, ExtractResult } from '../../../src/analysis/types.js';
import { findSymbol as symbolNamed } from '../../helpers/symbols.js';

async function extract(source: string): Promise<ExtractResult> {
  return goSupport.extract(source, 'sample.go');
}

function docText(source: string, symbol: CodeSymbol): string | undefined {
  return symbol.docRange && source.slice(symbol.docRange.startIndex, symbol.docRange.endIndex);
}

async function hashOf(source: string, qualifiedName: string): Promise<string> {
  return symbolNamed((await extract(source)).symbols, qualifiedName).bodyHash;
}

const SERVER = `package server

import (
	"context"
	"net"
)

// Server accepts connections.
type Server struct {
	addr string
}

// Serve accepts connections on l until ctx ends.
// It returns the first accept error.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	<-ctx.Done()
	return nil
}

func (s Server) Addr() string { return s.addr }

func (Server) unnamed(int, ...string) {}

// Map applies f to each element.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

type List[T any] struct {
	items []T
}

func (l *List[T]) Push(v T) { l.items = append(l.items, v) }

func (p Pair[K, V]) Key() K { return p.k }

func init() {}
`;

describe('goSupport: functions and methods', () => {
  it('qualifies methods by their receiver type, pointer, value or generic', async () => {
    const { symbols, parseErrors } = await extract(SERVER);
    expect(parseErrors).toBe(0);
    expect(symbols.map((s) => [s.qualifiedName, s.kind])).toEqual([
      ['Server', 'struct'],
      ['Server.Serve', 'method'],
      ['Server.Addr', 'method'],
      ['Server.unnamed', 'method'],
      ['Map', 'function'],
      ['List', 'struct'],
      ['List.Push', 'method'],
      ['Pair.Key', 'method'],
      ['init', 'function'],
    ]);
  });

  it('reads signature, params, lines and doc of a method', async () => {
    const serve = symbolNamed((await extract(SERVER)).symbols, 'Server.Serve');
    expect(serve).toMatchObject({
      kind: 'method',
      name: 'Serve',
      signature: 'func (s *Server) Serve(ctx context.Context, l net.Listener) error',
      params: ['ctx', 'l'],
      startLine: 15,
      endLine: 18,
      hasDoc: true,
      doc: 'Serve accepts connections on l until ctx ends.\nIt returns the first accept error.',
      docRange: { startLine: 13, endLine: 14 },
    });
    expect(docText(SERVER, serve)).toBe(
      '// Serve accepts connections on l until ctx ends.\n// It returns the first accept error.',
    );
    expect(SERVER.slice(serve.startIndex, serve.endIndex)).toMatch(/^func \(s \*Server\)[\s\S]*}$/);
  });

  it('names parameters: shared types, variadic and unnamed ones', async () => {
    const { symbols } = await extract(SERVER);
    expect(symbolNamed(symbols, 'Server.Addr')).toMatchObject({
      signature: 'func (s Server) Addr() string',
      params: [],
      startLine: 20,
      endLine: 20,
      hasDoc: false,
    });
    expect(symbolNamed(symbols, 'Server.unnamed').params).toEqual(['_', '_']);
    expect(symbolNamed(symbols, 'Map')).toMatchObject({
      signature: 'func Map[T, U any](xs []T, f func(T) U) []U',
      params: ['xs', 'f'],
      doc: 'Map applies f to each element.',
      startLine: 25,
      endLine: 31,
    });
    const { symbols: more } = await extract(
      'package p\n\nfunc Join(sep string, a, b int, rest ...string) string { return sep }\n',
    );
    expect(symbolNamed(more, 'Join').params).toEqual(['sep', 'a', 'b', 'rest']);
  });

  it('keeps the functions around a syntax error and counts the error', async () => {
    const source = `package p

func Before() {}

func Broken() {
	x := := 1
	return
}

func After() {}
`;
    const { symbols, parseErrors } = await extract(source);
    expect(parseErrors).toBeGreaterThan(0);
    expect(symbols.map((s) => s.qualifiedName)).toEqual(
      expect.arrayContaining(['Before', 'After']),
    );
    expect(symbolNamed(symbols, 'After').startLine).toBe(10);
  });
});

describe('goSupport: types and vars', () => {
  it('makes each spec of a grouped type block a symbol with its own doc', async () => {
    const source = `package shapes

// Shapes used by the renderer.
type (
	// Point is a position on the canvas.
	Point struct {
		X, Y float64
	}

	// Shape can be drawn.
	Shape interface {
		Draw(c *Canvas) error
	}

	ID string
	// Coord is kept for compatibility.
	Coord = Point
)
`;
    const { symbols } = await extract(source);
    expect(symbols.map((s) => [s.name, s.kind])).toEqual([
      ['Point', 'struct'],
      ['Shape', 'interface'],
      ['ID', 'type'],
      ['Coord', 'type'],
    ]);
    const point = symbolNamed(symbols, 'Point');
    expect(point).toMatchObject({
      signature: 'type Point struct',
      startLine: 6,
      endLine: 8,
      doc: 'Point is a position on the canvas.',
      docRange: { startLine: 5, endLine: 5 },
    });
    expect(source.slice(point.startIndex, point.endIndex)).toMatch(/^Point struct \{[\s\S]*}$/);
    expect(symbolNamed(symbols, 'Shape')).toMatchObject({
      signature: 'type Shape interface',
      startLine: 11,
      endLine: 13,
      doc: 'Shape can be drawn.',
    });
    expect(symbolNamed(symbols, 'ID')).toMatchObject({
      signature: 'type ID string',
      hasDoc: false,
    });
    expect(symbolNamed(symbols, 'Coord')).toMatchObject({
      signature: 'type Coord = Point',
      doc: 'Coord is kept for compatibility.',
      startLine: 17,
    });
  });

  it('reads lone struct, interface, defined and alias types', async () => {
    const source = `package io

// Reader reads.
type Reader interface {
	Read(p []byte) (n int, err error)
}

type Celsius float64

type Handler = func(int) error

type Pair[K comparable, V any] struct{ k K; v V }
`;
    const { symbols } = await extract(source);
    expect(symbols.map((s) => [s.name, s.kind, s.signature, s.startLine, s.endLine])).toEqual([
      ['Reader', 'interface', 'type Reader interface', 4, 6],
      ['Celsius', 'type', 'type Celsius float64', 8, 8],
      ['Handler', 'type', 'type Handler = func(int) error', 10, 10],
      ['Pair', 'struct', 'type Pair[K comparable, V any] struct', 12, 12],
    ]);
    const reader = symbolNamed(symbols, 'Reader');
    expect(source.slice(reader.startIndex, reader.endIndex)).toMatch(/^type Reader interface/);
    expect(reader).toMatchObject({ doc: 'Reader reads.', params: [] });
  });

  it('reports vars holding a func literal as functions', async () => {
    const source = `package app

// Handle is swapped out in tests.
var Handle = func(w io.Writer, msg string) error {
	_, err := io.WriteString(w, msg)
	return err
}

var (
	// Now is the clock.
	Now = func() time.Time { return time.Now() }
	limit = 10
)

var notFunc = 3
`;
    const { symbols } = await extract(source);
    expect(symbols.map((s) => s.name)).toEqual(['Handle', 'Now']);
    expect(symbolNamed(symbols, 'Handle')).toMatchObject({
      kind: 'function',
      signature: 'var Handle = func(w io.Writer, msg string) error',
      params: ['w', 'msg'],
      doc: 'Handle is swapped out in tests.',
      startLine: 4,
      endLine: 7,
    });
    expect(symbolNamed(symbols, 'Now')).toMatchObject({
      kind: 'function',
      signature: 'var Now = func() time.Time',
      params: [],
      doc: 'Now is the clock.',
      startLine: 11,
      endLine: 11,
    });
  });
});

describe('goSupport: doc comments', () => {
  const source = `package docs

// Orphan comment, separated by a blank line.

func Lonely() {}

var x = 1 // x counts things.
func AfterTrailing() {}

/*
Block describes itself
over two lines.
*/
func Block() {}

/* Inline block. */
func Inline() {}

// Generate writes the tables.
//
//go:generate stringer -type=Kind
func Generate() {}

//go:noinline
func Directive() {}

// Spacing shows the markers.
//	Indented keeps its tab.
//No space is fine.
func Spacing() {}
`;

  it('does not take a comment separated by a blank line or trailing code', async () => {
    const { symbols } = await extract(source);
    for (const name of ['Lonely', 'AfterTrailing']) {
      const symbol = symbolNamed(symbols, name);
      expect(symbol.hasDoc, name).toBe(false);
      expect(symbol.doc).toBeUndefined();
      expect(symbol.docRange).toBeUndefined();
    }
  });

  it('reads /* */ blocks', async () => {
    const { symbols } = await extract(source);
    const block = symbolNamed(symbols, 'Block');
    expect(block).toMatchObject({
      hasDoc: true,
      doc: 'Block describes itself\nover two lines.',
      docRange: { startLine: 10, endLine: 13 },
      startLine: 14,
    });
    expect(docText(source, block)).toMatch(/^\/\*\n[\s\S]*\*\/$/);
    expect(symbolNamed(symbols, 'Inline').doc).toBe('Inline block.');
  });

  it('leaves //go: directives out of the doc', async () => {
    const { symbols } = await extract(source);
    const generate = symbolNamed(symbols, 'Generate');
    expect(generate).toMatchObject({ doc: 'Generate writes the tables.', startLine: 22 });
    expect(docText(source, generate)).toBe('// Generate writes the tables.\n//');
    expect(symbolNamed(symbols, 'Directive').hasDoc).toBe(false);
  });

  it('strips // and one space only', async () => {
    const { symbols } = await extract(source);
    expect(symbolNamed(symbols, 'Spacing').doc).toBe(
      'Spacing shows the markers.\n\tIndented keeps its tab.\nNo space is fine.',
    );
  });

  it('reads CRLF, tabs, unicode names and a file without a trailing newline', async () => {
    const crlf =
      'package maße\r\n\r\n// Größe misst.\r\n// Zweite Zeile.\r\nfunc Größe(breite, höhe int) int {\r\n' +
      '\treturn breite * höhe\r\n}\r\n\r\n// Tür opens.\r\nfunc (t *Tür) Öffnen() {}';
    const { symbols, parseErrors } = await extract(crlf);
    expect(parseErrors).toBe(0);
    const size = symbolNamed(symbols, 'Größe');
    expect(size).toMatchObject({
      kind: 'function',
      params: ['breite', 'höhe'],
      signature: 'func Größe(breite, höhe int) int',
      doc: 'Größe misst.\nZweite Zeile.',
      startLine: 5,
      endLine: 7,
      docRange: { startLine: 3, endLine: 4 },
    });
    expect(docText(crlf, size)).toBe('// Größe misst.\r\n// Zweite Zeile.');
    expect(size.startByte).toBeGreaterThan(size.startIndex);
    const open = symbolNamed(symbols, 'Tür.Öffnen');
    expect(open).toMatchObject({ kind: 'method', doc: 'Tür opens.', startLine: 10, endLine: 10 });
    expect(open.endIndex).toBe(crlf.length);
  });
});

describe('goSupport: bodyHash', () => {
  const base = 'package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n';

  it('is stable when lines are added above and when a doc is added or edited', async () => {
    const hash = await hashOf(base, 'Add');
    const above = base.replace(
      'package calc\n',
      'package calc\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n',
    );
    const documented = base.replace('func Add', '// Add sums.\nfunc Add');
    const edited = base.replace('func Add', '// Add returns the sum\n// of a and b.\nfunc Add');
    expect(await hashOf(above, 'Add')).toBe(hash);
    expect(await hashOf(documented, 'Add')).toBe(hash);
    expect(await hashOf(edited, 'Add')).toBe(hash);
    expect(await hashOf(base.replace(/\n/g, '\r\n'), 'Add')).toBe(hash);
  });

  it('changes when the body or the signature changes', async () => {
    const hash = await hashOf(base, 'Add');
    expect(await hashOf(base.replace('a + b', 'a - b'), 'Add')).not.toBe(hash);
    expect(await hashOf(base.replace('int) int', 'int) int64'), 'Add')).not.toBe(hash);
  });

  it('covers a grouped spec only, so a sibling spec changing leaves it alone', async () => {
    const grouped = 'package p\n\ntype (\n\tA struct{ x int }\n\tB string\n)\n';
    const hash = await hashOf(grouped, 'A');
    expect(await hashOf(grouped.replace('B string', 'B int'), 'A')).toBe(hash);
    expect(await hashOf(grouped.replace('x int', 'x string'), 'A')).not.toBe(hash);
  });
});
