/** The cautions schema step 3 gives open docstring suggestions made by an older hearth. */
export const REWRITE_CAUTION = 'rewrites an existing doc (made before hearth kept existing docs)';
export const OLDER_CAUTION =
  'made by an older hearth, before it checked runtime docstrings and directive comments';

/**
 * The suggestions store's schema, one step per version (`util/sqlite.ts` runs each in its own
 * transaction). Append steps, never edit a shipped one.
 */
export const SUGGESTIONS_SCHEMA: readonly string[] = [
  `
  CREATE TABLE suggestions (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    repo TEXT NOT NULL,
    path TEXT NOT NULL,
    symbol TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    base_hash TEXT NOT NULL,
    doc TEXT NOT NULL,
    style TEXT NOT NULL,
    diff TEXT NOT NULL,
    after TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'applied', 'rejected', 'superseded')),
    task_id TEXT,
    note TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX suggestions_file ON suggestions (repo, path, status);
  CREATE TABLE rejections (
    repo TEXT NOT NULL,
    path TEXT NOT NULL,
    symbol TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (repo, path, symbol, body_hash)
  ) STRICT;
  `,
  `
  ALTER TABLE suggestions ADD COLUMN verified INTEGER;
  ALTER TABLE suggestions ADD COLUMN location TEXT NOT NULL DEFAULT '';
  ALTER TABLE suggestions ADD COLUMN payload TEXT;
  `,
  // A docstring patch that removes a line (a hunk line starting with one '-') replaced a doc.
  `
  ALTER TABLE suggestions ADD COLUMN caution TEXT;
  UPDATE suggestions SET caution = CASE
    WHEN diff GLOB '*' || char(10) || '-[^-]*' THEN '${REWRITE_CAUTION}'
    ELSE '${OLDER_CAUTION}' END
    WHERE kind = 'docstring' AND status = 'open';
  `,
  // Each kind's fields under their own names: a fix kept its diagnostic's fingerprint in
  // body_hash, its check in style, its message in doc and its edits in payload. The table is
  // rebuilt (SQLite cannot drop NOT NULL in place); a row of no known kind fails the step, which
  // then changes nothing. Rejections split the same way: a fix's had symbol ''.
  `
  CREATE TABLE suggestions_new (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('docstring', 'fix')),
    repo TEXT NOT NULL,
    path TEXT NOT NULL,
    base_hash TEXT NOT NULL,
    diff TEXT NOT NULL,
    after TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'applied', 'rejected', 'superseded')),
    task_id TEXT,
    note TEXT,
    caution TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    symbol TEXT,
    body_hash TEXT,
    doc TEXT,
    style TEXT,
    fingerprint TEXT,
    check_name TEXT,
    message TEXT,
    location TEXT,
    verified INTEGER,
    edits TEXT,
    CHECK (CASE kind
      WHEN 'docstring' THEN symbol IS NOT NULL AND body_hash IS NOT NULL AND doc IS NOT NULL
        AND style IS NOT NULL
      WHEN 'fix' THEN fingerprint IS NOT NULL AND check_name IS NOT NULL AND message IS NOT NULL
        AND location IS NOT NULL AND verified IN (0, 1) AND edits IS NOT NULL
      ELSE 0 END)
  ) STRICT;
  INSERT INTO suggestions_new (seq, id, kind, repo, path, base_hash, diff, after, status, task_id,
    note, caution, created_at, updated_at, symbol, body_hash, doc, style, fingerprint, check_name,
    message, location, verified, edits)
  SELECT seq, id, kind, repo, path, base_hash, diff, after, status, task_id, note, caution,
    created_at, updated_at,
    CASE kind WHEN 'docstring' THEN symbol END,
    CASE kind WHEN 'docstring' THEN body_hash END,
    CASE kind WHEN 'docstring' THEN doc END,
    CASE kind WHEN 'docstring' THEN style END,
    CASE kind WHEN 'fix' THEN body_hash END,
    CASE kind WHEN 'fix' THEN style END,
    CASE kind WHEN 'fix' THEN doc END,
    CASE kind WHEN 'fix' THEN location END,
    CASE kind WHEN 'fix' THEN coalesce(verified, 0) END,
    CASE kind WHEN 'fix' THEN coalesce(payload, '[]') END
  FROM suggestions;
  DROP TABLE suggestions;
  ALTER TABLE suggestions_new RENAME TO suggestions;
  CREATE INDEX suggestions_file ON suggestions (repo, path, status);
  CREATE TABLE docstring_rejections (
    repo TEXT NOT NULL,
    path TEXT NOT NULL,
    symbol TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (repo, path, symbol, body_hash)
  ) STRICT;
  CREATE TABLE fix_rejections (
    repo TEXT NOT NULL,
    path TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (repo, path, fingerprint)
  ) STRICT;
  INSERT INTO docstring_rejections SELECT repo, path, symbol, body_hash, created_at
    FROM rejections WHERE symbol <> '';
  INSERT INTO fix_rejections SELECT repo, path, body_hash, created_at
    FROM rejections WHERE symbol = '';
  DROP TABLE rejections;
  `,
];
