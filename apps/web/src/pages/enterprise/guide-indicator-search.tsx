import { gridCellKey, type SurveyEdition } from '@zhibao/survey';
import { Input, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface IndicatorEntry {
  key: string;
  tableNo: string;
  code: string;
  name: string;
  unit: string;
  definition: string;
}

/** Every indicator, grid row and grid column of an edition as one searchable list. */
function indicatorEntries(edition: SurveyEdition): IndicatorEntry[] {
  return edition.forms.flatMap((form) => {
    const rows: IndicatorEntry[] = form.rows.flatMap((row) =>
      row.kind === 'indicator'
        ? [
            {
              key: `${form.id}.${row.code}`,
              tableNo: form.tableNo,
              code: row.code,
              name: row.name,
              unit: row.unit ?? '',
              definition: row.definition,
            },
          ]
        : [],
    );
    const grid = form.grid;
    if (!grid) return rows;
    return [
      ...grid.columns.map((column) => ({
        key: `${form.id}.column.${column.code}`,
        tableNo: form.tableNo,
        code: column.shortName,
        name: column.name,
        unit: column.unit,
        definition: column.definition,
      })),
      ...grid.rows.map((row) => ({
        key: `${form.id}.${gridCellKey(row.rowNo, 'row')}`,
        tableNo: form.tableNo,
        code: row.rowNo === 'total' ? '合计' : row.rowNo,
        name: row.name,
        unit: '',
        definition: row.definition,
      })),
    ];
  });
}

/** 指标查询: search the survey's indicator definitions by code, name or wording. */
export function GuideIndicatorSearch({ edition }: { edition: SurveyEdition }) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const entries = useMemo(() => indicatorEntries(edition), [edition]);
  const needle = keyword.trim().toLowerCase();
  const matches = needle
    ? entries.filter((entry) =>
        [entry.code, entry.name, entry.definition].some((text) => text.toLowerCase().includes(needle)),
      )
    : [];
  return (
    <>
      <Input.Search
        allowClear
        placeholder={t('guide.searchPlaceholder')}
        onChange={(event) => setKeyword(event.target.value)}
        style={{ maxWidth: 420 }}
        aria-label={t('guide.searchPlaceholder')}
      />
      {needle ? (
        <Table<IndicatorEntry>
          className="section-gap"
          rowKey="key"
          size="small"
          bordered
          pagination={false}
          dataSource={matches}
          locale={{ emptyText: t('guide.noMatch') }}
          columns={[
            { title: t('guide.tableNo'), dataIndex: 'tableNo', key: 'tableNo', width: 100 },
            { title: t('guide.indicatorCode'), dataIndex: 'code', key: 'code', width: 90 },
            { title: t('guide.indicatorName'), dataIndex: 'name', key: 'name', width: 240 },
            { title: t('guide.unit'), dataIndex: 'unit', key: 'unit', width: 90 },
            { title: t('guide.definition'), dataIndex: 'definition', key: 'definition' },
          ]}
        />
      ) : (
        <Typography.Paragraph type="secondary" className="section-gap">
          {t('guide.searchHint')}
        </Typography.Paragraph>
      )}
    </>
  );
}
