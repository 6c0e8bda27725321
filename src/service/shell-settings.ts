import { CONFIG_KEYS, envVarName } from '../config/schema.js';
import { quoteSh } from './hook-script.js';

/**
 * Settings the current shell gives hearth through environment variables, which a service
 * started by systemd or launchd will not have. hearth never copies them into the service file
 * (an API key there is readable by anything that reads your unit folder): it says which ones,
 * and the `hearth config set` that keeps each for the service. Pure.
 */
export function describeShellOnlySettings(env: NodeJS.ProcessEnv): string[] {
  const lines: string[] = [];
  for (const def of CONFIG_KEYS) {
    const variable = [envVarName(def.key), ...(def.envAliases ?? [])].find((name) => env[name]);
    if (!variable) continue;
    const value = def.secret ? 'VALUE' : quoteForShell(env[variable] as string);
    lines.push(`  ${variable}: hearth config set ${def.key} ${value}`);
  }
  if (lines.length === 0) return [];
  return ['the service will not see these settings from this shell; to keep them, run:', ...lines];
}

// Plain words as they are; anything else quoted for sh.
function quoteForShell(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : quoteSh(value);
}
