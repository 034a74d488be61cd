import { getEdition } from '@zhibao/survey';
import {
  App,
  Alert,
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
  TreeSelect,
  Upload,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  confirmDirectoryImport,
  createEnterprise,
  directoryTemplateUrl,
  fetchDivisions,
  fetchEnterprise,
  fetchJoinableTasks,
  joinOpenTasks,
  previewDirectoryImport,
  updateEnterprise,
  type DirectoryDivisions,
  type DirectoryImportPreview,
  type DirectoryPreviewRow,
  type EnterpriseForm,
  type JoinableTasks,
} from '../../api/admin.api';
import { formatDateTime } from '../../format/date-format';
import { isApiError } from '../../api/http-client';
import { describeError } from '../../components/api-error-alert';

type FormValues = Omit<EnterpriseForm, 'scopeOverride'> & { scopeOverride: 'rules' | 'in' | 'out' };

const emptyForm: FormValues = {
  uscc: '',
  name: '',
  regionCode: '',
  legalRepresentative: '',
  industryCode: '6513',
  mainRevenue: null,
  softwareRevenue: null,
  icDesignRevenue: null,
  isSpecialActivity: false,
  sizeCode: null,
  isKeyEnterprise: false,
  hasAiBusiness: false,
  scopeOverride: 'rules',
  scopeOverrideReason: null,
};

/** The survey's industry codes (GB/T 4754-2017), the only ones the directory accepts. */
const industryOptions = getEdition()
  .codeLists.find((list) => list.id === 'industry')!
  .entries.map((entry) => ({ value: entry.code, label: `${entry.code} ${entry.label}` }));

interface DivisionNode {
  value: string;
  title: string;
  children: DivisionNode[];
}

/** The administrator's divisions as a tree (province → city → county) for the 行政区划代码 select. */
function divisionTree(divisions: DirectoryDivisions['divisions']): DivisionNode[] {
  const nodes = new Map(
    divisions.map((division) => [
      division.code,
      { value: division.code, title: `${division.code} ${division.name}`, children: [] as DivisionNode[] },
    ]),
  );
  const roots: DivisionNode[] = [];
  for (const division of divisions) {
    const parent = division.parentCode ? nodes.get(division.parentCode) : undefined;
    (parent ? parent.children : roots).push(nodes.get(division.code)!);
  }
  return roots;
}

