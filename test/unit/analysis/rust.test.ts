import { describe, expect, it } from 'vitest';
import { rustSupport } from '../../../src/analysis/languages/rust.js';
import type { CodeSymbol } from '../../../src/analysis/types.js';
import { findSymbol as find, outline } from '../../helpers/symbols.js';

async function extract(source: string) {
  return rustSupport.extract(source, 'src/lib.rs');
}

async function symbolsOf(source: string): Promise<CodeSymbol[]> {
  return (await extract(source)).symbols;
}

const SHAPES = `use std::fmt;

/// Something with an area.
pub trait Shape {
    /// Area in square units.
    fn area(&self) -> f64;

    fn describe(&self, prefix: &str) -> String {
        format!("{prefix}: {}", self.area())
    }
}

#[derive(Debug, Clone)]
pub struct Circle<T> {
    radius: T,
}

impl<T> Circle<T> {
    pub fn new(radius: T) -> Self {
        Self { radius }
    }
}

impl<T: Into<f64> + Copy> Shape for Circle<T> {
    fn area(&self) -> f64 {
        let r: f64 = self.radius.into();
        3.14 * r * r
    }
}

impl<'a> fmt::Display for &'a Circle<u8> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "circle")
    }
}
`;

describe('rustSupport: items', () => {
  it('finds traits, structs and the methods of impls and traits', async () => {
    const { symbols, parseErrors } = await extract(SHAPES);
    expect(parseErrors).toBe(0);
    expect(outline(symbols)).toEqual([
      ['trait', 'Shape', 4, 11],
      ['method', 'Shape.area', 6, 6],
      ['method', 'Shape.describe', 8, 10],
      ['struct', 'Circle', 13, 16],
      ['method', 'Circle.new', 19, 21],
      ['method', 'Circle.area', 25, 28],
      ['method', 'Circle.fmt', 32, 34],
    ]);
  });

  it('gives methods their name, signature and params without self', async () => {
    const symbols = await symbolsOf(SHAPES);
    expect(find(symbols, 'Shape.area')).toMatchObject({
      name: 'area',
      signature: 'fn area(&self) -> f64',
      params: [],
      hasDoc: true,
      doc: 'Area in square units.',
    });
    expect(find(symbols, 'Shape.describe')).toMatchObject({
      signature: 'fn describe(&self, prefix: &str) -> String',
      params: ['prefix'],
      hasDoc: false,
    });
    expect(find(symbols, 'Circle.new')).toMatchObject({
      signature: 'pub fn new(radius: T) -> Self',
      params: ['radius'],
    });
    expect(find(symbols, 'Circle.fmt').params).toEqual(['f']);
    expect(find(symbols, 'Circle').signature).toBe('pub struct Circle<T>');
  });

  it('prefixes items inside mods with the mod path', async () => {
    const source = `pub mod net {
    pub mod http {
        pub async fn get(url: &str) -> Vec<u8> {
            Vec::new()
        }
    }

    pub struct Client;

    impl Client {
        pub fn send(&self) {}
    }

    pub trait Transport {
        fn open(&mut self);
    }
}

mod declared_elsewhere;

#[cfg(test)]
mod tests {
    #[test]
    fn works() {
        assert!(true);
    }
}
`;
    const symbols = await symbolsOf(source);
    expect(outline(symbols)).toEqual([
      ['function', 'net.http.get', 3, 5],
      ['struct', 'net.Client', 8, 8],
      ['method', 'net.Client.send', 11, 11],
      ['trait', 'net.Transport', 14, 16],
      ['method', 'net.Transport.open', 15, 15],
      ['function', 'tests.works', 23, 26],
    ]);
    expect(find(symbols, 'net.http.get')).toMatchObject({
      name: 'get',
      signature: 'pub async fn get(url: &str) -> Vec<u8>',
    });
    expect(find(symbols, 'tests.works').signature).toBe('fn works()');
  });

  it('reads enums, structs of every shape, unions and type aliases', async () => {
    const source = `pub enum Shape {
    Circle { radius: f64 },
    Square(f64),
    Empty,
}
pub struct Pair(pub i32, pub i32);
struct Unit;
#[repr(C)]
union Bits { int: u32, float: f32 }
pub(crate) type Result<T> = std::result::Result<T, Error>;
const LIMIT: usize = 10;
static NAME: &str = "x";
pub const DOUBLE: fn(i32) -> i32 = |x| x * 2;
`;
    const symbols = await symbolsOf(source);
    expect(symbols.map((s) => [s.kind, s.name, s.signature])).toEqual([
      ['enum', 'Shape', 'pub enum Shape'],
      ['struct', 'Pair', 'pub struct Pair(pub i32, pub i32)'],
      ['struct', 'Unit', 'struct Unit'],
      ['struct', 'Bits', 'union Bits'],
      ['type', 'Result', 'pub(crate) type Result<T> = std::result::Result<T, Error>'],
      ['function', 'DOUBLE', 'pub const DOUBLE: fn(i32) -> i32 = |x|'],
    ]);
    expect(find(symbols, 'Bits').startLine).toBe(8);
    expect(find(symbols, 'DOUBLE').params).toEqual(['x']);
  });

  it('keeps generics and where clauses in the signature, up to the body', async () => {
    const source = `pub async fn fetch<T: Into<String>>(url: T, retries: u32) -> Result<Body, Error> {
    todo!()
}

pub fn merge<K, V>(
    left: HashMap<K, V>,
    right: HashMap<K, V>,
) -> HashMap<K, V>
where
    K: Eq + Hash,
    V: Clone,
{
    left
}

pub struct Wrapper<T>
where
    T: Clone,
{
    inner: T,
}

unsafe extern "C" fn callback(data: *mut c_void) {}
`;
    const symbols = await symbolsOf(source);
    expect(symbols.map((s) => s.signature)).toEqual([
      'pub async fn fetch<T: Into<String>>(url: T, retries: u32) -> Result<Body, Error>',
      'pub fn merge<K, V>(left: HashMap<K, V>, right: HashMap<K, V>) -> HashMap<K, V> where K: Eq + Hash, V: Clone,',
      'pub struct Wrapper<T> where T: Clone,',
      'unsafe extern "C" fn callback(data: *mut c_void)',
    ]);
    expect(find(symbols, 'merge')).toMatchObject({
      params: ['left', 'right'],
      startLine: 5,
      endLine: 14,
    });
  });

  it('lists parameter patterns and leaves out every form of self', async () => {
    const source = `impl Point {
    fn a(self, x: i32) {}
    fn b(&self, (a, b): (i32, i32), mut y: u8) {}
    fn c(&mut self, _: u8, Point { x, .. }: Point) {}
    fn d(self: Box<Self>, #[allow(unused)] z: u8) {}
    fn e(mut self) {}
}
`;
    const symbols = await symbolsOf(source);
    expect(symbols.map((s) => s.params)).toEqual([
      ['x'],
      ['(a, b)', 'y'],
      ['_', 'Point { x, .. }'],
      ['z'],
      [],
    ]);
  });
});

