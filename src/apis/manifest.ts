/**
 * Multi-document YAML manifests parsed with their source positions, so every
 * problem can name the file and the line of the offending field. A YAML
 * syntax error becomes a problem with its line, never an exception.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { PathSegment, Problem, RawProblem } from './problem.js';
import { formatPath } from './problem.js';

/** A 1-based line and column in a source file. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One YAML document of a manifest file, as plain data plus a way to find fields in the source. */
export interface ManifestDocument {
  readonly file: string;
  /** 0-based index of the document in its file. */
  readonly index: number;
  readonly value: unknown;
  /** The position of the field at `at`, or of its nearest ancestor present in the source. */
  locate(at: readonly PathSegment[]): SourcePosition;
}

/** The documents of one file and the syntax problems that stopped others from parsing. */
export interface ParsedManifests {
  readonly documents: ManifestDocument[];
  readonly problems: Problem[];
}

type ParsedDocument = Document.Parsed;

function keyMatches(key: unknown, segment: PathSegment): boolean {
  return isScalar(key) ? String(key.value) === String(segment) : false;
}

function startOf(node: unknown): number | undefined {
  return (node as YamlNode | null)?.range?.[0];
}

function childOf(node: unknown, segment: PathSegment, doc: ParsedDocument): { node: unknown; offset?: number } | undefined {
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(resolved)) {
    const pair = resolved.items.find((item) => keyMatches(item.key, segment));
    return pair === undefined ? undefined : { node: pair.value, offset: startOf(pair.key) };
  }
  if (isSeq(resolved) && typeof segment === 'number') {
    const item = resolved.items[segment];
    return item === undefined ? undefined : { node: item, offset: startOf(item) };
  }
  return undefined;
}

function locator(doc: ParsedDocument, lines: LineCounter): (at: readonly PathSegment[]) => SourcePosition {
  return (at) => {
    let node: unknown = doc.contents;
    let offset = startOf(doc.contents) ?? doc.range[0];
    for (const segment of at) {
      const next = childOf(node, segment, doc);
      if (next === undefined) break;
      node = next.node;
      offset = next.offset ?? offset;
    }
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
}

function syntaxProblem(file: string, message: string, position: SourcePosition | undefined): Problem {
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { severity: 'error', code: 'yaml-syntax', path: '', message: `YAML syntax error: ${firstLine}`, file, ...position };
}

/** Parses every document of `text` (the content of `file`); empty documents are skipped. */
export function parseManifests(text: string, file: string): ParsedManifests {
  const lines = new LineCounter();
  const documents: ManifestDocument[] = [];
  const problems: Problem[] = [];
  parseAllDocuments(text, { lineCounter: lines, prettyErrors: false }).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const position = lines.linePos(error.pos[0]);
        problems.push(syntaxProblem(file, error.message, { line: position.line, column: position.col }));
      }
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      problems.push(syntaxProblem(file, error instanceof Error ? error.message : String(error), locator(doc, lines)([])));
      return;
    }
    documents.push({ file, index, value, locate: locator(doc, lines) });
  });
  return { documents, problems };
}

/** Turns validator problems into located problems of `document`, naming its kind and name. */
export function locateProblems(
  raw: readonly RawProblem[],
  document: ManifestDocument,
  object?: { kind?: string; name?: string },
): Problem[] {
  return raw.map((problem) => {
    const { line, column } = document.locate(problem.at);
    const located: Problem = {
      severity: problem.severity,
      code: problem.code,
      path: formatPath(problem.at),
      message: problem.message,
      ...(problem.hint === undefined ? {} : { hint: problem.hint }),
      file: document.file,
      line,
      column,
      ...(object?.kind === undefined ? {} : { kind: object.kind }),
      ...(object?.name === undefined ? {} : { name: object.name }),
    };
    return located;
  });
}
