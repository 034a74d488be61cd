import { ToolOutlined } from '@ant-design/icons';
import { Card, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from './page-header';

/** An honest page for a module that does not exist yet: its title and a plain statement. */
export function UnderConstruction({
  title,
  description,
  extra,
}: {
  title: string;
  description?: string;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <Result
          icon={<ToolOutlined style={{ color: '#1f5fad' }} />}
          title={t('placeholder.title')}
          subTitle={description ?? t('placeholder.description', { module: title })}
          extra={extra}
        />
      </Card>
    </>
  );
}
