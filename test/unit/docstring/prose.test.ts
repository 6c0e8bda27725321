import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../../src/analysis/types.js';
import { findNotProse } from '../../../src/tasks/docstring/prose.js';
import { sanitizeDocAnswer } from '../../../src/tasks/docstring/sanitize.js';
import { ROOT } from '../../helpers/hearth.js';

// Real docs, copied from the projects named (typescript's lib.es5.d.ts, commander, winston,
// Python's textwrap) or written here in each style hearth writes, in several languages.
const GOOD: Array<[string, string]> = [
  [
    'lib.es5.d.ts: one line',
    'Removes the leading and trailing white space and line terminator characters from a string.',
  ],
  [
    'lib.es5.d.ts: tags repeating a phrase',
    'Sets the hours value in the Date object using Universal Coordinated Time (UTC).\n@param hours A numeric value equal to the hours value.\n@param min A numeric value equal to the minutes value.\n@param sec A numeric value equal to the seconds value.\n@param ms A numeric value equal to the milliseconds value.',
  ],
  [
    'commander: @param with dashes',
    'Constructs the CommanderError class\n@param exitCode - suggested exit code which could be used with process.exit\n@param code - an id string representing the error\n@param message - human-readable description of the error',
  ],
  [
    'winston: a URL and a type tag',
    'Captures the number of format (i.e. %s strings) in a given string.\nBased on `util.format`, see Node.js source:\nhttps://github.com/nodejs/node/blob/b1c8f15c5f169e021f7c46eb7b219de95fe97603/lib/util.js#L201-L230\n@type {RegExp}',
  ],
  [
    'textwrap.dedent',
    'Remove any common leading whitespace from every line in `text`.\n\nThis can be used to make triple-quoted strings line up with the left\nedge of the display, while still presenting them in the source code\nin indented form.\n\nNote that tabs and spaces are both treated as whitespace, but they\nare not equal: the lines "  hello" and "\\thello" are\nconsidered to have no common leading whitespace.',
  ],
  ['a short one-liner', "Return the user's id."],
  ['a terse one-liner of names', 'Wraps next with gzip.'],
  [
    'Google style, one-line function with 4 parameters',
    'Clamp a value into a range, then scale it.\n\nArgs:\n    value (float): The value to clamp.\n    low (float): The smallest value allowed.\n    high (float): The largest value allowed.\n    factor (float): Multiplies the clamped value.\n\nReturns:\n    float: The clamped value times the factor.',
  ],
  [
    'NumPy style',
    'Compute the weighted mean.\n\nParameters\n----------\nvalues : array_like\n    The numbers to average.\nweights : array_like, optional\n    One weight per value; equal weights if omitted.\n\nReturns\n-------\nfloat\n    The weighted mean.',
  ],
  [
    'reST style',
    'Open a connection to the database.\n\n:param str dsn: The data source name.\n:param int timeout: Seconds to wait before giving up.\n:returns: An open connection.\n:raises ConnectionError: When the server does not answer.',
  ],
  [
    'full of identifiers and code spans',
    'Calls `fetchOrders(url)` and passes each `Order` to `OrderService.place`; resolves with the placed `Order[]`, or rejects with the first `HttpError`.',
  ],
  [
    'bare identifiers',
    'Delegates to parseConfig, then merges defaultOptions into userOptions and returns the merged ResolvedConfig.',
  ],
  [
    'godoc',
    'Serve accepts connections until ctx is cancelled, then closes the listener and returns nil.',
  ],
  [
    'rustdoc with headings',
    'Parses a header line.\n\n# Errors\n\nReturns `Err` when the line holds no colon.\n\n# Panics\n\nNever.',
  ],
  [
    'French',
    'Renvoie la liste des commandes en attente pour un client donné, triée par date de création.',
  ],
  ['Spanish', 'Devuelve el número de elementos de la cola que todavía no se han procesado.'],
  [
    'German',
    'Gibt die Anzahl der Einträge zurück, die noch nicht verarbeitet wurden, oder null, wenn die Liste leer ist.',
  ],
  [
    'Vietnamese',
    'Trả về danh sách các đơn hàng của khách hàng, hoặc một danh sách rỗng nếu không có đơn nào.',
  ],
  [
    'Turkish',
    'Verilen kullanıcının siparişlerini döndürür; kullanıcı yoksa boş bir liste döndürür ve hata vermez.',
  ],
  [
    'Indonesian',
    'Mengembalikan daftar pesanan untuk pelanggan yang diberikan, atau daftar kosong jika tidak ada.',
  ],
  [
    'Czech',
    'Vrací seznam objednávek pro daného zákazníka, nebo prázdný seznam, pokud zákazník neexistuje.',
  ],
  [
    'Swedish',
    'Returnerar listan med beställningar för kunden, eller en tom lista om det inte finns någon.',
  ],
  [
    'Polish',
    'Zwraca listę zamówień dla danego klienta lub pustą listę, jeśli klient nie istnieje w bazie.',
  ],
  [
    'Russian with English names',
    'Возвращает список заказов для клиента. Если `client_id` не найден, возвращает пустой список.',
  ],
  [
    'Ukrainian',
    'Повертає кількість елементів у черзі, які ще не були оброблені, або нуль, якщо черга порожня.',
  ],
  ['Japanese', '指定されたユーザーの注文一覧を返します。見つからない場合は空のリストを返します。'],
  ['Chinese with a name', '返回指定用户的订单列表。如果 `user_id` 不存在，则返回空列表。'],
  ['Korean', '주어진 사용자의 주문 목록을 반환합니다. 사용자가 없으면 빈 목록을 반환합니다.'],
  ['Greek math in English', 'Scale the angle θ by the factor α, in radians.'],
  [
    'numbers in prose',
    'Retries up to 3 times, waiting 100, 200 and 400 ms between attempts; gives up after 5 s.',
  ],
];

