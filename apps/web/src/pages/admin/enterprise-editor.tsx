import { App, Alert, Checkbox, Flex, Form, Input, InputNumber, Modal, Select, Table, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createEnterprise,
  directoryTemplateUrl,
  fetchEnterprise,
  importDirectory,
  updateEnterprise,
  type EnterpriseForm,
  type ImportReport,
} from '../../api/admin.api';
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

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setComputedScope(null);
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
          `${detail.computedScope.isInScope ? t('common.yes') : t('common.no')}：${detail.computedScope.reason}`,
        );
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
            <Input id="enterprise-region" maxLength={6} style={{ width: 120 }} />
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
            <Input maxLength={4} style={{ width: 100 }} />
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
        {computedScope && (
          <Alert type="info" showIcon title={`${t('adminWork.directory.computedScope')}${computedScope}`} />
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

/** 名录导入: uploads an .xlsx and shows which rows were taken and why the others were refused. */
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
  const [report, setReport] = useState<ImportReport | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const upload = async (file: File) => {
    setIsBusy(true);
    try {
      const result = await importDirectory({ fileName: file.name, contentBase64: await toBase64(file) });
      setReport(result);
      onImported();
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
      onCancel={() => {
        setReport(null);
        onClose();
      }}
      footer={null}
      width={820}
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
        {report && (
          <>
            <Alert
              type={report.rejected.length > 0 ? 'warning' : 'success'}
              showIcon
              data-testid="import-summary"
              title={t('adminWork.directory.importSummary', {
                total: report.total,
                created: report.created,
                updated: report.updated,
                rejected: report.rejected.length,
              })}
            />
            {report.rejected.length > 0 && (
              <Table
                size="small"
                rowKey="row"
                data-testid="import-rejected"
                pagination={false}
                dataSource={report.rejected}
                columns={[
                  { title: t('adminWork.directory.row'), dataIndex: 'row', key: 'row', width: 70 },
                  { title: t('directory.uscc'), dataIndex: 'uscc', key: 'uscc', width: 190 },
                  { title: t('directory.name'), dataIndex: 'name', key: 'name', width: 180 },
                  {
                    title: t('adminWork.directory.reasons'),
                    dataIndex: 'reasons',
                    key: 'reasons',
                    render: (reasons: string[]) => reasons.join('；'),
                  },
                ]}
              />
            )}
          </>
        )}
      </Flex>
    </Modal>
  );
}
