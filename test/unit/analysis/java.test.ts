import { describe, expect, it } from 'vitest';
import { javaSupport } from '../../../src/analysis/languages/java.js';
import type { CodeSymbol } from '../../../src/analysis/types.js';
import { findSymbol as find, outline } from '../../helpers/symbols.js';

async function extract(source: string) {
  return javaSupport.extract(source, 'src/main/java/app/Box.java');
}

async function symbolsOf(source: string): Promise<CodeSymbol[]> {
  return (await extract(source)).symbols;
}

const BOX = `package app;

import java.io.IOException;
import java.util.List;

/**
 * A box holding one value.
 *
 * @param <T> the value's type
 */
@Deprecated(since = "1.2", forRemoval = true)
public final class Box<T> extends Base implements Comparable<Box<T>> {
    private final T value;

    /** Makes an empty box. */
    public Box() {
        this(null);
    }

    public Box(T value) {
        this.value = value;
    }

    /* Not a Javadoc. */
    @Override
    public int compareTo(Box<T> other) {
        return 0;
    }

    // Not a Javadoc either.
    public static <T> List<T> copy(List<? extends T> src, int limit) throws IOException {
        return List.copyOf(src);
    }

    public static String join(String separator, String... parts) {
        return String.join(separator, parts);
    }

    class Inner {
        void touch() {
            Runnable r = new Runnable() {
                @Override
                public void run() {}
            };
            Runnable l = () -> {};
        }
    }

    static class Nested {
        static final class Deeper {
            int depth() { return 2; }
        }
    }
}
`;

describe('javaSupport: declarations', () => {
  it('finds classes, constructors, methods and nested classes, but no anonymous ones', async () => {
    const { symbols, parseErrors } = await extract(BOX);
    expect(parseErrors).toBe(0);
    expect(outline(symbols)).toEqual([
      ['class', 'Box', 11, 54],
      ['method', 'Box.Box', 16, 18],
      ['method', 'Box.Box', 20, 22],
      ['method', 'Box.compareTo', 25, 28],
      ['method', 'Box.copy', 31, 33],
      ['method', 'Box.join', 35, 37],
      ['class', 'Box.Inner', 39, 47],
      ['method', 'Box.Inner.touch', 40, 46],
      ['class', 'Box.Nested', 49, 53],
      ['class', 'Box.Nested.Deeper', 50, 52],
      ['method', 'Box.Nested.Deeper.depth', 51, 51],
    ]);
  });

  it('writes signatures without annotations or body', async () => {
    const symbols = await symbolsOf(BOX);
    expect(find(symbols, 'Box')).toMatchObject({
      name: 'Box',
      signature: 'public final class Box<T> extends Base implements Comparable<Box<T>>',
      params: [],
    });
    expect(find(symbols, 'Box.copy')).toMatchObject({
      name: 'copy',
      signature:
        'public static <T> List<T> copy(List<? extends T> src, int limit) throws IOException',
      params: ['src', 'limit'],
    });
    expect(find(symbols, 'Box.compareTo').signature).toBe('public int compareTo(Box<T> other)');
    expect(find(symbols, 'Box.Nested.Deeper').signature).toBe('static final class Deeper');
  });

  it('includes annotations in the range', async () => {
    const symbols = await symbolsOf(BOX);
    const box = find(symbols, 'Box');
    expect(BOX.slice(box.startIndex, box.endIndex)).toMatch(
      /^@Deprecated\(since = "1.2"[\s\S]*\}$/,
    );
    const compareTo = find(symbols, 'Box.compareTo');
    expect(BOX.slice(compareTo.startIndex, compareTo.endIndex)).toMatch(/^@Override\n/);
  });

  it('names varargs and keeps overloads apart', async () => {
    const symbols = await symbolsOf(BOX);
    expect(find(symbols, 'Box.join')).toMatchObject({
      signature: 'public static String join(String separator, String... parts)',
      params: ['separator', 'parts'],
    });
    const constructors = symbols.filter((s) => s.qualifiedName === 'Box.Box');
    expect(constructors.map((s) => [s.name, s.signature, s.params])).toEqual([
      ['Box', 'public Box()', []],
      ['Box', 'public Box(T value)', ['value']],
    ]);
    expect(constructors[0]?.bodyHash).not.toBe(constructors[1]?.bodyHash);
  });

  it('reads interfaces with default, static and abstract methods', async () => {
    const source = `public interface Repository<T, ID> extends AutoCloseable {
    T find(ID id);

    default List<T> findAll(Iterable<ID> ids) {
        return List.of();
    }

    static <T> Repository<T, Long> empty() { return null; }

    @interface Audited {
        String value() default "";
    }
}
`;
    const symbols = await symbolsOf(source);
    expect(symbols.map((s) => [s.kind, s.qualifiedName, s.signature, s.params])).toEqual([
      ['interface', 'Repository', 'public interface Repository<T, ID> extends AutoCloseable', []],
      ['method', 'Repository.find', 'T find(ID id)', ['id']],
      ['method', 'Repository.findAll', 'default List<T> findAll(Iterable<ID> ids)', ['ids']],
      ['method', 'Repository.empty', 'static <T> Repository<T, Long> empty()', []],
      ['interface', 'Repository.Audited', '@interface Audited', []],
      ['method', 'Repository.Audited.value', 'String value() default ""', []],
    ]);
  });

  it('reads enums with constructors and methods, skipping constant bodies', async () => {
    const source = `public enum Planet implements Body {
    MERCURY(3.3e23) {
        @Override
        double gravity() { return 3.7; }
    },
    EARTH(5.9e24);

    private final double mass;

    Planet(double mass) {
        this.mass = mass;
    }

    double gravity() {
        return mass;
    }
}
`;
    const symbols = await symbolsOf(source);
    expect(outline(symbols)).toEqual([
      ['enum', 'Planet', 1, 17],
      ['method', 'Planet.Planet', 10, 12],
      ['method', 'Planet.gravity', 14, 16],
    ]);
    expect(find(symbols, 'Planet').signature).toBe('public enum Planet implements Body');
    expect(find(symbols, 'Planet.Planet').params).toEqual(['mass']);
  });

  it('reads records, their components and compact constructors', async () => {
    const source = `public record Point(int x, int y) implements Shape {
    public Point {
        if (x < 0) throw new IllegalArgumentException();
    }

    public static Point origin() { return new Point(0, 0); }
}
`;
    const symbols = await symbolsOf(source);
    expect(symbols.map((s) => [s.kind, s.qualifiedName, s.signature, s.params])).toEqual([
      ['class', 'Point', 'public record Point(int x, int y) implements Shape', ['x', 'y']],
      ['method', 'Point.Point', 'public Point', ['x', 'y']],
      ['method', 'Point.origin', 'public static Point origin()', []],
    ]);
  });

  it('keeps annotations with arguments on methods out of the signature', async () => {
    const source = `class Api {
    @GetMapping(value = "/items/{id}", produces = {"application/json"})
    @SuppressWarnings("unchecked")
    public @ResponseBody Item get(@PathVariable("id") final long id) {
        return null;
    }
}
`;
    const [, get] = await symbolsOf(source);
    expect(get).toMatchObject({
      qualifiedName: 'Api.get',
      signature: 'public @ResponseBody Item get(@PathVariable("id") final long id)',
      params: ['id'],
      startLine: 2,
      endLine: 6,
    });
  });
});

