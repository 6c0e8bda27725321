import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/router/secrets.js';

const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GHP = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
const OPENAI = 'sk-proj-AbCdEf0123456789GhIjKlMnOp';

const PRIVATE_KEY = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi..Z1BjP5CE/Wm/Rr500P',
  'RbMM5tcBnlMknExnkBzpbsYvKyQtPLx9l5QE6g==',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

// [input, expected output, kinds found]
const CASES: Array<[string, string, string, string[]]> = [
  [
    'AWS access key id',
    `key_id = ${AWS_ID}`,
    'key_id = [REDACTED:aws-access-key]',
    ['aws-access-key'],
  ],
  [
    'AWS secret key in an ini file',
    `aws_secret_access_key = ${AWS_SECRET}`,
    'aws_secret_access_key = [REDACTED:aws-secret-key]',
    ['aws-secret-key'],
  ],
  [
    'AWS secret key in an env file',
    `AWS_SECRET_ACCESS_KEY="${AWS_SECRET}"`,
    'AWS_SECRET_ACCESS_KEY="[REDACTED:aws-secret-key]"',
    ['aws-secret-key'],
  ],
  [
    'GitHub personal token in a string',
    `const gh = "${GHP}";`,
    'const gh = "[REDACTED:github-token]";',
    ['github-token'],
  ],
  ...['gho_', 'ghs_', 'ghu_', 'ghr_'].map((prefix): [string, string, string, string[]] => [
    `GitHub ${prefix} token`,
    `auth ${prefix}abcdefghijklmnopqrstuvwxyz0123456789`,
    'auth [REDACTED:github-token]',
    ['github-token'],
  ]),
  [
    'GitHub fine-grained token',
    'use github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz here',
    'use [REDACTED:github-token] here',
    ['github-token'],
  ],
  ...['xoxb', 'xoxp', 'xoxa', 'xoxo', 'xoxs', 'xoxr'].map(
    (prefix): [string, string, string, string[]] => [
      `Slack ${prefix} token`,
      `slack(${prefix}-1234567890-0987654321-AbCdEfGh)`,
      'slack([REDACTED:slack-token])',
      ['slack-token'],
    ],
  ),
  [
    'OpenAI project key',
    `client = OpenAI(key='${OPENAI}')`,
    "client = OpenAI(key='[REDACTED:openai-key]')",
    ['openai-key'],
  ],
  [
    'OpenAI classic key',
    'sk-AbCdEfGhIjKlMnOpQrStUvWx0123456789',
    '[REDACTED:openai-key]',
    ['openai-key'],
  ],
  ['password in Python', 'password = "hunter2"', 'password = "[REDACTED:password]"', ['password']],
  [
    'password in single quotes',
    "db_password = 'hunter2'",
    "db_password = '[REDACTED:password]'",
    ['password'],
  ],
  ['token in JSON', '{"token": "abc123"}', '{"token": "[REDACTED:token]"}', ['token']],
  ['API key in an env file', 'API_KEY=abcdef', 'API_KEY=[REDACTED:api-key]', ['api-key']],
  [
    'exported shell variable with a comment',
    'export GITHUB_TOKEN=abcdef # personal',
    'export GITHUB_TOKEN=[REDACTED:token] # personal',
    ['token'],
  ],
  [
    'secret in YAML',
    '  client_secret: s3cr3t-value',
    '  client_secret: [REDACTED:secret]',
    ['secret'],
  ],
  [
    'camelCase name in TypeScript',
    'const apiKey = `k-123`;',
    'const apiKey = `[REDACTED:api-key]`;',
    ['api-key'],
  ],
  [
    'type-annotated assignment',
    'api_key: str = "abc123"',
    'api_key: str = "[REDACTED:api-key]"',
    ['api-key'],
  ],
  ['Go short assignment', 'secret := "abc"', 'secret := "[REDACTED:secret]"', ['secret']],
  ['PHP array', "'password' => 'abc'", "'password' => '[REDACTED:password]'", ['password']],
  [
    'keyword argument',
    'login(user, password="pw")',
    'login(user, password="[REDACTED:password]")',
    ['password'],
  ],
  [
    'password that looks like a variable',
    'password = "$ecret1"',
    'password = "[REDACTED:password]"',
    ['password'],
  ],
  ['dotted quoted value', "token: 'my.secret'", "token: '[REDACTED:token]'", ['token']],
  ['properties file', 'db.password=secret', 'db.password=[REDACTED:password]', ['password']],
  [
    'token in a URL query',
    'get("https://x/api?token=abc123&page=2")',
    'get("https://x/api?token=[REDACTED:token]&page=2")',
    ['token'],
  ],
  [
    'password in a connection URL',
    'DATABASE_URL=postgres://app:s3cret@db:5432/app',
    'DATABASE_URL=postgres://app:[REDACTED:password]@db:5432/app',
    ['password'],
  ],
  [
    'escaped quote inside the value',
    'password = "a\\"b"; next()',
    'password = "[REDACTED:password]"; next()',
    ['password'],
  ],
];