const SOUP =
  'alph Floricane Pauloinst cro ogni heading igual existed VARCHAR causing Free edgedownload chairbel Harris processedlijParam wspol';

const GARBAGE: Array<[string, string, string]> = [
  [
    'random tokens',
    'qzv lorp wenk dabbit frosk tumble vask prindle oomph glart snib morv',
    'few recognisable words',
  ],
  ['subword soup (the random model, Latin only)', SOUP, 'few recognisable words'],
  ['a loop of subwords', `${SOUP} `.repeat(8), 'repeats itself'],
  ['one token repeated', 'token '.repeat(60), 'repeats itself'],
  ['a repeated short phrase', 'the value of the '.repeat(20), 'repeats itself'],
  [
    'punctuation runs',
    ')}( ="${ **** %%% ;;; ~~~ >>= <<< !!! ))) ((( ]]] [[[ ### @@@ $$$',
    'letters',
  ],
  [
    'symbols',
    'Host♂ returns ♂♂ ©© ╌╌╌ ✔✔ ∑∑ ♣♣ ☃☃ ★★ ♠♠ ♥♥ ♦♦ ☂☂ and ☯☯ ☮☮ ☢☢ the value',
    'symbols',
  ],
  [
    'words mixing alphabets',
    'Host polskianciautresternal dbo framjspdemás口บ томeffpossible bergerowelnanBelObтек',
    'mix alphabets',
  ],
  ['four scripts', 'Returns значение 値を返す กลับค่า the value', 'scripts'],
  [
    'base64',
    'SGVsbG8gd29ybGQhIFRoaXMgaXMgYSBiYXNlNjQgZW5jb2RlZCBzdHJpbmcgdGhhdCBnb2VzIG9uIGFuZCBvbg==',
    'without a space',
  ],
  [
    'a hex dump',
    '00000000  7f 45 4c 46 02 01 01 00  00 00 00 00 00 00 00 00\n00000010  03 00 3e 00 01 00 00 00  10 6b 00 00 00 00 00 00',
    'letters',
  ],
  ['hex words', 'de ad be ef ca fe ba be 0xdeadbeef 0xcafebabe ff 1f 2e', 'hex dump'],
];

describe('findNotProse: real docs pass', () => {
  it.each(GOOD)('%s', (_name, doc) => {
    expect(findNotProse(doc)).toBeUndefined();
  });
});

describe('findNotProse: garbage is refused with its reason', () => {
  it.each(GARBAGE)('%s', (_name, text, reason) => {
    expect(findNotProse(text)).toContain(reason);
  });
});

/** Every doc comment of a file, as the sanitiser leaves it (null when it refuses one). */
function readDocs(file: string, language: LanguageId): Array<string | null> {
  const text = readFileSync(file, 'utf8');
  const pattern = language === 'python' ? /^[ \t]*[rRuU]?"""[\s\S]*?"""/gm : /\/\*\*[\s\S]*?\*\//g;
  return [...text.matchAll(pattern)].map((match) => {
    const options = {
      language,
      style: 'google' as const,
      symbolName: '',
      maxLines: 500,
      maxChars: 1e6,
    };
    const sanitized = sanitizeDocAnswer(match[0].trim(), options);
    if (sanitized.ok) return sanitized.text;
    // Code in a doc is refused elsewhere; only the prose check's verdict matters here.
    return sanitized.reason.startsWith('not prose') ? null : '';
  });
}

describe('every doc comment of real projects passes', () => {
  const modules = path.join(ROOT, 'node_modules');
  const files = [
    'typescript/lib/lib.es5.d.ts',
    'typescript/lib/lib.dom.d.ts',
    'commander/typings/index.d.ts',
    ...readdirSync(path.join(modules, 'winston/lib/winston')).map(
      (f) => `winston/lib/winston/${f}`,
    ),
  ].filter((f) => f.endsWith('.ts') || f.endsWith('.js'));
  it.each(files)('%s', (file) => {
    const docs = readDocs(path.join(modules, file), 'typescript');
    expect(docs.length).toBeGreaterThan(0);
    const refused = docs.filter((doc) => doc === null || (doc !== '' && findNotProse(doc)));
    expect(refused).toEqual([]);
  });

  // Python's own standard library, where the machine has it (3,200 docstrings in 3.11).
  const python = ['/usr/lib/python3.11', '/usr/lib/python3.12'].find((dir) => existsSync(dir));
  it.skipIf(!python)('the Python standard library', () => {
    const dir = python as string;
    const docs = readdirSync(dir)
      .filter((f) => f.endsWith('.py'))
      .flatMap((f) => readDocs(path.join(dir, f), 'python'));
    expect(docs.length).toBeGreaterThan(1000);
    expect(docs.filter((doc) => doc === null || (doc !== '' && findNotProse(doc)))).toEqual([]);
  });
});
