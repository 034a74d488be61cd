import type { Span } from './rule-ast.ts';

export interface SourcePosition {
  /** 0-based offset into the rule text. */
  offset: number;
  /** 1-based line and column. */
  line: number;
  column: number;
}

/** Line and column of an offset, for messages a rule author can act on. */
function positionOf(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** A problem in a rule's text, located at a span of it. */
export class RuleError extends Error {
  readonly position: SourcePosition;
  readonly span: Span;
  readonly reason: string;
  readonly source: string;

  constructor(reason: string, source: string, span: Span) {
    const position = positionOf(source, span.start);
    super(`第${position.line}行第${position.column}列: ${reason}`);
    this.name = new.target.name;
    this.reason = reason;
    this.source = source;
    this.span = span;
    this.position = position;
  }

  /** The message with the offending line and a caret under the place. */
  toDisplayString(): string {
    const lineText = this.source.split('\n')[this.position.line - 1] ?? '';
    const width = Math.max(1, Math.min(this.span.end, this.source.length) - this.span.start);
    return `${this.message}\n  ${lineText}\n  ${' '.repeat(this.position.column - 1)}${'^'.repeat(width)}`;
  }
}

/** The text does not follow the rule grammar. */
export class RuleSyntaxError extends RuleError {}

/** The text parses but names something unknown or mixes types. */
export class RuleCompileError extends RuleError {}