describe('rustSupport: docs', () => {
  it('reads /// docs, with attributes between the doc and the item', async () => {
    const source = `/// A point.
///
/// Has two coordinates.
#[derive(Debug)]
#[cfg_attr(test, derive(PartialEq))]
pub struct Point {
    x: i32,
}
`;
    const [point] = await symbolsOf(source);
    expect(point).toMatchObject({
      name: 'Point',
      hasDoc: true,
      doc: 'A point.\n\nHas two coordinates.',
      startLine: 4,
      endLine: 8,
    });
    expect(point?.docRange).toMatchObject({ startLine: 1, endLine: 3, startIndex: 0 });
    const docRange = point?.docRange;
    expect(docRange && source.slice(docRange.startIndex, docRange.endIndex)).toBe(
      '/// A point.\n///\n/// Has two coordinates.',
    );
    expect(source.slice(point?.startIndex, point?.endIndex)).toMatch(
      /^#\[derive\(Debug\)\][\s\S]*\}$/,
    );
  });

  it('reads /** */ docs without their markers and leading stars', async () => {
    const source = `/**
 * Adds two numbers.
 *
 *     let x = add(1, 2);
 */
pub fn add(a: i32, b: i32) -> i32 { a + b }

/** One line. */
fn one() {}
`;
    const symbols = await symbolsOf(source);
    expect(find(symbols, 'add')).toMatchObject({
      hasDoc: true,
      doc: 'Adds two numbers.\n\n    let x = add(1, 2);',
      docRange: { startLine: 1, endLine: 5 },
      startLine: 6,
    });
    expect(find(symbols, 'one').doc).toBe('One line.');
  });

  it('ignores //!, //, //// and /* */ comments', async () => {
    const source = `//! The crate's own doc.

fn after_inner() {}

// Just a comment.
fn after_plain() {}

//// Not a doc either.
fn after_four() {}

/* A block. */
fn after_block() {}

/*! Inner block. */
fn after_inner_block() {}
`;
    const symbols = await symbolsOf(source);
    expect(symbols.map((s) => [s.name, s.hasDoc, s.doc, s.docRange])).toEqual([
      ['after_inner', false, undefined, undefined],
      ['after_plain', false, undefined, undefined],
      ['after_four', false, undefined, undefined],
      ['after_block', false, undefined, undefined],
      ['after_inner_block', false, undefined, undefined],
    ]);
  });

  it('strips exactly one space after ///, keeping indented code', async () => {
    const source = '///Tight.\n///   indented\n/// \nfn f() {}\n';
    const [f] = await symbolsOf(source);
    expect(f?.doc).toBe('Tight.\n  indented');
  });

  it('keeps an attribute above the doc in the range and the doc out of the hash', async () => {
    const withDoc = '#[inline]\n/// Doubles.\n#[must_use]\nfn double(x: i32) -> i32 { x * 2 }\n';
    const withoutDoc = '#[inline]\n#[must_use]\nfn double(x: i32) -> i32 { x * 2 }\n';
    const [documented] = await symbolsOf(withDoc);
    const [bare] = await symbolsOf(withoutDoc);
    expect(documented).toMatchObject({ startLine: 1, endLine: 4, doc: 'Doubles.' });
    expect(documented?.docRange).toMatchObject({ startLine: 2, endLine: 2 });
    expect(documented?.bodyHash).toBe(bare?.bodyHash);
  });
});

