import type { Frame } from './cell-space.ts';
import { compileFormula, type CompileEnvironment, type CompileOptions } from './rule-compiler.ts';
import { RuleCompileError, RuleError, RuleSyntaxError } from './rule-errors.ts';

// A rule's message is zh-CN text with placeholders: {expression} is evaluated when the rule fails, and
// {@key}, {@name}, {@group}, {@table} name the row or cell a templated rule was instantiated for.

export interface CompiledMessage {
  render: (frame: Frame) => string;
  reads: number[];
}

/** Shows a number as the forms do: at most two decimals, no trailing zeros; '—' when not computable. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  // Beyond 10^15 cents are meaningless and value × 100 may overflow: show the number as it is (1e+308).
  if (Math.abs(value) >= 1e15) return String(value);
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

function bindingValue(name: string, options: CompileOptions, template: string, start: number): string {
  const binding = options.binding;
  const fields = { key: binding?.label, name: binding?.name, group: binding?.group, table: binding?.table };
  const value = Object.hasOwn(fields, name) ? fields[name as keyof typeof fields] : undefined;
  if (value === undefined) {
    const reason = binding ? `未知的占位符“{@${name}}”` : `“{@${name}}”只能用于逐行或逐项的规则`;
    throw new RuleCompileError(reason, template, { start, end: start + name.length + 1 });
  }
  return value;
}

/** Compiles a message template; placeholders are checked now so a bad one fails when the edition loads. */
export function compileMessage(
  template: string,
  env: CompileEnvironment,
  options: CompileOptions,
): CompiledMessage {
  const parts: Array<string | ((frame: Frame) => string)> = [];
  const reads = new Set<number>();
  let position = 0;
  while (position < template.length) {
    const open = template.indexOf('{', position);
    if (open < 0) break;
    const close = template.indexOf('}', open);
    if (close < 0)
      throw new RuleSyntaxError('占位符缺少“}”', template, { start: open, end: template.length });
    parts.push(template.slice(position, open));
    const body = template.slice(open + 1, close);
    if (body.startsWith('@')) {
      parts.push(bindingValue(body.slice(1), options, template, open + 1));
    } else {
      parts.push(compilePlaceholder(body, env, options, template, open + 1, reads));
    }
    position = close + 1;
  }
  parts.push(template.slice(position));
  return {
    render: (frame) => parts.map((part) => (typeof part === 'string' ? part : part(frame))).join(''),
    reads: [...reads],
  };
}

function compilePlaceholder(
  body: string,
  env: CompileEnvironment,
  options: CompileOptions,
  template: string,
  offset: number,
  reads: Set<number>,
): (frame: Frame) => string {
  try {
    const compiled = compileFormula(body, env, options);
    for (const slot of compiled.reads) reads.add(slot);
    const value = compiled.value;
    switch (value.type) {
      case 'number':
        return (frame) => formatNumber(value.fn(frame));
      case 'string':
        return value.fn;
      case 'boolean':
        return (frame) => (value.fn(frame) ? '是' : '否');
    }
  } catch (error) {
    // Report the place in the whole message, not in the placeholder alone.
    if (!(error instanceof RuleError)) throw error;
    const ErrorClass = error instanceof RuleSyntaxError ? RuleSyntaxError : RuleCompileError;
    throw new ErrorClass(error.reason, template, {
      start: error.span.start + offset,
      end: error.span.end + offset,
    });
  }
}
