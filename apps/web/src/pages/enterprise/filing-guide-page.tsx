import { getEdition } from '@zhibao/survey';
import { Card, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { GuideDocuments } from './guide-documents';
import { GuideIndicatorSearch } from './guide-indicator-search';
import { SurveyFormsGuide } from './survey-forms-guide';

const filingSteps = ['login', 'select', 'fill', 'audit', 'submit', 'amend'] as const;

/**
 * 填报业务指南: the filing steps from the ministry's manual, the 制度 and manuals published for download, then every
 * form and indicator of the survey.
 */
export function FilingGuidePage() {
  const { t } = useTranslation();
  // The survey's own texts (form names, definitions) exist only in Chinese, as the official forms do.
  const edition = getEdition();
  return (
    <>
      <PageHeader title={t('menu.enterprise.guide')} />
      <Card title={t('guide.stepsTitle')}>
        <Typography.Paragraph type="secondary">{t('guide.intro')}</Typography.Paragraph>
        <Steps
          orientation="vertical"
          current={-1}
          items={filingSteps.map((key) => ({
            title: t(`guide.steps.${key}.title`),
            content: t(`guide.steps.${key}.description`),
            status: 'process' as const,
          }))}
        />
      </Card>
      <Card title={t('guide.documentsTitle')} className="section-gap">
        <GuideDocuments />
      </Card>
      <Card title={t('guide.deadlinesTitle')} className="section-gap">
        <Typography.Paragraph>{t('guide.deadlines.monthly')}</Typography.Paragraph>
        <Typography.Paragraph>{t('guide.deadlines.annual')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('guide.contact')}</Typography.Paragraph>
      </Card>
      <Card title={t('guide.searchTitle')} className="section-gap">
        <GuideIndicatorSearch edition={edition} />
      </Card>
      <Card title={t('guide.formsTitle')} className="section-gap">
        <SurveyFormsGuide edition={edition} />
      </Card>
    </>
  );
}
