import { Button, Flex, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { describeError, requestIdOf } from '../../components/api-error-alert';
import { NotFoundPage } from './not-found-page';

/** What the router shows when rendering a page threw: a 500 with the request id to quote, if any. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;

  const requestId = requestIdOf(error);
  const detail = requestId ? describeError(error, t) : null;
  return (
    <Flex align="center" justify="center" className="error-page">
      <Result
        status="500"
        title={<span data-testid="page-title">{t('errors.crashedTitle')}</span>}
        subTitle={
          <Flex vertical gap={4} align="center">
            {detail && <span>{detail}</span>}
            <span>{t('errors.crashedHint')}</span>
            {requestId && (
              <Typography.Text type="secondary" copyable={{ text: requestId }}>
                {t('errors.requestId', { requestId })}
              </Typography.Text>
            )}
          </Flex>
        }
        extra={[
          <Button key="reload" type="primary" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </Button>,
          <Button key="home" href="/">
            {t('common.backHome')}
          </Button>,
        ]}
      />
    </Flex>
  );
}
