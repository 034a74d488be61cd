import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditFiling } from '../audit/audit-filing.ts';
import { getEdition } from '../definitions/editions.ts';
import { FilingFormatError, parseFilingDocument } from '../interchange/filing-document.ts';
import { createSampleFiling } from '../sample/sample-filing.ts';
import { readFilingFile, UnreadableFileError } from './filing-readers.ts';
import { runCli } from './run-cli.ts';

/**
 * Property-based fuzzing of the JSON importer behind `zhibao audit`: whatever the file holds, the CLI
 * reads it into a document or names every place at fault, and never crashes.
 */

const edition = getEdition('2021');

const validDocuments = (['year', 'month'] as const).map((periodType) => ({
  format: 'zhibao-filing',
  version: 1,
  periodType,
  period: periodType === 'year' ? '2023' : '2024-05',
  forms: createSampleFiling(edition, { periodType, seed: 3, monthIndex: 5 }),
}));

const weirdValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1e308, '', 'abc', '１２３', '1,000', [], {}, '<script>'),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A valid document with one value somewhere replaced, removed, or given a prototype-polluting key. */
const mutatedDocument = fc
  .tuple(
    fc.constantFrom(...validDocuments),
    fc.nat(),
    fc.constantFrom('replace', 'delete', 'pollute'),
    weirdValue,
  )
  .map(([document, pick, action, replacement]) => {
    const copy = structuredClone(document) as Record<string, unknown>;
    const holders: Array<Record<string, unknown>> = [copy];
    for (const form of Object.values(copy.forms as Record<string, unknown>)) {
      holders.push(form as Record<string, unknown>);
    }
    const holder = holders[pick % holders.length]!;
    const keys = Object.keys(holder);
    const key = keys[pick % keys.length]!;
    if (action === 'replace') holder[key] = replacement;
    else if (action === 'delete') delete holder[key];
    else Object.defineProperty(holder, '__proto__', { value: { polluted: 1 }, enumerable: true });
    return copy;
  });

const anyJson = fc.oneof(mutatedDocument, fc.jsonValue({ maxDepth: 4 }));

function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

describe('fuzzing the filing file importer of the CLI', () => {
  it('reads any bytes into JSON or says the file is not valid JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        try {
          await readFilingFile('filing.json', bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(UnreadableFileError);
          expect((error as Error).message).toMatch(/^filing\.json不是有效的JSON/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('says which bytes are not a workbook of the official layout', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await expect(readFilingFile('filing.xlsx', bytes)).rejects.toThrow(
          /^filing\.xlsx不是有效的\.xlsx文件/,
        );
      }),
      { numRuns: 50 },
    );
  });

  it('accepts a document or names every place at fault, and audits whatever it accepts', () => {
    fc.assert(
      fc.property(anyJson, (json) => {
        let parsed: ReturnType<typeof parseFilingDocument>;
        try {
          parsed = parseFilingDocument(json);
        } catch (error) {
          expect(error).toBeInstanceOf(FilingFormatError);
          const issues = (error as FilingFormatError).issues;
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) {
            expect(issue.path.length).toBeGreaterThan(0);
            expect(issue.message.length).toBeGreaterThan(0);
          }
          return;
        }
        const result = auditFiling(parsed.edition, parsed.input);
        for (const finding of result.findings) expect(finding.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 400, seed: 20261123 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('runs `zhibao audit` on any file to an exit code, printing why when it cannot', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson.map(encode),
          fc.uint8Array({ maxLength: 200 }),
          fc.string({ maxLength: 80 }).map((text) => new TextEncoder().encode(text)),
        ),
        fc.boolean(),
        async (bytes, asJson) => {
          let stdout = '';
          let stderr = '';
          const code = await runCli(['audit', 'filing.json', ...(asJson ? ['--json'] : [])], {
            readFile: async () => bytes,
            stdout: (text) => (stdout += text),
            stderr: (text) => (stderr += text),
          });
          expect([0, 1, 2, 3]).toContain(code);
          if (code === 3) expect(stderr.length).toBeGreaterThan(0);
          else expect(stdout.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200, seed: 20261123 },
    );
  });
});
