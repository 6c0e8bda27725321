#!/usr/bin/env node
/**
 * The Node side of the pre-commit hook, without commander or any command but this one: a
 * `git commit` waits for every module loaded here. `hooks/hearth-hook` runs it when it exists,
 * else `main.js hook pre-commit`.
 */
import { runHook } from './commands/hook.js';

await runHook(process.argv[2] ?? '', []);
