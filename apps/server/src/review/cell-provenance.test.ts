import type { CellDefinition } from '@zhibao/survey';
import { describe, expect, it } from 'vitest';
import { cellProvenanceOf, type ReturnOfFiling, type RevisionOfFiling } from './cell-provenance.ts';

const cell = (key: string, isComputed = false) =>
  ({ formId: 'monthly', key, label: key, name: `指标${key}`, isComputed }) as CellDefinition;
const at = (day: number) => new Date(`2026-08-${String(day).padStart(2, '0')}T08:00:00Z`);

const revisions: RevisionOfFiling[] = [
  { revisionNo: 1, values: { monthly: { '2010': 1000, '2021': 300 } }, explanations: {}, submittedAt: at(1) },
  { revisionNo: 2, values: { monthly: { '2010': 100, '2021': 300 } }, explanations: {}, submittedAt: at(3) },
];
const queried: ReturnOfFiling = {
  level: 'county',
  reason: '请核实：主营业务收入',
  cellComments: [{ formId: 'monthly', key: '2010', comment: '请核实。本月增量偏高' }],
  revisionNo: 1,
  decidedAt: at(2),
};

describe('cellProvenanceOf', () => {
  it('calls a value changed by a later submission corrected, answering the return decided before it', () => {
    const [revenue, software] = cellProvenanceOf(
      [cell('2010'), cell('2021'), cell('2020', true)],
      revisions,
      [queried],
    );
    expect(revenue).toMatchObject({
      key: '2010',
      source: 'corrected',
      history: [
        { revisionNo: 1, value: 1000 },
        { revisionNo: 2, value: 100 },
      ],
      answered: { level: 'county', reason: '请核实：主营业务收入', comment: '请核实。本月增量偏高' },
    });
    expect(software).toMatchObject({ key: '2021', source: 'reported', answered: null });
  });

  it('leaves out computed and blank cells, and a filing never submitted has none', () => {
    expect(
      cellProvenanceOf([cell('2020', true), cell('2090')], revisions, []).map((found) => found.key),
    ).toEqual([]);
    expect(cellProvenanceOf([cell('2010')], [], [])).toEqual([]);
  });

  it('calls a value asked about and submitted again unchanged with an answer explained, apart from a correction', () => {
    const confirmed: RevisionOfFiling = {
      revisionNo: 2,
      values: { monthly: { '2010': 1000, '2021': 300 } },
      explanations: { 'answer:monthly.2010': '本月确认一笔大额项目收入' },
      submittedAt: at(3),
    };
    const [revenue, software] = cellProvenanceOf(
      [cell('2010'), cell('2021')],
      [revisions[0]!, confirmed],
      [queried],
    );
    expect(revenue).toMatchObject({
      source: 'explained',
      history: [{ revisionNo: 1, value: 1000 }],
      explanation: '本月确认一笔大额项目收入',
      answered: { reason: '请核实：主营业务收入', comment: '请核实。本月增量偏高' },
    });
    expect(software).toMatchObject({ source: 'reported', explanation: null, answered: null });
  });

  it('records a correction without a return before it (取消上报, 更正申请) with nothing answered', () => {
    const [revenue] = cellProvenanceOf([cell('2010')], revisions, []);
    expect(revenue).toMatchObject({ source: 'corrected', answered: null });
  });
});
