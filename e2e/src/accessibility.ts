import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core's WCAG 2.0 and 2.1 A and AA rules (GB/T 37668 follows WCAG 2.0 AA), run in the page as it is shown.
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Waits until the page has loaded its data (no spinner), then answers every WCAG A/AA violation axe finds. */
export async function findAccessibilityViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  // A table or card still loading is drawn faded under its spinner: judge the page once it has its data.
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-spin-blur'));
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, { runOnly: { type: 'tag', values: tags } })) as {
      violations: AxeViolation[];
    };
    return result.violations;
  }, wcagTags);
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.help}) at ${node.target.join(' ')}: ${node.failureSummary ?? ''}`,
    ),
  );
}