describe('javaSupport: docs', () => {
  it('reads a Javadoc without its markers, keeping tags and relative indentation', async () => {
    const symbols = await symbolsOf(BOX);
    const box = find(symbols, 'Box');
    expect(box).toMatchObject({
      hasDoc: true,
      doc: "A box holding one value.\n\n@param <T> the value's type",
      docRange: { startLine: 6, endLine: 10 },
    });
    const docRange = box.docRange;
    expect(docRange && BOX.slice(docRange.startIndex, docRange.endIndex)).toMatch(
      /^\/\*\*[\s\S]*\*\/$/,
    );
    expect(find(symbols, 'Box.Box')).toMatchObject({ hasDoc: true, doc: 'Makes an empty box.' });
  });

  it('ignores plain block and line comments', async () => {
    const symbols = await symbolsOf(BOX);
    for (const name of ['Box.compareTo', 'Box.copy', 'Box.join']) {
      const symbol = find(symbols, name);
      expect([symbol.hasDoc, symbol.doc, symbol.docRange]).toEqual([false, undefined, undefined]);
    }
  });

  it('keeps code indentation inside a Javadoc', async () => {
    const source = `class A {
    /**
     * Runs it:
     * <pre>
     *   run(1, 2);
     * </pre>
     * @param a the first
     * @param b the second
     * @return the sum
     */
    int run(int a, int b) { return a + b; }
}
`;
    const [, run] = await symbolsOf(source);
    expect(run?.doc).toBe(
      'Runs it:\n<pre>\n  run(1, 2);\n</pre>\n@param a the first\n@param b the second\n@return the sum',
    );
    expect(run?.docRange).toMatchObject({ startLine: 2, endLine: 10 });
    expect(run?.startLine).toBe(11);
  });
});

