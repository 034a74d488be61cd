import { useTranslation } from 'react-i18next';
import { UnderConstruction } from '../../components/under-construction';

export function TaskApplicationPage() {
  const { t } = useTranslation();
  const title = t('menu.enterprise.taskApplication');
  return (
    <UnderConstruction
      title={title}
      description={`${t('placeholder.description', { module: title })} ${t('taskApplication.description')}`}
    />
  );
}
