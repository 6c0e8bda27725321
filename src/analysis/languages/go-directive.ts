/**
 * `//go:generate`, `//line`, `//export`, `//nolint` or `//nolint:x`: Go tool directives, not
 * documentation. The extractor leaves them out of docs, and a doc is written above them.
 */
export const GO_DIRECTIVE = /^[ \t]*\/\/(line |extern |export |nolint\b|[a-z0-9]+:[a-z0-9])/;
