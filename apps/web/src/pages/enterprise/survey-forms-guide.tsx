import { Collapse, Descriptions, Empty, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type {
  FormDefinition,
  FormRow,
  GridColumnDefinition,
  GridRowDefinition,
  SurveyEdition,
} from '@zhibao/survey';

/** The rows of an indicator form: section headings span the table, indicators show their definition. */
function IndicatorTable({ form }: { form: FormDefinition }) {
  const { t } = useTranslation();
  const columns: ColumnsType<FormRow> = [
    {
      title: t('guide.indicatorName'),
      key: 'name',
      width: 280,
      onCell: (row) => (row.kind === 'section' ? { colSpan: 4 } : {}),
      render: (_, row) =>
        row.kind === 'section' ? (
          <Typography.Text strong>{row.name}</Typography.Text>
        ) : (
          <span style={{ paddingLeft: row.level * 16 }}>{row.name}</span>
        ),
    },
    {
      title: t('guide.indicatorCode'),
      key: 'code',
      width: 90,
      onCell: (row) => (row.kind === 'section' ? { colSpan: 0 } : {}),
      render: (_, row) => (row.kind === 'indicator' ? <span className="code-text">{row.code}</span> : null),
    },
    {
      title: t('guide.unit'),
      key: 'unit',
      width: 100,
      onCell: (row) => (row.kind === 'section' ? { colSpan: 0 } : {}),
      render: (_, row) => (row.kind === 'indicator' ? row.unit : null),
    },
    {
      title: t('guide.definition'),
      key: 'definition',
      onCell: (row) => (row.kind === 'section' ? { colSpan: 0 } : {}),
      render: (_, row) => (row.kind === 'indicator' ? row.definition : null),
    },
  ];
  return (
    <Table<FormRow>
      rowKey={(row) => (row.kind === 'indicator' ? row.code : `section:${row.name}`)}
      columns={columns}
      dataSource={form.rows}
      pagination={false}
      size="small"
      bordered
    />
  );
}

/** A grid form (rows × columns, like 软件业务收入分类表): its columns, then its rows, each with definitions. */
function GridTables({ form }: { form: FormDefinition }) {
  const { t } = useTranslation();
  if (!form.grid) return null;
  const columnColumns: ColumnsType<GridColumnDefinition> = [
    { title: t('guide.indicatorName'), dataIndex: 'name', key: 'name', width: 280 },
    {
      title: t('guide.indicatorCode'),
      dataIndex: 'code',
      key: 'code',
      width: 90,
      render: (code: string) => <span className="code-text">{code}</span>,
    },
    { title: t('guide.unit'), dataIndex: 'unit', key: 'unit', width: 100 },
    { title: t('guide.definition'), dataIndex: 'definition', key: 'definition' },
  ];
  const rowColumns: ColumnsType<GridRowDefinition> = [
    {
      title: t('guide.indicatorName'),
      key: 'name',
      width: 280,
      render: (_, row) => <span style={{ paddingLeft: row.level * 16 }}>{row.name}</span>,
    },
    { title: t('guide.rowNo'), dataIndex: 'rowNo', key: 'rowNo', width: 90 },
    { title: t('guide.definition'), dataIndex: 'definition', key: 'definition' },
  ];
  return (
    <>
      <Typography.Title level={5}>{t('guide.gridColumns')}</Typography.Title>
      <Table<GridColumnDefinition>
        rowKey="code"
        columns={columnColumns}
        dataSource={form.grid.columns}
        pagination={false}
        size="small"
        bordered
      />
      <Typography.Title level={5} className="section-gap">
        {t('guide.gridRows')}
      </Typography.Title>
      <Table<GridRowDefinition>
        rowKey="rowNo"
        columns={rowColumns}
        dataSource={form.grid.rows}
        pagination={false}
        size="small"
        bordered
      />
    </>
  );
}

/** Every form of an edition, folded, with who files it and what each indicator means. */
export function SurveyFormsGuide({ edition }: { edition: SurveyEdition }) {
  const { t } = useTranslation();
  if (edition.forms.length === 0) return <Empty />;
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        className="guide-edition"
        items={[
          { key: 'name', label: t('guide.editionName'), children: edition.name },
          { key: 'approvalNo', label: t('guide.approvalNo'), children: edition.approvalNo },
          { key: 'authority', label: t('guide.authority'), children: edition.authority },
        ]}
      />
      <Collapse
        items={edition.forms.map((form) => ({
          key: form.id,
          label: (
            <span>
              <Typography.Text type="secondary" className="guide-table-no">
                {form.tableNo}
              </Typography.Text>
              <Typography.Text strong>{form.name}</Typography.Text>
            </span>
          ),
          extra: <Tag variant="filled">{t(`guide.frequency.${form.periodType}`)}</Tag>,
          children: (
            <>
              <Typography.Paragraph>{form.note}</Typography.Paragraph>
              {form.unitNote && <Typography.Paragraph type="secondary">{form.unitNote}</Typography.Paragraph>}
              {form.grid ? <GridTables form={form} /> : <IndicatorTable form={form} />}
            </>
          ),
        }))}
      />
    </>
  );
}
