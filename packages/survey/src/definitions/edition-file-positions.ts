import { isMap, isNode, isScalar, type Document, type LineCounter } from 'yaml';
import type { z } from 'zod';
import type { EditionFileIssue } from './edition-file-error.ts';
import type { DerivedEditionFile, FormFile, FullEditionFile } from './edition-file.schema.ts';
import type { EditionSource } from './edition-loader.ts';

// Where things are written in an edition file: offsets of YAML nodes as file, line and column, and a map from the
// objects parsed out of a file back to the path they were written at.

export type Path = ReadonlyArray<string | number>;

export interface ParsedFile {
  source: EditionSource;
  doc: Document;
  lines: LineCounter;
}

/** Where an object of an edition file was written. */
export interface Origin {
  parsed: ParsedFile;
  path: Path;
}

export function positionOf(parsed: ParsedFile, offset: number): Omit<EditionFileIssue, 'message'> {
  const { line, col } = parsed.lines.linePos(offset);
  return { file: parsed.source.file, line, column: col };
}

/** The deepest node on the path that exists; with `key`, the key of that name in the map at the path. */
export function nodeOffset(parsed: ParsedFile, path: Path, key?: string): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const found: unknown = depth === 0 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, depth), true);
    if (!isNode(found) || !found.range) continue;
    const node = found;
    const range = found.range;
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    return range[0];
  }
  return 0;
}

/** The file offset of a character of a scalar's value (a rule's formula), following the scalar's quoting. */
export function scalarOffset(parsed: ParsedFile, path: Path, offset: number): number {
  const node = parsed.doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return nodeOffset(parsed, path);
  const start = node.range[0];
  const text = parsed.source.text;
  switch (node.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return start + 1 + offset;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      let at = text.indexOf('\n', start) + 1;
      const indent = /^ */.exec(text.slice(at))![0].length;
      const value = String(node.value);
      const lineIndex = value.slice(0, offset).split('\n').length - 1;
      for (let i = 0; i < lineIndex; i++) at = text.indexOf('\n', at) + 1;
      return at + indent + offset - (value.lastIndexOf('\n', offset - 1) + 1);
    }
    default:
      return start + offset;
  }
}

export function issueAt(parsed: ParsedFile, path: Path, message: string, key?: string): EditionFileIssue {
  return { ...positionOf(parsed, nodeOffset(parsed, path, key)), message };
}

type ZodIssue = z.core.$ZodIssue;

/** Zod's issues as file issues; of a union's branches, the one that came closest. */
export function schemaIssues(
  parsed: ParsedFile,
  issues: readonly ZodIssue[],
  prefix: Path = [],
): EditionFileIssue[] {
  return issues.flatMap((issue): EditionFileIssue[] => {
    const path = [...prefix, ...(issue.path as Array<string | number>)];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
      return schemaIssues(parsed, closest, path);
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => issueAt(parsed, path, `未知的字段“${key}”`, key));
    }
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    return [issueAt(parsed, path, `${where}${issue.message}`)];
  });
}

export class OriginMap {
  private readonly origins = new WeakMap<object, Origin>();

  /** Remembers where the parts of a parsed file were written, so problems found later can point there. */
  register(parsed: ParsedFile, file: FullEditionFile | DerivedEditionFile): void {
    const set = (value: object, path: Path) => this.origins.set(value, { parsed, path });
    set(file, []);
    const registerForms = (forms: FormFile[], at: Path) =>
      forms.forEach((form, i) => {
        set(form, [...at, i]);
        form.rows?.forEach((row, j) => set(row, [...at, i, 'rows', j]));
        form.grid?.rows.forEach((row, j) => set(row, [...at, i, 'grid', 'rows', j]));
      });
    const registerList = (items: readonly object[] | undefined, at: Path) =>
      items?.forEach((item, i) => set(item, [...at, i]));
    if ('basedOn' in file) {
      const { changes } = file;
      registerList(changes.parameters, ['changes', 'parameters']);
      registerList(changes.codeLists, ['changes', 'codeLists']);
      registerList(changes.rules, ['changes', 'rules']);
      registerForms(changes.forms ?? [], ['changes', 'forms']);
      changes.formChanges?.forEach((change, i) => {
        set(change, ['changes', 'formChanges', i]);
        change.rows?.forEach((row, j) => set(row, ['changes', 'formChanges', i, 'rows', j]));
      });
    } else {
      registerList(file.parameters, ['parameters']);
      registerList(file.codeLists, ['codeLists']);
      registerList(file.rules, ['rules']);
      registerForms(file.forms, ['forms']);
    }
  }

  /** Gives an object built from another the other's origin. */
  alias(value: object, from: object): void {
    this.origins.set(value, this.get(from));
  }

  get(value: object): Origin {
    return this.origins.get(value)!;
  }

  issue(value: object, message: string, field?: string): EditionFileIssue {
    const origin = this.get(value);
    return issueAt(origin.parsed, field === undefined ? origin.path : [...origin.path, field], message);
  }
}