describe('redactSecrets', () => {
  it.each(CASES)('%s', (_name, text, expected, kinds) => {
    const result = redactSecrets(text);
    expect(result.text).toBe(expected);
    expect(result.found.map((f) => f.kind)).toEqual(kinds);
  });

  it('replaces a multi-line private key block whole', () => {
    const text = `const key = \`\n${PRIVATE_KEY}\n\`;\nconsole.log(key);`;
    const result = redactSecrets(text);
    expect(result.text).toBe('const key = `\n[REDACTED:private-key]\n`;\nconsole.log(key);');
    expect(result.found).toEqual([{ kind: 'private-key', count: 1 }]);
  });

  it.each([
    [
      'OPENSSH',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----',
    ],
    ['PKCS#8', '-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----'],
    [
      'encrypted',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHz==\n-----END ENCRYPTED PRIVATE KEY-----',
    ],
    [
      'PGP',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF==\n-----END PGP PRIVATE KEY BLOCK-----',
    ],
    ['JSON-escaped', '"-----BEGIN EC PRIVATE KEY-----\\nMHcCAQ==\\n-----END EC PRIVATE KEY-----"'],
  ])('redacts a whole %s private key and nothing after it', (_name, key) => {
    const result = redactSecrets(`before\n${key}\nafter`);
    expect(result.text).toMatch(/^before\n"?\[REDACTED:private-key\]"?\nafter$/);
  });

  it('redacts a private key cut off before its END line to the end of the text', () => {
    const result = redactSecrets(
      'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2\nmore',
    );
    expect(result.text).toBe('key:\n[REDACTED:private-key]');
  });

  it('counts several secrets of several kinds in one text', () => {
    const text = [
      PRIVATE_KEY,
      `AWS_ACCESS_KEY_ID=${AWS_ID}`,
      `aws_secret_access_key = ${AWS_SECRET}`,
      `other = "${AWS_ID.replace('EXAMPLE', 'EXAMPLF')}"`,
      `token = "${GHP}"`,
      'password = "one"',
      'password: "two"',
    ].join('\n');
    const result = redactSecrets(text);
    expect(result.found).toEqual([
      { kind: 'private-key', count: 1 },
      { kind: 'aws-secret-key', count: 1 },
      { kind: 'aws-access-key', count: 2 },
      { kind: 'github-token', count: 1 },
      { kind: 'password', count: 2 },
    ]);
    for (const secret of [AWS_ID, AWS_SECRET, GHP, '"one"', '"two"', 'MIIE']) {
      expect(result.text).not.toContain(secret);
    }
    // The name keeps its placeholder from the specific rule, not a second generic one.
    expect(result.text).toContain('token = "[REDACTED:github-token]"');
  });

  it('gives stable placeholders: the same secret kind always reads the same, and redacting twice changes nothing', () => {
    const text = `a = "${GHP}"\nb = "${GHP.replace('0', '9')}"\npassword = "x1"`;
    const once = redactSecrets(text);
    expect(once.text).toBe(
      'a = "[REDACTED:github-token]"\nb = "[REDACTED:github-token]"\npassword = "[REDACTED:password]"',
    );
    expect(redactSecrets(text)).toEqual(once);
    const twice = redactSecrets(once.text);
    expect(twice.text).toBe(once.text);
    expect(twice.found).toEqual([]);
  });

  it.each([
    'def get_token():\n    return self._token',
    'token = next_token()',
    'password_field = form.password',
    'password = form.password',
    'token = self.token',
    'password = None',
    'token = null;',
    'api_key = os.environ["API_KEY"]',
    'API_KEY = settings.API_KEY',
    'if password == "hunter2":',
    'if (token === "abc") {',
    'if token != "abc":',
    'password: string;',
    '  token: str',
    '  password?: string',
    'interface Creds {\n  token: Token\n}',
    'max_tokens = 1024',
    'max_token = 512',
    'token_type = "bearer"',
    'TOKEN_HEADER = "X-Auth-Token"',
    '<input type="password" name="password">',
    'password = ""',
    `DB_PASSWORD=\${DB_PASSWORD}`,
    `password: \${{ secrets.DB_PASSWORD }}`,
    'token = tok',
    'connect(\n  password=pw,\n)',
    'const spinner = "sk-spinner-container-large";',
    'let task = "task-0123456789abcdefghij";',
    'The token: a short-lived credential.',
    'for token in tokens:',
    'return {"token": token, "expires": 30}',
    'git clone https://github.com/a/b.git',
    `fetch(\`https://api/x?api_key=\${key}\`)`,
    '-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----',
  ])('leaves ordinary code alone: %s', (text) => {
    const result = redactSecrets(text);
    expect(result.text).toBe(text);
    expect(result.found).toEqual([]);
  });
});
