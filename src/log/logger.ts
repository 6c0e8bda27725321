import { once } from 'node:events';
import winston from 'winston';
import { redactField } from './redact.js';

export type Logger = winston.Logger;

export interface LoggerOptions {
  file: string;
  level: string;
  maxBytes: number;
  maxFiles: number;
  /** Readable lines on stderr as well, for `hearth daemon` in the foreground. */
  console: boolean;
}

// winston keeps its own fields (level, message) in string keys and its bookkeeping in symbols;
// every string key is redacted, the symbols are left alone.
const redactSecrets = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key !== 'level') info[key] = redactField(key, info[key]);
  }
  return info;
});

const consoleLine = winston.format.printf((info) => {
  const { level, message, timestamp, stack, ...meta } = info;
  const extra = Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : '';
  return `${timestamp} ${level.padEnd(5)} ${message}${extra}${stack ? `\n${stack}` : ''}`;
});

/** JSON lines to a size-rotated file, and readable lines on stderr when asked. Secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const transports: winston.transport[] = [
    new winston.transports.File({
      filename: options.file,
      maxsize: options.maxBytes,
      maxFiles: options.maxFiles,
      tailable: true,
      format: winston.format.json(),
    }),
  ];
  if (options.console) {
    transports.push(
      new winston.transports.Console({
        stderrLevels: ['error', 'warn', 'info', 'debug'],
        format: consoleLine,
      }),
    );
  }
  return winston.createLogger({
    level: options.level,
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      winston.format.timestamp(),
      redactSecrets(),
    ),
    transports,
    exitOnError: false,
  });
}

/** Flushes and closes the logger; resolves when the file has everything written. */
export async function closeLogger(logger: Logger): Promise<void> {
  const finished = once(logger, 'finish');
  logger.end();
  await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
}

/** For a one-shot command: readable lines on stderr at `level` and above, no file. */
export function createConsoleLogger(level: string): Logger {
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), redactSecrets()),
    transports: [
      new winston.transports.Console({
        stderrLevels: ['error', 'warn', 'info', 'debug'],
        format: consoleLine,
      }),
    ],
    exitOnError: false,
  });
}
