import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';

/** The scans a person may upload; the server judges them by their content, not by this list. */
const scanTypes = '.pdf,.jpg,.jpeg,.png';

const fileListOf = (event: { fileList: UploadFile[] } | UploadFile[]) =>
  Array.isArray(event) ? event : event.fileList;

/**
 * One required scan (证件, 营业执照, 授权委托书) as a form field: one file, kept in the form until it is sent with
 * the rest, never uploaded on its own.
 */
export function ScanUploadField({
  name,
  label,
  extra,
  testId,
}: {
  name: string;
  label: string;
  extra?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={label}
      name={name}
      valuePropName="fileList"
      getValueFromEvent={fileListOf}
      extra={extra ?? t('account.verify.scanHint')}
      rules={[{ required: true, message: t('account.verify.uploadRequired') }]}
    >
      <Upload accept={scanTypes} maxCount={1} beforeUpload={() => false} data-testid={testId}>
        <Button icon={<UploadOutlined />}>{t('account.verify.chooseFile')}</Button>
      </Upload>
    </Form.Item>
  );
}
