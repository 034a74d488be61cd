import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** Unknown paths; "home" is `/`, which sends the user to their area's home or to the login page. */
export function NotFoundPage({ isStandalone = false }: { isStandalone?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const page = (
    <Result
      status="404"
      title={<span data-testid="page-title">{t('errors.notFoundTitle')}</span>}
      subTitle={t('errors.notFoundHint')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
  return isStandalone ? <div className="error-page standalone-page">{page}</div> : page;
}
