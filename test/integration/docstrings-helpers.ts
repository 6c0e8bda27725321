import { execFileSync } from 'node:child_process';
import { cleanup, gitTestEnv } from '../helpers/hearth.js';
import {
  type ModelServer,
  type RecordedRequest,
  startModelServer,
} from '../helpers/model-server.js';

/** Shared by the docstring test files: a documenting model, its environment, a Python module. */

/** Started model servers; `afterDocstringTest` stops them. */
export const servers: ModelServer[] = [];

/** Every docstring test file's afterEach: the servers stopped, the daemons and temp folders gone. */
export async function afterDocstringTest(): Promise<void> {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
}

export const CALC = `"""Small arithmetic helpers."""


def mul(a, b):
    """Multiply two numbers.

    Args:
        a: The first factor.
        b: The second factor.

    Returns:
        The product.
    """
    return a * b
`;

export const ADD = `

def add(a, b): return a + b
`;

/** The user message of a chat request: the prompt hearth built. */
export function promptOf(request: RecordedRequest): string {
  const body = request.body as { messages?: Array<{ content: string }> };
  return (body.messages ?? []).map((m) => m.content).join('\n');
}

/** A local model that documents whatever it is asked about with a Google docstring. */
export async function docServer(answer?: (prompt: string) => string): Promise<ModelServer> {
  const server = await startModelServer({
    models: ['doc-model'],
    handler: (request) => ({
      text: answer
        ? answer(promptOf(request))
        : 'Add two numbers.\n\nArgs:\n    a: The first term.\n    b: The second term.\n\nReturns:\n    The sum.',
    }),
  });
  servers.push(server);
  return server;
}

export const env = (server: ModelServer) => ({
  HEARTH_LOCAL_URL: server.url,
  HEARTH_LOCAL_MODEL: 'doc-model',
  HEARTH_WATCH_SETTLE_MS: '100',
});

export function commitAll(repo: string, message = 'change'): void {
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', message], { env: gitTestEnv() });
}

/** Python's own parser, as an independent judge: the module's AST with docstrings removed. */
export function codeShape(file: string): string {
  const script = [
    'import ast, sys',
    'tree = ast.parse(open(sys.argv[1], encoding="utf-8-sig").read())',
    'for node in ast.walk(tree):',
    '    body = getattr(node, "body", None)',
    '    if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):',
    '        node.body = body[1:] or [ast.Pass()]',
    'print(ast.dump(tree))',
  ].join('\n');
  return execFileSync('python3', ['-c', script, file], { encoding: 'utf8' });
}
