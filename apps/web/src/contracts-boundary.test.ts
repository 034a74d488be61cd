import { describe, expect, it } from 'vitest';

// The web app knows the server only through the HTTP API and its contracts (@zhibao/contracts); the contracts
// run in the browser, so they import nothing but zod, the survey package and each other.

const webSources = import.meta.glob<string>(['./**/*.{ts,tsx}', '!./**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const contractSources = import.meta.glob<string>('../../../packages/contracts/src/**/*.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const specifierPattern =
  /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g;

/** The module specifiers a source file imports or re-exports from. */
function specifiersOf(source: string): string[] {
  return [...source.matchAll(specifierPattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

/** Where a relative specifier of `file` (a path under `root`, e.g. `./api/admin.api.ts`) points, repository-relative. */
function resolve(root: string, file: string, specifier: string): string {
  const base = new URL(file, `file:///${root}/`);
  return new URL(specifier, base).pathname.slice(1);
}

/** The imports of `files` (path → source, paths relative to `root`) that `isAllowed` refuses. */
function refusedImports(
  root: string,
  files: Record<string, string>,
  isAllowed: (target: string, specifier: string) => boolean,
): string[] {
  return Object.entries(files).flatMap(([file, source]) =>
    specifiersOf(source)
      .map((specifier) => ({
        specifier,
        target: specifier.startsWith('.') ? resolve(root, file, specifier) : specifier,
      }))
      .filter(({ target, specifier }) => !isAllowed(target, specifier))
      .map(({ specifier }) => `${file}: ${specifier}`),
  );
}

const webMayImport = (target: string, specifier: string) =>
  specifier.startsWith('.')
    ? target.startsWith('apps/web/')
    : !specifier.startsWith('@zhibao/') ||
      specifier === '@zhibao/contracts' ||
      specifier === '@zhibao/survey' ||
      specifier === '@zhibao/statistics';

const contractsMayImport = (target: string, specifier: string) =>
  specifier.startsWith('.')
    ? target.startsWith('packages/contracts/src/')
    : specifier === 'zod' ||
      specifier === '@zhibao/survey' ||
      // The zod schema of a rule-switch package: browser-safe, kept out of the survey's main entry.
      specifier === '@zhibao/survey/rule-switch-schema' ||
      specifier === '@zhibao/statistics';

describe('the boundary between the web app and the server', () => {
  it('finds the imports of a file, type-only, re-exports and dynamic ones included', () => {
    const source = [
      "import type { FilingView } from '../../../server/src/filing/filing-view.ts';",
      "export type {\n  ReviewQueueItem,\n} from '../../../server/src/review/review-queue.service.ts';",
      "const page = import('./pages/login-page');",
      "import './styles.css';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(specifiersOf(source)).toEqual([
      '../../../server/src/filing/filing-view.ts',
      '../../../server/src/review/review-queue.service.ts',
      './pages/login-page',
      './styles.css',
      'zod',
    ]);
    expect(
      refusedImports('apps/web/src', { './api/filing.api.ts': source }, webMayImport).map((line) =>
        line.replace(/^[^:]+: /, ''),
      ),
    ).toEqual([
      '../../../server/src/filing/filing-view.ts',
      '../../../server/src/review/review-queue.service.ts',
    ]);
  });

  it('no web file imports from the server: types come from @zhibao/contracts', () => {
    expect(Object.keys(webSources).length).toBeGreaterThan(50);
    expect(refusedImports('apps/web/src', webSources, webMayImport)).toEqual([]);
  });

  it('the contracts import nothing but zod, the survey package and each other (no server or node code)', () => {
    const files = Object.fromEntries(
      Object.entries(contractSources).map(([path, source]) => [
        path.replace('../../../packages/contracts/src/', './'),
        source,
      ]),
    );
    expect(Object.keys(files)).toContain('./index.ts');
    expect(refusedImports('packages/contracts/src', files, contractsMayImport)).toEqual([]);
  });
});