describe('javaSupport: bodyHash', () => {
  const base = `class Counter {
    @Deprecated
    int next(int step) {
        return step + 1;
    }
}
`;

  it('stays the same when lines are added above', async () => {
    const before = find(await symbolsOf(base), 'Counter.next');
    const after = find(
      await symbolsOf(`package app;\n\nimport java.util.*;\n${base}`),
      'Counter.next',
    );
    expect(after.bodyHash).toBe(before.bodyHash);
    expect(after.startLine).toBe(before.startLine + 3);
  });

  it('stays the same when a Javadoc is added or edited', async () => {
    const before = find(await symbolsOf(base), 'Counter.next');
    const documented = base.replace('    @Deprecated', '    /** Next. */\n    @Deprecated');
    const edited = documented.replace('/** Next. */', '/**\n     * The next value.\n     */');
    const added = find(await symbolsOf(documented), 'Counter.next');
    const changed = find(await symbolsOf(edited), 'Counter.next');
    expect(added).toMatchObject({ hasDoc: true, doc: 'Next.', bodyHash: before.bodyHash });
    expect(changed).toMatchObject({ doc: 'The next value.', bodyHash: before.bodyHash });
  });

  it('changes when the body or an annotation changes', async () => {
    const before = find(await symbolsOf(base), 'Counter.next').bodyHash;
    const body = find(await symbolsOf(base.replace('step + 1', 'step + 2')), 'Counter.next');
    const annotation = find(
      await symbolsOf(base.replace('@Deprecated', '@Override')),
      'Counter.next',
    );
    expect(body.bodyHash).not.toBe(before);
    expect(annotation.bodyHash).not.toBe(before);
  });
});

describe('javaSupport: awkward input', () => {
  it('handles CRLF line endings and tabs', async () => {
    const source =
      'class Tabs {\r\n\t/**\r\n\t *\tTabbed\r\n\t *\tdoc.\r\n\t */\r\n\tpublic\tvoid\trun(\r\n\t\tint\tcount,\r\n\t\tString name) {\r\n\t}\r\n}\r\n';
    const symbols = await symbolsOf(source);
    expect(find(symbols, 'Tabs.run')).toMatchObject({
      signature: 'public void run(int count, String name)',
      params: ['count', 'name'],
      doc: 'Tabbed\ndoc.',
      docRange: { startLine: 2, endLine: 5 },
      startLine: 6,
      endLine: 9,
    });
    const lf = find(await symbolsOf(source.replace(/\r\n/g, '\n')), 'Tabs.run');
    expect(find(symbols, 'Tabs.run').bodyHash).toBe(lf.bodyHash);
  });

  it('reads unicode identifiers', async () => {
    const source = 'class Grüße {\n  void grüße(String näme) {}\n  int 数() { return 1; }\n}';
    const symbols = await symbolsOf(source);
    expect(symbols.map((s) => [s.qualifiedName, s.params])).toEqual([
      ['Grüße', []],
      ['Grüße.grüße', ['näme']],
      ['Grüße.数', []],
    ]);
    const method = find(symbols, 'Grüße.grüße');
    expect(source.slice(method.startIndex, method.endIndex)).toBe('void grüße(String näme) {}');
    expect(method.endByte - method.startByte).toBe(Buffer.byteLength('void grüße(String näme) {}'));
  });

  it('reads a file without a trailing newline', async () => {
    const [last] = await symbolsOf('interface Last {\n}');
    expect(last).toMatchObject({ kind: 'interface', name: 'Last', startLine: 1, endLine: 2 });
  });

  it('keeps the symbols around a syntax error and counts it', async () => {
    const source = `public class Service {
    public void before() {}

    public void broken( {
        int x = ;
    }

    /** After. */
    public int after(int a) { return a; }
}

class Second {
    void m() {}
}
`;
    const { symbols, parseErrors } = await extract(source);
    expect(parseErrors).toBeGreaterThan(0);
    const names = symbols.map((s) => s.qualifiedName);
    expect(names).toEqual(
      expect.arrayContaining(['Service', 'Service.before', 'Second', 'Second.m']),
    );
    expect(find(symbols, 'Service.after')).toMatchObject({ params: ['a'], doc: 'After.' });
  });

  it('returns nothing for an empty file', async () => {
    expect(await extract('')).toEqual({ symbols: [], parseErrors: 0 });
  });
});