describe('rustSupport: bodyHash', () => {
  const base = `#[derive(Debug)]
pub struct Config {
    pub retries: u32,
}

pub fn load(path: &str) -> Config {
    Config { retries: 3 }
}
`;

  it('stays the same when lines are added above', async () => {
    const before = await symbolsOf(base);
    const after = await symbolsOf(`use std::fs;\n\n// Loading.\n${base}`);
    expect(after.map((s) => s.bodyHash)).toEqual(before.map((s) => s.bodyHash));
    expect(find(after, 'load').startLine).toBe(find(before, 'load').startLine + 3);
  });

  it('stays the same when a doc is added or edited', async () => {
    const before = await symbolsOf(base);
    const documented = base
      .replace('#[derive', '/// Settings.\n#[derive')
      .replace('pub fn load', '/// Loads it.\npub fn load');
    const edited = documented.replace('Loads it.', 'Loads the config\n/// from disk.');
    const afterAdd = await symbolsOf(documented);
    const afterEdit = await symbolsOf(edited);
    expect(afterAdd.map((s) => s.bodyHash)).toEqual(before.map((s) => s.bodyHash));
    expect(afterEdit.map((s) => s.bodyHash)).toEqual(before.map((s) => s.bodyHash));
    expect(find(afterEdit, 'load').doc).toBe('Loads the config\nfrom disk.');
  });

  it('changes when the body, an attribute or the signature changes', async () => {
    const before = find(await symbolsOf(base), 'load').bodyHash;
    const body = find(await symbolsOf(base.replace('retries: 3', 'retries: 4')), 'load');
    const signature = find(await symbolsOf(base.replace('path: &str', 'path: &Path')), 'load');
    const attribute = find(
      await symbolsOf(base.replace('pub fn load', '#[inline]\npub fn load')),
      'load',
    );
    expect(body.bodyHash).not.toBe(before);
    expect(signature.bodyHash).not.toBe(before);
    expect(attribute.bodyHash).not.toBe(before);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for CRLF and LF line endings', async () => {
    const lf = await symbolsOf(base);
    const crlf = await symbolsOf(base.replace(/\n/g, '\r\n'));
    expect(crlf.map((s) => s.bodyHash)).toEqual(lf.map((s) => s.bodyHash));
  });
});

describe('rustSupport: awkward input', () => {
  it('handles CRLF line endings and tabs', async () => {
    const source =
      '/// Tabbed.\r\n///\tand CRLF.\r\nimpl\tThing {\r\n\tpub fn run(\r\n\t\t&self,\r\n\t\tcount: usize,\r\n\t) -> bool {\r\n\t\ttrue\r\n\t}\r\n}\r\n';
    const [run] = await symbolsOf(source);
    expect(run).toMatchObject({
      qualifiedName: 'Thing.run',
      signature: 'pub fn run(&self, count: usize) -> bool',
      params: ['count'],
      startLine: 4,
      endLine: 9,
      hasDoc: false,
    });
    const [doc] = await symbolsOf('/// Tabbed\tdoc\r\n/// and CRLF.\r\nfn f() {}\r\n');
    expect(doc).toMatchObject({
      doc: 'Tabbed\tdoc\nand CRLF.',
      docRange: { startLine: 1, endLine: 2 },
    });
  });

  it('reads unicode identifiers and counts their bytes', async () => {
    const source =
      '/// Größe.\npub fn größe(breite: u32, höhe: u32) -> u32 { breite * höhe }\nfn après() {}';
    const symbols = await symbolsOf(source);
    expect(symbols.map((s) => s.name)).toEqual(['größe', 'après']);
    expect(find(symbols, 'größe')).toMatchObject({ params: ['breite', 'höhe'], doc: 'Größe.' });
    const après = find(symbols, 'après');
    expect(source.slice(après.startIndex, après.endIndex)).toBe('fn après() {}');
    expect(après.endByte - après.startByte).toBe(Buffer.byteLength('fn après() {}'));
    expect(après.endLine).toBe(3);
  });

  it('reads a file without a trailing newline', async () => {
    const [last] = await symbolsOf('fn last() -> u8 {\n    1\n}');
    expect(last).toMatchObject({ name: 'last', startLine: 1, endLine: 3 });
  });

  it('keeps the symbols around a syntax error and counts it', async () => {
    const source = `fn before() -> u8 { 1 }

fn broken(x: i32 {
    let y = ;
}

pub struct After {
    field: u8,
}

fn last() {}
`;
    const { symbols, parseErrors } = await extract(source);
    expect(parseErrors).toBeGreaterThan(0);
    const names = symbols.map((s) => s.qualifiedName);
    expect(names).toContain('before');
    expect(names).toContain('After');
    expect(names).toContain('last');
    expect(find(symbols, 'After').startLine).toBe(7);
  });

  it('returns nothing for an empty file', async () => {
    expect(await extract('')).toEqual({ symbols: [], parseErrors: 0 });
  });
});
