import type { DocStyle } from '../../../src/tasks/docstring/types.js';

/** Rich docs in every style, a model answer, and the exact edit expected (or why none). */
export interface RichCase {
  name: string;
  file: string;
  source: string;
  target: string;
  style: DocStyle;
  answer: string;
  expected: Array<[string, string]> | RegExp;
  removed?: string[];
  width?: number;
}

const OPEN_FILE = `import os


def open_file(filename, mode="r", encoding=None, errors="strict", lazy=False, atomic=False, **attrs):
    """Open a file, with extra behavior to handle \`\`'-'\`\` to indicate
    a standard stream, lazy open on write, and atomic write.

    If \`\`'-'\`\` is given to open \`\`stdout\`\` or \`\`stdin\`\`, the stream is
    wrapped so that using it in a context manager will not close it.

    Args:
        filename (str): The name or Path of the file to open, or \`\`'-'\`\`
            for \`\`stdin\`\`/\`\`stdout\`\`.
        mode (str): The mode in which to open the file.
        encoding: The encoding to decode or encode a file opened in
            text mode.
        errors: The error handling mode.
        lazy: Wait to open the file until it is accessed.

    Returns:
        A file object.

    Note:
        Closing the file is up to the caller.

    Examples:
        >>> with open_file("-", "w") as f:
        ...     f.write("Hello")

    .. versionchanged:: 8.0
        \`\`filename\`\` may be a \`\`Path\`\`.

    .. versionchanged:: 7.0
        Added \`\`atomic\`\`.

    .. versionadded:: 3.0
    """
    return os.fdopen(0)
`;

const LAZY = '        lazy: Wait to open the file until it is accessed.\n';

const FETCH = `def fetch(url, timeout):
    """Fetch a URL.

    Args:
        url: Where.
        retries: How often to try again,
            at most ten.
        timeout: Seconds.

    Raises:
        IOError: When it fails.
    """
    return url
`;

const NUMPY = `def total(values, weights, axis=0):
    """Sum values.

    Parameters
    ----------
    values : array_like
        The values.
    weights : array_like
        Their weights.

    Returns
    -------
    float
        The sum.

    See Also
    --------
    numpy.sum : The plain sum.

    Examples
    --------
    >>> total([1, 2], [1, 1])
    3.0
    """
    return 0.0
`;

const REST = `def connect(host, port, secure=False):
    """Connect to a server.

    The connection is kept open until :meth:\`close\` is called.

    :param host: The host name.
    :type host: str
    :param timeout: How long to wait.
    :type timeout: float
    :param port: The port.
    :raises ConnectionError: When the server does not answer.
    :returns: A connection.
    """
    return None
`;

const JSDOC = `/**
 * Formats a price for display.
 *
 * The currency symbol comes first; negative prices keep their sign.
 *
 * @deprecated Use {@link formatMoney} instead.
 * @param {number} amount - The price, in cents; it may be
 *   negative.
 * @param {string} currency - An ISO code.
 * @returns {string} The formatted price.
 * @see formatMoney
 * @example
 * // prints "$1.00"
 * console.log(format(100, 'USD', 2));
 */
export function format(amount, currency, digits) {
  return '';
}
`;

const TSDOC = `export class Cart {
  /**
   * Adds an item.
   *
   * @remarks
   * Items are merged by id.
   *
   * @param item - The item.
   * @param count - How many.
   * @returns The new size.
   */
  add(item: Item, quantity: number, ...tags: string[]): number {
    return 0;
  }
}
`;

const JAVADOC = `public class Store {
    /**
     * Saves an item.
     *
     * <p>See {@link #load(String)} for the reverse.
     *
     * @param key the key
     * @return whether it was new
     * @throws IOException when the disk is full
     */
    public boolean save(String key, byte[] value) throws IOException {
        return true;
    }
}
`;

const RUSTDOC = `/// Parses a number.
///
/// # Arguments
///
/// * \`text\` - The text to read.
///
/// # Examples
///
/// \`\`\`
/// let n = parse("12", 10);
/// assert_eq!(n, 12);
/// \`\`\`
pub fn parse(text: &str, radix: u32) -> u32 {
    0
}
`;

const ATOMIC =
  'Opens something.\n\nArgs:\n    filename: The file.\n    atomic (bool): Write to a temporary file and move it into place\n        on close.\n    bogus: Not a parameter.';

