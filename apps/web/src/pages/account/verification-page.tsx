import type { IdentityNumberType, LegalPersonType, OrganizationType } from '@zhibao/contracts';
import { Alert, Button, Checkbox, Col, Flex, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { submitVerification } from '../../api/account.api';
import type { AccountType } from '../../api/session.api';
import { describeError } from '../../components/api-error-alert';
import { accountPaths } from '../../routes/paths';
import { useSession } from '../../session/session-context';
import { AccountShell } from './account-shell';
import { CaptchaImage, useCaptcha } from './captcha-image';
import { isCaptchaProblem, showFieldErrors } from './form-errors';
import { ScanUploadField } from './scan-upload-field';

interface VerificationForm {
  accountType: AccountType;
  realName?: string;
  idType?: string;
  idNumber?: string;
  organizationType?: string;
  uscc?: string;
  organizationName?: string;
  legalPersonType?: string;
  legalRepresentativeName?: string;
  legalRepresentativeIdType?: string;
  legalRepresentativeIdNumber?: string;
  contactAddress: string;
  validFrom: string;
  validUntil?: string;
  isPermanent?: boolean;
  identityDocument?: UploadFile[];
  businessLicense?: UploadFile[];
  captchaAnswer: string;
  declaration?: boolean;
}

const idTypes = [
  'resident_id',
  'passport',
  'foreign_passport',
  'hk_macao_permit',
  'taiwan_permit',
  'hmt_residence_permit',
  'foreign_permanent_residence',
] as const satisfies readonly IdentityNumberType[];
const organizationTypes = [
  'domestic_enterprise',
  'domestic_institution',
  'foreign_enterprise',
] as const satisfies readonly OrganizationType[];
const legalPersonTypes = [
  'enterprise_legal_person',
  'institution_legal_person',
  'social_organization',
  'other',
] as const satisfies readonly LegalPersonType[];
const serverFields = [
  'accountType',
  'realName',
  'idType',
  'idNumber',
  'organizationType',
  'uscc',
  'organizationName',
  'legalPersonType',
  'legalRepresentativeName',
  'legalRepresentativeIdType',
  'legalRepresentativeIdNumber',
  'contactAddress',
  'validFrom',
  'validUntil',
  'identityDocument',
  'businessLicense',
  'declaration',
] as const;

/** 实名认证, as the manual shows it: 自然人 or 法人, the person's or the organization's details, scans, captcha, declaration. */
export function VerificationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { refresh: refreshSession, signOut } = useSession();
  const [form] = Form.useForm<VerificationForm>();
  const accountType = Form.useWatch('accountType', form) ?? 'natural_person';
  const isPermanent = Form.useWatch('isPermanent', form) ?? false;
  const { captcha, refresh } = useCaptcha();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const isLegal = accountType === 'legal_person';

  async function handleFinish(values: VerificationForm) {
    const body = new FormData();
    const textFields = Object.entries(values).filter(
      ([key, value]) => typeof value === 'string' && key !== 'captchaAnswer',
    ) as Array<[string, string]>;
    for (const [key, value] of textFields) body.set(key, value);
    body.set('isPermanent', values.isPermanent ? 'true' : 'false');
    body.set('declaration', values.declaration ? 'true' : 'false');
    body.set('captchaId', captcha?.captchaId ?? '');
    body.set('captchaAnswer', values.captchaAnswer);
    const identity = values.identityDocument?.[0]?.originFileObj;
    if (identity) body.set('identityDocument', identity, identity.name);
    const licence = isLegal ? values.businessLicense?.[0]?.originFileObj : undefined;
    if (licence) body.set('businessLicense', licence, licence.name);
    setIsBusy(true);
    setError(null);
    try {
      await submitVerification(body);
      await refreshSession();
      navigate(accountPaths.bind, { replace: true });
    } catch (caught) {
      setIsBusy(false);
      setError(caught);
      showFieldErrors(form, caught, serverFields);
      if (isCaptchaProblem(caught))
        form.setFields([{ name: 'captchaAnswer', errors: [describeError(caught, t)] }]);
      refresh();
      form.setFieldValue('captchaAnswer', '');
    }
  }

  const idTypeOptions = idTypes.map((value) => ({ value, label: t(`account.verify.idTypes.${value}`) }));

  return (
    <AccountShell
      title={t('account.verify.title')}
      extra={
        <Button type="link" onClick={() => void signOut()}>
          {t('account.verify.skip')}
        </Button>
      }
    >
      <Flex vertical gap={16}>
        <Alert type="info" showIcon title={t('account.verify.intro')} />
        {error !== null && (
          <Alert type="error" showIcon title={describeError(error, t)} data-testid="form-error" />
        )}
        <Form<VerificationForm>
          form={form}
          layout="vertical"
          disabled={isBusy}
          initialValues={{
            accountType: 'natural_person',
            idType: 'resident_id',
            legalRepresentativeIdType: 'resident_id',
          }}
          onFinish={(values) => void handleFinish(values)}
          onValuesChange={() => setError(null)}
        >
          <Form.Item label={t('account.verify.accountType')} name="accountType" required>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'natural_person', label: t('account.accountTypes.natural_person') },
                { value: 'legal_person', label: t('account.accountTypes.legal_person') },
              ]}
            />
          </Form.Item>
          {isLegal ? (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  label={t('account.verify.organizationType')}
                  name="organizationType"
                  rules={[{ required: true, message: t('account.verify.choose') }]}
                >
                  <Select
                    options={organizationTypes.map((value) => ({
                      value,
                      label: t(`account.verify.organizationTypes.${value}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  label={t('account.verify.uscc')}
                  name="uscc"
                  rules={[{ required: true, whitespace: true, message: t('account.verify.fill') }]}
                >
                  <Input maxLength={18} className="code-text" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  label={t('account.verify.organizationName')}
                  name="organizationName"
                  rules={[{ required: true, whitespace: true, message: t('account.verify.fill') }]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  label={t('account.verify.legalPersonType')}
                  name="legalPersonType"
                  rules={[{ required: true, message: t('account.verify.choose') }]}
                >
                  <Select
                    options={legalPersonTypes.map((value) => ({
                      value,
                      label: t(`account.verify.legalPersonTypes.${value}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <IdentityFields
                fields={[
                  'legalRepresentativeName',
                  'legalRepresentativeIdType',
                  'legalRepresentativeIdNumber',
                ]}
                idTypeOptions={idTypeOptions}
              />
            </Row>
          ) : (
            <Row gutter={16}>
              <IdentityFields fields={['realName', 'idType', 'idNumber']} idTypeOptions={idTypeOptions} />
            </Row>
          )}
          <Form.Item
            label={t('account.verify.contactAddress')}
            name="contactAddress"
            rules={[{ required: true, whitespace: true, message: t('account.verify.fill') }]}
          >
            <Input />
          </Form.Item>
          <Row gutter={16} align="bottom">
            <Col xs={24} md={9}>
              <Form.Item
                label={t('account.verify.validFrom')}
                name="validFrom"
                rules={[{ required: true, message: t('account.verify.choose') }]}
              >
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={24} md={9}>
              <Form.Item label={t('account.verify.validUntil')} name="validUntil" required={!isPermanent}>
                <Input type="date" disabled={isPermanent} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="isPermanent" valuePropName="checked">
                <Checkbox>{t('account.verify.permanent')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
          <ScanUploadField
            name="identityDocument"
            label={t('account.verify.identityDocument')}
            testId="identity-document"
          />
          {isLegal && <ScanUploadField name="businessLicense" label={t('account.verify.businessLicense')} />}
          <Form.Item label={t('account.captcha.label')} required>
            <Space.Compact>
              <Form.Item
                name="captchaAnswer"
                noStyle
                rules={[{ required: true, whitespace: true, message: t('account.captcha.required') }]}
              >
                <Input
                  placeholder={t('account.captcha.placeholder')}
                  autoComplete="off"
                  maxLength={8}
                  style={{ width: 160 }}
                />
              </Form.Item>
              <CaptchaImage captcha={captcha} onRefresh={refresh} />
            </Space.Compact>
          </Form.Item>
          <Form.Item
            name="declaration"
            valuePropName="checked"
            rules={[
              {
                validator: (_rule, value) =>
                  value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('account.verify.declarationRequired'))),
              },
            ]}
          >
            <Checkbox>
              <Typography.Text>{t('account.verify.declaration')}</Typography.Text>
            </Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={isBusy}>
            {t('account.verify.submit')}
          </Button>
        </Form>
      </Flex>
    </AccountShell>
  );
}

/**
 * A person's name, 证件类型 and 证件号, in a row of three: the filer's own (自然人) or the legal representative's
 * (法人). Each field's label is `account.verify.<field>`.
 */
function IdentityFields({
  fields,
  idTypeOptions,
}: {
  fields: [name: IdentityField, idType: IdentityField, idNumber: IdentityField];
  idTypeOptions: Array<{ value: string; label: string }>;
}) {
  const { t } = useTranslation();
  const [name, idType, idNumber] = fields;
  const filled = [{ required: true, whitespace: true, message: t('account.verify.fill') }];
  return (
    <>
      <Col xs={24} md={8}>
        <Form.Item label={t(`account.verify.${name}`)} name={name} rules={filled}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item
          label={t(`account.verify.${idType}`)}
          name={idType}
          rules={[{ required: true, message: t('account.verify.choose') }]}
        >
          <Select options={idTypeOptions} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label={t(`account.verify.${idNumber}`)} name={idNumber} rules={filled}>
          <Input maxLength={30} />
        </Form.Item>
      </Col>
    </>
  );
}

type IdentityField =
  | 'realName'
  | 'idType'
  | 'idNumber'
  | 'legalRepresentativeName'
  | 'legalRepresentativeIdType'
  | 'legalRepresentativeIdNumber';
