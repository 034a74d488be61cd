import type { Finding } from '@zhibao/survey';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';

/** A finding stays the same finding while its rule still holds on the same cells, whatever numbers it quotes. */
const identity = (finding: Finding) =>
  `${finding.ruleId}|${finding.severity}|${finding.cells.map((cell) => `${cell.formId}.${cell.key}`).join(',')}`;

/** At most this many changes are read out in words (the worst first); the rest are counted. */
const listedAtMost = 3;

const severityOrder = { error: 0, warning: 1, hint: 2 } as const;
const worstFirst = (a: Finding, b: Finding) => severityOrder[a.severity] - severityOrder[b.severity];

/**
 * What a screen reader is told when the audit changes: the findings that appeared, then those resolved, the
 * worst first, each in its words; beyond a few (an import, a colleague's values) the rest are counted.
 * '' when nothing changed.
 */
export function announcementOf(before: readonly Finding[], after: readonly Finding[], t: TFunction): string {
  const was = new Set(before.map(identity));
  const is = new Set(after.map(identity));
  const appeared = after.filter((finding) => !was.has(identity(finding))).sort(worstFirst);
  const resolved = before.filter((finding) => !is.has(identity(finding))).sort(worstFirst);
  const said = [
    ...appeared.map((finding) =>
      t('filing.announce.appeared', {
        severity: t(`adminWork.review.severity.${finding.severity}`),
        message: finding.message,
      }),
    ),
    ...resolved.map((finding) => t('filing.announce.resolved', { message: finding.message })),
  ];
  const listed = said.slice(0, listedAtMost);
  if (said.length > listedAtMost)
    listed.push(t('filing.announce.more', { count: said.length - listedAtMost }));
  return listed.join(t('filing.cellFindingSeparator'));
}

/** A pause in typing before the audit's changes are told, so that a figure half typed is not read out. */
const settleMs = 700;

/**
 * The text of the audit's polite live region: once typing pauses, the change since the last announcement
 * (findings on opening the form are not announced; the panel lists them).
 */
export function useFindingAnnouncement(findings: readonly Finding[], t: TFunction): string {
  const told = useRef(findings);
  const [text, setText] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      const change = announcementOf(told.current, findings, t);
      told.current = findings;
      if (change) setText(change);
    }, settleMs);
    return () => clearTimeout(timer);
  }, [findings, t]);
  return text;
}
