/**
 * Redacts values assigned to names that say they hold a secret (`password`, `secret`, `token`,
 * `api_key`, ...), in code and config alike, keeping the name, operator and quotes. The name must
 * end in the secret word (`db_password`, `githubToken`), so `password_field` or `token_type` are
 * left alone; and the value must be a literal, so `token = next_token()` or
 * `password = form.password` are left alone too.
 */
import type { Tally } from './secrets.js';

// The last part of a name that marks its value as a secret; longer alternatives first.
const SECRET_WORD =
  'pass(?:word|wd|phrase)|client[_-]?secret|secret[_-]?key|secret|access[_-]?token|auth[_-]?token|token|api[_-]?key|access[_-]?key|private[_-]?key';

// The whole name, ending in a secret word and not followed by more of the name.
const NAME = `(?<![\\w$-])[\\w$-]*?(?:${SECRET_WORD})(?![\\w$-])`;

// `=`, `:=`, `=>` or `:`; never a comparison (`==`, `===`) or a path (`a::b`).
const OPERATOR = '(?::=|=>|=(?![=>])|:(?![:=]))';

// `password = "x"`, `"token": 'x'`, `api_key: str = "x"`, `token => 'x'`, `password := "x"`.
const QUOTED = new RegExp(
  `(${NAME}["']?\\s*(?::\\s*[A-Za-z_][\\w.\\[\\]|, ]*?)?\\s*${OPERATOR}\\s*)(["'\`])((?:\\\\.|(?!\\2)[^\\\\\\n])*)\\2`,
  'gi',
);

// `API_KEY=x`, `export TOKEN=x`, `password: hunter2`: an unquoted value that is the rest of its
// line (a trailing `#` or `//` comment aside), as in .env, shell, ini and YAML files. A line of
// a unified diff is read without its `+`, `-` or ` ` marker, which is kept.
const UNQUOTED = new RegExp(
  `^([-+ ]?)([ \\t]*)((?:export[ \\t]+)?["']?(?:[\\w$-]+\\.)*${NAME}["']?)([ \\t]*)(${OPERATOR})([ \\t]*)([^\\s'"\`,;(){}\\[\\]<>]+)(?=(?:[ \\t]+(?:#|//).*)?[ \\t]*\\r?$)`,
  'gim',
);

// `https://host/x?token=abc&...` and `https://user:pass@host`.
const URL_QUERY = new RegExp(`([?&][\\w.-]*?(?:${SECRET_WORD})=)([^&\\s"'\`#<>]+)`, 'gi');
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@"'`]+:)([^@/\s"'`]+)(?=@)/gi;

// Values that name or refer to a secret rather than hold one.
const NOT_A_VALUE =
  /^(?:null|none|nil|undefined|true|false|yes|no|string|str|number|int|bool|boolean|any|unknown|bytes|object|optional|required)$/i;
const NAME_IN = new RegExp(NAME, 'i');
const WORD_AT_END = new RegExp(`(?:${SECRET_WORD})$`, 'i');

const REFERENCE = /^(?:\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|\{\{.*\}\}|%\(?\w*\)?s)$/;
// Unquoted, `form.password` or `settings.API_KEY` is code reading a value from somewhere else.
const IDENTIFIER_PATH = /^[A-Za-z_$]+(?:\.[A-Za-z_$]+)+$/;

export function redactAssignments(text: string, tally: Tally): string {
  const inUrls = text
    .replace(URL_QUERY, (match, head: string, value: string) =>
      isSecretValue(value) ? `${head}${tally(kindOf(head))}` : match,
    )
    .replace(URL_USERINFO, (match, head: string, value: string) =>
      isSecretValue(value) ? `${head}${tally('password')}` : match,
    );
  const quoted = inUrls.replace(QUOTED, (match, head: string, quote: string, value: string) => {
    if (!isSecretValue(value)) return match;
    return `${head}${quote}${tally(kindOf(head))}${quote}`;
  });
  const unquoted = quoted.replace(
    UNQUOTED,
    (
      match,
      marker: string,
      indent: string,
      name: string,
      before: string,
      op: string,
      after: string,
      value,
    ) => {
      // `.env` and shell lines: unindented `NAME=value`; in code an assignment has spaces or an
      // indent, and there only a value that cannot be an identifier (a digit, a symbol) counts.
      const envLine = op === '=' && indent === '' && before === '' && after === '';
      if (!isSecretValue(value) || IDENTIFIER_PATH.test(value)) return match;
      if (!(envLine || looksLikeLiteral(value))) return match;
      return `${marker}${indent}${name}${before}${op}${after}${tally(kindOf(name))}`;
    },
  );
  return unquoted.replace(RANDOM_VALUE, (match, head: string, value: string) =>
    isSecretValue(value) && looksRandom(value) ? `${head}${tally(kindOf(head))}` : match,
  );
}

// `STRIPE_KEY=`, `signingKey: "`, `DB_PASS = '`, `MYSQL_PWD=`: names too common to redact every
// value of (`sort_key = "name"`), so only a value that looks random is taken for a secret.
const RANDOM_NAME = '(?<![\\w$-])[\\w$-]*?(?:key|secret|token|pass|password|pwd)(?![\\w$-])';
const RANDOM_VALUE = new RegExp(
  `(${RANDOM_NAME}["']?\\s*${OPERATOR}\\s*["'\`]?)([A-Za-z0-9+/=_.~-]{16,})`,
  'gi',
);

/** 16 or more characters mixing letters and digits with about 3.5 bits or more per character. */
function looksRandom(value: string): boolean {
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits >= 3.5;
}

function isSecretValue(value: string): boolean {
  return (
    value.length > 0 &&
    !value.includes('[REDACTED:') &&
    !NOT_A_VALUE.test(value) &&
    !REFERENCE.test(value)
  );
}

/** An unquoted value in code is an identifier unless it has a digit or a symbol in it. */
function looksLikeLiteral(value: string): boolean {
  return !/^-?\d+(?:\.\d+)?$/.test(value) && /[^A-Za-z_.$]/.test(value);
}

function kindOf(head: string): string {
  const name = NAME_IN.exec(head)?.[0] ?? head;
  const word = (WORD_AT_END.exec(name)?.[0] ?? '').toLowerCase();
  if (word.startsWith('pass')) return 'password';
  if (word.startsWith('api')) return 'api-key';
  if (word.endsWith('token')) return 'token';
  return 'secret';
}
