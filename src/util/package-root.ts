import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** hearth's install folder (where `hooks/`, `systemd/` and `launchd/` are). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The CLI's entry beside this build (`dist/cli/main.js`): what services and hooks run. */
export const CLI_PATH = fileURLToPath(new URL('../cli/main.js', import.meta.url));
