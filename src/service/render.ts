import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HearthError } from '../errors.js';
import { PACKAGE_ROOT } from '../util/package-root.js';

/** What a service file needs; every path absolute. */
export interface ServiceInput {
  node: string;
  cli: string;
  /** The PATH the daemon runs with. */
  path: string;
  /** HEARTH_HOME at install time, when set. */
  hearthHome?: string;
  /** The user's home folder. */
  home: string;
}

export const LAUNCHD_LABEL = 'dev.hearth.daemon';
export const SYSTEMD_UNIT = 'hearth.service';

// The templates ship beside dist/ (package.json `files`); from src/ or dist/ they are two up.
const TEMPLATES = {
  systemd: path.join(PACKAGE_ROOT, 'systemd', SYSTEMD_UNIT),
  launchd: path.join(PACKAGE_ROOT, 'launchd', `${LAUNCHD_LABEL}.plist`),
} as const;

export function readTemplate(kind: keyof typeof TEMPLATES): string {
  return readFileSync(TEMPLATES[kind], 'utf8');
}

export function renderSystemdUnit(input: ServiceInput): string {
  return fillSystemdUnit(readTemplate('systemd'), input);
}

export function renderLaunchdPlist(input: ServiceInput): string {
  return fillLaunchdPlist(readTemplate('launchd'), input);
}

/** Fills the systemd template. Pure. */
export function fillSystemdUnit(template: string, input: ServiceInput): string {
  checkInput(input);
  const home = input.hearthHome;
  return fillTemplate(template, {
    NODE: quoteExecPath(input.node),
    CLI: quoteExecArg(input.cli),
    PATH_ENV: quoteAssignment('PATH', input.path),
    HEARTH_HOME_LINE: home ? `Environment=${quoteAssignment('HEARTH_HOME', home)}` : null,
  });
}

/** Fills the launchd template. Pure. */
export function fillLaunchdPlist(template: string, input: ServiceInput): string {
  checkInput(input);
  const home = input.hearthHome;
  return fillTemplate(template, {
    NODE: escapeXml(input.node),
    CLI: escapeXml(input.cli),
    PATH: escapeXml(input.path),
    LOG_DIR: escapeXml(path.join(input.home, 'Library', 'Logs', 'hearth')),
    HEARTH_HOME_ENTRY: home
      ? `    <key>HEARTH_HOME</key>\n    <string>${escapeXml(home)}</string>`
      : null,
  });
}

/**
 * Replaces each `{{NAME}}`; a null value removes the placeholder's whole line. An unknown
 * placeholder is an error, so a template edit cannot ship a literal `{{...}}`.
 */
export function fillTemplate(template: string, values: Record<string, string | null>): string {
  return template
    .replace(/^\{\{(\w+)\}\}\n/gm, (_line, name: string) =>
      values[name] === null ? '' : `${lookup(values, name)}\n`,
    )
    .replace(/\{\{(\w+)\}\}/g, (_match, name: string) => lookup(values, name));
}

function lookup(values: Record<string, string | null>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string') {
    throw new HearthError('service-template', `the service template has an unknown {{${name}}}`);
  }
  return value;
}

/** Escapes the five XML specials, so any path is safe inside `<string>`. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * The ExecStart binary: `%` doubled, quoted when not plain. systemd expands no `$` there and
 * refuses a binary path holding a quote or a backslash, so such a path is an error here.
 */
export function quoteExecPath(value: string): string {
  if (/["'\\]/.test(value)) {
    throw new HearthError(
      'service-bad-path',
      `systemd cannot start a program whose path holds a quote or a backslash: ${value}`,
    );
  }
  return quoteSystemdWord(escapeSpecifiers(value));
}

/** One ExecStart argument: `%` and `$` doubled (specifiers, variables), quoted when not plain. */
export function quoteExecArg(value: string): string {
  return quoteSystemdWord(escapeSpecifiers(value).replace(/\$/g, '$$$$'));
}

/** A whole `NAME=value` Environment= word; systemd does not expand `$` there. */
export function quoteAssignment(name: string, value: string): string {
  return quoteSystemdWord(`${name}=${escapeSpecifiers(value)}`);
}

function escapeSpecifiers(value: string): string {
  return value.replace(/%/g, '%%');
}

// systemd splits on whitespace and unescapes C escapes, inside quotes and out.
function quoteSystemdWord(word: string): string {
  if (/^[\w@%+=:,./$-]+$/.test(word)) return word;
  return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// Neither format can carry these; a path holding one is refused rather than mangled.
function checkInput(input: ServiceInput): void {
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined && /[\n\r\0]/.test(value)) {
      throw new HearthError('service-bad-path', `the ${key} path holds a line break: ${value}`);
    }
  }
  for (const key of ['node', 'cli', 'home'] as const) {
    if (!path.isAbsolute(input[key])) {
      throw new HearthError('service-bad-path', `the ${key} path is not absolute: ${input[key]}`);
    }
  }
}
