import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/router/secrets.js';

/**
 * Reviews send diffs: a secret must be redacted wherever it stands, on an added, removed or
 * context line (after its `+`, `-` or ` ` marker) and in a whole file given as context.
 */

// [what, the line as a file has it, the secret in it, the kind it is redacted as]
const SAMPLES: Array<[string, string, string, string]> = [
  ['a .env password', 'password=Tr0ub4dor&3x', 'Tr0ub4dor&3x', 'password'],
  ['an exported API key', 'export API_KEY=9f8e7d6c5b4a3921', '9f8e7d6c5b4a3921', 'api-key'],
  ['a DB_PASSWORD', 'DB_PASSWORD=s3cr3t-Passw0rd', 's3cr3t-Passw0rd', 'password'],
  ['a YAML password', '  password: Sup3rS3cret!', 'Sup3rS3cret!', 'password'],
  ['a YAML token', '  token: ghx8Kd93kDk39dkLsQ', 'ghx8Kd93kDk39dkLsQ', 'token'],
  [
    'a JWT',
    'const session = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";',
    'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    'jwt',
  ],
  [
    'an Authorization header',
    "curl -H 'Authorization: Bearer 8aF3kL0pQz9xWv2Rt7Yb.Mn4' https://api.example.com",
    '8aF3kL0pQz9xWv2Rt7Yb',
    'bearer-token',
  ],
  [
    'a Stripe secret key',
    'stripe.api_key = os.environ.get("X", "sk_live_51HqLyjWDarjtT1zdp7dcA9b")',
    'sk_live_51HqLyjWDarjtT1zdp7dcA9b',
    'stripe-key',
  ],
  [
    'a Stripe restricted key',
    'STRIPE = "rk_live_51HqLyjWDarjtT1zdp7dcQ2w"',
    'rk_live_51HqLyjWDarjtT1zdp7dcQ2w',
    'stripe-key',
  ],
  [
    'a SendGrid key',
    'sg = SendGridAPIClient("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")',
    'TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr',
    'sendgrid-key',
  ],
  [
    'a random value in a *_KEY',
    'STRIPE_KEY = "pk9Xv2LmQ8rT4wZ7yB3n"',
    'pk9Xv2LmQ8rT4wZ7yB3n',
    'secret',
  ],
  ['a random MYSQL_PWD', 'MYSQL_PWD=Xk29vLq8Rt5ZwP3m', 'Xk29vLq8Rt5ZwP3m', 'secret'],
  ['a random *_pass', 'db_pass: "Q7wE9rT2yU4iO6pA"', 'Q7wE9rT2yU4iO6pA', 'secret'],
];

/** The sample as each place a review puts it: three diff positions and a whole file. */
function placements(line: string): Array<[string, string]> {
  const hunk = (marked: string) =>
    [
      'diff --git a/app/settings b/app/settings',
      '--- a/app/settings',
      '+++ b/app/settings',
      '@@ -1,3 +1,3 @@',
      ' DEBUG=false',
      marked,
      ' LOG_LEVEL=info',
      '',
    ].join('\n');
  return [
    ['added', hunk(`+${line}`)],
    ['removed', hunk(`-${line}`)],
    ['context', hunk(` ${line}`)],
    ['whole file', `# settings\nDEBUG=false\n${line}\nLOG_LEVEL=info\n`],
  ];
}

const CASES = SAMPLES.flatMap(([what, line, secret, kind]) =>
  placements(line).map(([where, text]): [string, string, string, string] => [
    `${what}, ${where}`,
    text,
    secret,
    kind,
  ]),
);

describe('secrets in every place a review sends them', () => {
  it.each(CASES)('%s', (_, text, secret, kind) => {
    const { text: sent, found } = redactSecrets(text);
    expect(sent).not.toContain(secret);
    expect(found.map((f) => f.kind)).toContain(kind);
    // The diff stays a diff: each line keeps its marker and the lines around it are untouched.
    expect(sent.split('\n').map((l) => l[0])).toEqual(text.split('\n').map((l) => l[0]));
    expect(sent).toContain('DEBUG=false');
    expect(sent).toContain('LOG_LEVEL=info');
  });

  it.each([
    ['a sort key', 'sort_key = "name"'],
    ['a short key', 'cache_key = "user-42"'],
    ['a word password field', '+  password_field: hidden'],
    ['a token read from code', '+    token = next_token(stream)'],
    ['a type annotation', '+  password: string;'],
  ])('leaves %s alone', (_, text) => {
    expect(redactSecrets(text).text).toBe(text);
  });
});
