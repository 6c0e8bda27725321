/** A result or a refusal with a reason a person can read (logged when something is dropped). */
export type Checked<T> = ({ ok: true } & T) | { ok: false; reason: string };