export const RICH: RichCase[] = [
  {
    name: 'google: a 30-line doc gets only the new entry from an answer that rewrote everything',
    file: 'files.py',
    source: OPEN_FILE,
    target: 'open_file',
    style: 'google',
    answer: ATOMIC,
    expected: [
      [
        LAZY,
        `${LAZY}        atomic (bool): Write to a temporary file and move it into place\n            on close.\n`,
      ],
    ],
  },
  {
    name: 'google: an answer with no entry for the new parameter is refused',
    file: 'files.py',
    source: OPEN_FILE,
    target: 'open_file',
    style: 'google',
    answer: 'Opens a file.\n\nArgs:\n    filename: The file.',
    expected: /has no entry for the new parameter atomic/,
  },
  {
    name: 'google: an answer that is one sentence is refused, the doc kept',
    file: 'files.py',
    source: OPEN_FILE,
    target: 'open_file',
    style: 'google',
    answer: 'Open a file.',
    expected: /no entry for the new parameter atomic/,
  },
  {
    name: 'google: a long new entry wraps to the width under its name',
    file: 'files.py',
    source: OPEN_FILE,
    target: 'open_file',
    style: 'google',
    width: 60,
    answer:
      'Open.\n\nArgs:\n    atomic (bool): Write to a temporary file first and move it into place on close.',
    expected: [
      [
        LAZY,
        `${LAZY}        atomic (bool): Write to a temporary file first and\n            move it into place on close.\n`,
      ],
    ],
  },
  {
    name: 'google: the entry of a removed parameter goes, continuation line too',
    file: 'fetch.py',
    source: FETCH,
    target: 'fetch',
    style: 'google',
    answer: 'Fetches.',
    expected: [['        retries: How often to try again,\n            at most ten.\n', '']],
    removed: ['        retries: How often to try again,', '            at most ten.'],
  },
  {
    name: 'google: a renamed first parameter takes the old entry place',
    file: 'load.py',
    source:
      'def load(location, strict=False):\n    """Load a file.\n\n    Args:\n        path (str): Where it is.\n        strict: Whether to fail.\n    """\n',
    target: 'load',
    style: 'google',
    answer: 'Load.\n\nArgs:\n    location (str): Where the file is.\n    strict: Whether.',
    expected: [
      ['        path (str): Where it is.\n', '        location (str): Where the file is.\n'],
    ],
    removed: ['        path (str): Where it is.'],
  },
  {
    name: 'google: a section left empty goes with its header and the blank line before it',
    file: 'ping.py',
    source:
      'def ping():\n    """Ping.\n\n    Args:\n        host: Gone.\n\n    Returns:\n        True.\n    """\n    return True\n',
    target: 'ping',
    style: 'google',
    answer: 'Ping.',
    expected: [['\n    Args:\n        host: Gone.\n', '']],
    removed: ['', '    Args:', '        host: Gone.'],
  },
  {
    name: 'google: a file indented with tabs',
    file: 'tabs.py',
    source:
      'class Config:\n\tdef load(self, path, strict):\n\t\t"""Load.\n\n\t\tArgs:\n\t\t\tpath: Where.\n\t\t"""\n\t\treturn path\n',
    target: 'Config.load',
    style: 'google',
    answer: 'Load.\n\nArgs:\n    path: Where.\n    strict: Whether to fail.',
    expected: [['\t\t\tpath: Where.\n', '\t\t\tpath: Where.\n\t\t\tstrict: Whether to fail.\n']],
  },
  {
    name: 'google: an entry on the closing quotes line is refused',
    file: 'close.py',
    source: 'def f(a, b):\n    """Do.\n\n    Args:\n        a: The a."""\n    return a\n',
    target: 'f',
    style: 'google',
    answer: 'Do.\n\nArgs:\n    a: The a.\n    b: The b.',
    expected: /share a line with the doc's quotes/,
  },
  {
    name: 'google: a one-line docstring holding the entry is refused',
    file: 'one.py',
    source: 'def f(b):\n    """Args: a: The a."""\n    return b\n',
    target: 'f',
    style: 'google',
    answer: 'Do.\n\nArgs:\n    b: The b.',
    expected: /has no parameter entries|share a line/,
  },
  {
    name: 'google: an entry with a backslash is refused, not escaped',
    file: 'fetch.py',
    source: FETCH.replace('fetch(url, timeout)', 'fetch(url, timeout, folder)'),
    target: 'fetch',
    style: 'google',
    answer: 'Fetch.\n\nArgs:\n    folder: Like C:\\temp.',
    expected: /backslash/,
  },
  {
    name: 'numpy: See Also and Examples stay, the new entry follows the last',
    file: 'total.py',
    source: NUMPY,
    target: 'total',
    style: 'numpy',
    answer: 'Sums.\n\nParameters\n----------\naxis : int, optional\n    Which axis.',
    expected: [
      [
        '        Their weights.\n',
        '        Their weights.\n    axis : int, optional\n        Which axis.\n',
      ],
    ],
  },
  {
    name: 'numpy: an answer in Google style has no NumPy entry to take',
    file: 'total.py',
    source: NUMPY,
    target: 'total',
    style: 'numpy',
    answer: 'Sums.\n\nArgs:\n    axis (int): Which axis.',
    expected: /has no entry for the new parameter axis/,
  },
  {
    name: 'numpy: a gone parameter sharing its line with a kept one is refused',
    file: 'pair.py',
    source:
      'def add(a):\n    """Add.\n\n    Parameters\n    ----------\n    a, b : int\n        Numbers.\n    """\n    return a\n',
    target: 'add',
    style: 'numpy',
    answer: 'Add.',
    expected: /the entry of b shares a line with another parameter/,
  },
  {
    name: 'rest: a removed field goes with its :type:, the new one comes with its own',
    file: 'connect.py',
    source: REST,
    target: 'connect',
    style: 'rest',
    answer: 'Connects.\n\n:param secure: Whether to use TLS.\n:type secure: bool\n:returns: x',
    expected: [
      ['    :param timeout: How long to wait.\n    :type timeout: float\n', ''],
      [
        '    :param port: The port.\n',
        '    :param port: The port.\n    :param secure: Whether to use TLS.\n    :type secure: bool\n',
      ],
    ],
    removed: ['    :param timeout: How long to wait.', '    :type timeout: float'],
  },
  {
    name: 'jsdoc: @deprecated, @see and @example code stay; a multi-line entry is an anchor',
    file: 'price.js',
    source: JSDOC,
    target: 'format',
    style: 'jsdoc',
    answer:
      'Formats.\n\n@param {number} amount - x\n@param {number} digits - How many digits after the point.',
    expected: [
      [
        ' * @param {string} currency - An ISO code.\n',
        ' * @param {string} currency - An ISO code.\n * @param {number} digits - How many digits after the point.\n',
      ],
    ],
  },
  {
    name: 'tsdoc: a renamed parameter, a rest parameter left alone',
    file: 'cart.ts',
    source: TSDOC,
    target: 'Cart.add',
    style: 'tsdoc',
    answer:
      'Adds.\n@param item - The item.\n@param quantity - How many to add.\n@param tags - Tags.',
    expected: [['   * @param count - How many.\n', '   * @param quantity - How many to add.\n']],
    removed: ['   * @param count - How many.'],
  },
  {
    name: 'tsdoc: an entry on the /** line is refused',
    file: 'one.ts',
    source: '/** @param a - The a. */\nexport function f(a: number, b: number) {}\n',
    target: 'f',
    style: 'tsdoc',
    answer: 'F.\n@param a - The a.\n@param b - The b.',
    expected: /share a line/,
  },
  {
    name: 'tsdoc: an answer closing the comment is refused',
    file: 'cart.ts',
    source: TSDOC,
    target: 'Cart.add',
    style: 'tsdoc',
    answer: '@param quantity - How many */ to add.',
    expected: /holds \*\//,
  },
  {
    name: 'javadoc: {@link} and @throws stay',
    file: 'Store.java',
    source: JAVADOC,
    target: 'Store.save',
    style: 'javadoc',
    answer: 'Saves.\n@param key the key\n@param value the bytes to store',
    expected: [
      [
        '     * @param key the key\n',
        '     * @param key the key\n     * @param value the bytes to store\n',
      ],
    ],
  },
  {
    name: 'rustdoc: # Examples with a code fence stays',
    file: 'parse.rs',
    source: RUSTDOC,
    target: 'parse',
    style: 'rustdoc',
    answer: 'Parses.\n\n# Arguments\n\n* `text` - The text.\n* `radix` - The base, from 2 to 36.',
    expected: [
      [
        '/// * `text` - The text to read.\n',
        '/// * `text` - The text to read.\n/// * `radix` - The base, from 2 to 36.\n',
      ],
    ],
  },
];
