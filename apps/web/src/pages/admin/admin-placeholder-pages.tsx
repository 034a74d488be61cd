import { useTranslation } from 'react-i18next';
import { UnderConstruction } from '../../components/under-construction';

/** The administrator modules still to be built; each states so under its own title. */
export function AdminModulePlaceholder({
  module,
}: {
  module: 'tasks' | 'review' | 'reminders' | 'aggregation' | 'accounts';
}) {
  const { t } = useTranslation();
  return <UnderConstruction title={t(`menu.admin.${module}`)} />;
}
