import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The Chinese messages the server can answer with, found in its source: every Chinese string or template literal
 * passed to AppError or notFound, given as a zod message (`message:` / `error:` or the message argument of a
 * check such as .min/.max/.regex/.refine), or as the `reason` / `detail` of a refusal. A template literal is keyed
 * with `{}` where it interpolates. Used by the test that holds the English catalogue complete.
 */

const han = /\p{Script=Han}/u;
const zodChecks = new Set([
  'min',
  'max',
  'length',
  'regex',
  'refine',
  'superRefine',
  'email',
  'url',
  'int',
  'positive',
  'nonnegative',
  'startsWith',
  'endsWith',
  'includes',
  'gte',
  'lte',
  'gt',
  'lt',
  'multipleOf',
  'uuid',
]);
/** Zod checks whose message may come first: z.string('…'), .uuid('…'), .int('…'). */
const zodFirstArgumentMessages = new Set(['string', 'number', 'uuid', 'int', 'email', 'url', 'boolean']);
/**
 * The project's own functions that take a message, or a field's name that a message is built around: the
 * transition table's refuse(), the access checks' "what", the schema helpers text('联系地址') and the like.
 */
const messageFunctions = new Set([
  'notFound',
  'refuse',
  'conflict',
  'assertCanAccessEnterprise',
  'assertOwnsAccountData',
  'checkEighteen',
  'text',
  'optionalText',
  'date',
  'number',
  'flag',
]);
const messageProperties = new Set(['message', 'error', 'reason', 'detail']);

function keyOf(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  return node.head.text + node.templateSpans.map((span) => `{}${span.literal.text}`).join('');
}

function isMessagePosition(node: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (
      ts.isNewExpression(parent) &&
      parent.expression.getText() === 'AppError' &&
      child !== parent.expression
    )
      return true;
    if (ts.isCallExpression(parent) && child !== parent.expression) {
      const callee = parent.expression;
      if (ts.isIdentifier(callee) && messageFunctions.has(callee.text)) return true;
      const position = parent.arguments.indexOf(child as ts.Expression);
      if (ts.isPropertyAccessExpression(callee) && zodChecks.has(callee.name.text) && position >= 1)
        return true;
      if (ts.isPropertyAccessExpression(callee) && zodFirstArgumentMessages.has(callee.name.text))
        return true;
      if (ts.isPropertyAccessExpression(callee) && ['refine', 'superRefine'].includes(callee.name.text))
        return true;
    }
    if (ts.isPropertyAssignment(parent) && child === parent.initializer) {
      const name = parent.name.getText().replace(/['"]/g, '');
      if (messageProperties.has(name)) return true;
    }
    // A conditional or a binary `??` passes the message on: look further out. Anything else ends the search.
    if (
      !ts.isConditionalExpression(parent) &&
      !ts.isBinaryExpression(parent) &&
      !ts.isParenthesizedExpression(parent) &&
      !ts.isArrayLiteralExpression(parent) &&
      !ts.isObjectLiteralExpression(parent) &&
      !ts.isPropertyAssignment(parent)
    )
      return false;
  }
  return false;
}

export interface FoundMessage {
  key: string;
  file: string;
  line: number;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory())
      return name === 'seed' || name === 'migrations' ? [] : sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('.scan.') ? [full] : [];
  });
}

/** Every Chinese message literal in the given source folders. */
export function scanUiMessages(directories: string[]): FoundMessage[] {
  const found: FoundMessage[] = [];
  for (const file of directories.flatMap(sourceFiles)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    // A message kept in a constant (`const wrongCredentials = '…'`) and passed by name counts as passed.
    const namesPassed = new Set<string>();
    const collectNames = (node: ts.Node) => {
      if (ts.isIdentifier(node) && isMessagePosition(node)) namesPassed.add(node.text);
      ts.forEachChild(node, collectNames);
    };
    collectNames(source);
    const isKeptAsPassedConstant = (node: ts.Node) => {
      let parent = node.parent;
      while (parent && (ts.isConditionalExpression(parent) || ts.isParenthesizedExpression(parent)))
        parent = parent.parent;
      return (
        parent !== undefined &&
        ts.isVariableDeclaration(parent) &&
        ts.isIdentifier(parent.name) &&
        namesPassed.has(parent.name.text)
      );
    };
    const visit = (node: ts.Node) => {
      if (
        (ts.isStringLiteral(node) ||
          ts.isNoSubstitutionTemplateLiteral(node) ||
          ts.isTemplateExpression(node)) &&
        han.test(node.getText()) &&
        (isMessagePosition(node) || isKeptAsPassedConstant(node))
      ) {
        found.push({
          key: keyOf(node),
          file,
          line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