/** 新增/编辑企业: the directory entry with USCC checked on the server and 纳统 by rule or by hand with a reason. */
export function EnterpriseEditor({
  enterpriseId,
  open,
  onClose,
  onSaved,
}: {
  enterpriseId: string | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [computedScope, setComputedScope] = useState<string | null>(null);
  const [scopeReason, setScopeReason] = useState<string | null>(null);
  const [divisions, setDivisions] = useState<DirectoryDivisions['divisions']>([]);
  const [joinable, setJoinable] = useState<JoinableTasks['tasks']>([]);
  const tree = useMemo(() => divisionTree(divisions), [divisions]);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    fetchDivisions(controller.signal).then(
      (answer) => setDivisions(answer.divisions),
      () => undefined,
    );
    if (enterpriseId) {
      fetchJoinableTasks(enterpriseId, controller.signal).then(
        (answer) => setJoinable(answer.tasks),
        () => undefined,
      );
    } else setJoinable([]);
    return () => controller.abort();
  }, [open, enterpriseId]);

  const join = async () => {
    if (!enterpriseId) return;
    try {
      setJoinable((await joinOpenTasks(enterpriseId)).tasks);
      message.success(t('adminWork.directory.joined'));
      onSaved();
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setComputedScope(null);
    setScopeReason(null);
    if (!enterpriseId) {
      form.setFieldsValue(emptyForm);
      return;
    }
    const controller = new AbortController();
    fetchEnterprise(enterpriseId, controller.signal).then(
      (detail) => {
        form.setFieldsValue({
          ...detail,
          scopeOverride: detail.scopeOverride === null ? 'rules' : detail.scopeOverride ? 'in' : 'out',
        });
        setComputedScope(
          detail.computedScope.isInScope === null
            ? detail.computedScope.reason
            : `${detail.computedScope.isInScope ? t('common.yes') : t('common.no')}：${detail.computedScope.reason}`,
        );
        setScopeReason(detail.scopeReason);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) message.error(describeError(error, t));
      },
    );
    return () => controller.abort();
  }, [open, enterpriseId, form, message, t]);

  const save = async (values: FormValues) => {
    const input: EnterpriseForm = {
      ...emptyForm,
      ...values,
      scopeOverride: values.scopeOverride === 'rules' ? null : values.scopeOverride === 'in',
      scopeOverrideReason: values.scopeOverride === 'rules' ? null : (values.scopeOverrideReason ?? null),
    };
    try {
      if (enterpriseId) await updateEnterprise(enterpriseId, input);
      else await createEnterprise(input);
      message.success(t('adminWork.directory.saved'));
      onSaved();
    } catch (error) {
      if (isApiError(error) && error.invalidParams) {
        form.setFields(
          error.invalidParams.map((param) => ({
            name: param.name as keyof FormValues,
            errors: [param.reason],
          })),
        );
      }
      message.error(describeError(error, t));
    }
  };

  return (
    <Modal
      open={open}
      title={enterpriseId ? t('adminWork.directory.edit') : t('adminWork.directory.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={720}
      forceRender
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={save} initialValues={emptyForm}>
        <Flex gap={12} wrap>
          <Form.Item
            name="uscc"
            label={t('directory.uscc')}
            rules={[{ required: true }]}
            style={{ width: 260 }}
          >
            <Input id="enterprise-uscc" maxLength={18} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('directory.name')}
            rules={[{ required: true }]}
            style={{ width: 380 }}
          >
            <Input id="enterprise-name" />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t('adminWork.directory.regionCode')}
            rules={[{ required: true }]}
          >
            <TreeSelect
              id="enterprise-region"
              showSearch
              treeNodeFilterProp="title"
              treeData={tree}
              placeholder={t('adminWork.directory.regionPlaceholder')}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item
            name="legalRepresentative"
            label={t('adminWork.directory.legalRepresentative')}
            rules={[{ required: true }]}
          >
            <Input id="enterprise-legal" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="industryCode"
            label={t('adminWork.directory.industryCode')}
            rules={[{ required: true }]}
          >
            <Select
              id="enterprise-industry"
              showSearch
              optionFilterProp="label"
              options={industryOptions}
              placeholder={t('adminWork.directory.industryPlaceholder')}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item name="sizeCode" label={t('adminWork.directory.size')}>
            <Select
              allowClear
              style={{ width: 120 }}
              options={['1', '2', '3', '4'].map((code) => ({
                value: code,
                label: t(`adminWork.directory.sizes.${code as '1'}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="mainRevenue" label={t('adminWork.directory.mainRevenue')}>
            <InputNumber min={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="softwareRevenue" label={t('adminWork.directory.softwareRevenue')}>
            <InputNumber min={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="icDesignRevenue" label={t('adminWork.directory.icDesignRevenue')}>
            <InputNumber min={0} style={{ width: 160 }} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="isSpecialActivity" valuePropName="checked">
            <Checkbox>{t('adminWork.directory.isSpecialActivity')}</Checkbox>
          </Form.Item>
          <Form.Item name="isKeyEnterprise" valuePropName="checked">
            <Checkbox>{t('directory.isKeyEnterprise')}</Checkbox>
          </Form.Item>
          <Form.Item name="hasAiBusiness" valuePropName="checked">
            <Checkbox>{t('adminWork.directory.hasAiBusiness')}</Checkbox>
          </Form.Item>
        </Flex>
        {scopeReason && (
          <Alert
            type="info"
            showIcon
            data-testid="scope-reason"
            title={`${t('adminWork.directory.scopeReason')}${scopeReason}`}
            description={
              computedScope ? `${t('adminWork.directory.computedScope')}${computedScope}` : undefined
            }
          />
        )}
        {joinable.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t('adminWork.directory.joinable', {
              tasks: joinable.map((task) => task.taskName).join('、'),
            })}
            action={
              <Button size="small" onClick={() => void join()}>
                {t('adminWork.directory.joinOpenTasksButton')}
              </Button>
            }
          />
        )}
        <Flex gap={12} wrap style={{ marginTop: 12 }}>
          <Form.Item name="scopeOverride" label={t('directory.isInScope')}>
            <Select
              style={{ width: 180 }}
              options={[
                { value: 'rules', label: t('adminWork.directory.scopeByRules') },
                { value: 'in', label: t('adminWork.directory.scopeIn') },
                { value: 'out', label: t('adminWork.directory.scopeOut') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="scopeOverrideReason"
            label={t('adminWork.directory.overrideReason')}
            style={{ flex: 1 }}
          >
            <Input />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** What a preview row does, in a few words: the changes old → new, the 纳统 change, or the reasons refused. */
function RowOutcome({ row }: { row: DirectoryPreviewRow }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean | null) => (value === null ? '—' : value ? t('common.yes') : t('common.no'));
  if (row.kind === 'refused') return <>{row.reasons.join('；')}</>;
  return (
    <Flex vertical gap={2}>
      {row.scopeChange && (
        <span>
          <Tag color={row.kind === 'updated' ? 'red' : 'blue'} data-testid="scope-change">
            {row.scopeChange.from === null
              ? t('adminWork.directory.scopeNew', { to: yesNo(row.scopeChange.to) })
              : t('adminWork.directory.scopeChange', {
                  from: yesNo(row.scopeChange.from),
                  to: yesNo(row.scopeChange.to),
                })}
          </Tag>
          {row.scopeChange.reason}
        </span>
      )}
      {row.changes.map((change) => (
        <span key={change.field}>
          {change.label}：{change.from} → {change.to}
        </span>
      ))}
    </Flex>
  );
}

const kindColor: Record<DirectoryPreviewRow['kind'], string> = {
  new: 'green',
  updated: 'orange',
  unchanged: 'default',
  refused: 'red',
};

/**
 * 名录导入: uploads an .xlsx and previews every row (new, updated with what changes, 纳统 changes, refused with
 * reasons); nothing is written until 确认导入, which applies exactly the rows shown.
 */
export function DirectoryImport({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [preview, setPreview] = useState<DirectoryImportPreview | null>(null);
  const [shouldJoin, setShouldJoin] = useState(false);
  const [isBusy, setIsBusy] = useState(false);

  const upload = async (file: File) => {
    setIsBusy(true);
    try {
      setPreview(await previewDirectoryImport({ fileName: file.name, contentBase64: await toBase64(file) }));
    } catch (error) {
      message.error(describeError(error, t));
    } finally {
      setIsBusy(false);
    }
  };

  const close = () => {
    setPreview(null);
    setShouldJoin(false);
    onClose();
  };

  const confirm = async () => {
    if (!preview) return;
    setIsBusy(true);
    try {
      const result = await confirmDirectoryImport(preview.previewId, { joinOpenTasks: shouldJoin });
      message.success(
        t('adminWork.directory.imported', {
          created: result.created,
          updated: result.updated,
          joined: result.joinedObligations,
        }),
      );
      onImported();
      close();
    } catch (error) {
      message.error(describeError(error, t));
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('adminWork.directory.import')}
      onCancel={close}
      footer={
        preview
          ? [
              <Button key="cancel" onClick={close}>
                {t('adminWork.directory.cancelImport')}
              </Button>,
              <Button
                key="confirm"
                type="primary"
                loading={isBusy}
                disabled={preview.counts.new + preview.counts.updated === 0}
                onClick={() => void confirm()}
              >
                {t('adminWork.directory.confirmImport')}
              </Button>,
            ]
          : null
      }
      width={960}
    >
      <Flex vertical gap={12}>
        <a href={directoryTemplateUrl}>{t('adminWork.directory.template')}</a>
        <Upload.Dragger
          accept=".xlsx"
          showUploadList={false}
          disabled={isBusy}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <p>{isBusy ? t('common.loading') : t('adminWork.directory.dropHint')}</p>
        </Upload.Dragger>
        {preview && (
          <>
            <Alert
              type={preview.counts.refused > 0 || preview.counts.scopeChanged > 0 ? 'warning' : 'info'}
              showIcon
              data-testid="import-summary"
              title={t('adminWork.directory.previewSummary', {
                total: preview.total,
                created: preview.counts.new,
                updated: preview.counts.updated,
                scopeChanged: preview.counts.scopeChanged,
                unchanged: preview.counts.unchanged,
                refused: preview.counts.refused,
              })}
              description={t('adminWork.directory.previewExpiresAt', {
                at: formatDateTime(preview.expiresAt),
              })}
            />
            <Table<DirectoryPreviewRow>
              size="small"
              rowKey="row"
              data-testid="import-preview"
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              dataSource={preview.rows}
              columns={[
                { title: t('adminWork.directory.row'), dataIndex: 'row', key: 'row', width: 64 },
                {
                  title: t('adminWork.directory.kind'),
                  dataIndex: 'kind',
                  key: 'kind',
                  width: 80,
                  render: (kind: DirectoryPreviewRow['kind']) => (
                    <Tag color={kindColor[kind]}>{t(`adminWork.directory.kinds.${kind}`)}</Tag>
                  ),
                },
                { title: t('directory.uscc'), dataIndex: 'uscc', key: 'uscc', width: 180 },
                { title: t('directory.name'), dataIndex: 'name', key: 'name', width: 180 },
                {
                  title: t('adminWork.directory.changes'),
                  key: 'changes',
                  render: (_, row) => <RowOutcome row={row} />,
                },
              ]}
            />
            <Checkbox checked={shouldJoin} onChange={(event) => setShouldJoin(event.target.checked)}>
              {t('adminWork.directory.joinOpenTasks')}
            </Checkbox>
          </>
        )}
      </Flex>
    </Modal>
  );
}
