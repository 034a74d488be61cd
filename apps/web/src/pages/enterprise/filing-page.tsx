import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { UnderConstruction } from '../../components/under-construction';
import { enterprisePaths } from '../../routes/paths';

/** The filing screen (/enterprise/filings/:filingId and /enterprise/tasks/:taskId/filing), still to come. */
export function FilingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <UnderConstruction
      title={t('filing.title')}
      description={t('filing.description')}
      extra={
        <Button type="primary" onClick={() => void navigate(enterprisePaths.myTasks)}>
          {t('filing.backToTasks')}
        </Button>
      }
    />
  );
}
