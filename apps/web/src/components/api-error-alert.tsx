import { Alert, Button } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { clientErrorCodes, isApiError } from '../api/http-client';

/** The sentence to show for a failed call: the server's own `detail`, or ours when there was none. */
export function describeError(error: unknown, t: TFunction): string {
  if (isApiError(error)) {
    if (error.code === clientErrorCodes.network) return t('errors.network');
    if (error.code === clientErrorCodes.badResponse) return t('errors.badResponse');
    if (error.detail) return error.detail;
  }
  return t('errors.loadFailed');
}

export function requestIdOf(error: unknown): string | null {
  return isApiError(error) ? error.requestId : null;
}

/** A failed load shown in place of the data, with the request id to quote and a way to retry. */
export function ApiErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const requestId = requestIdOf(error);
  return (
    <Alert
      type="error"
      showIcon
      title={describeError(error, t)}
      description={requestId ? t('errors.requestId', { requestId }) : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
