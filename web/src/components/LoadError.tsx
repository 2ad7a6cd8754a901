import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../api/client';

/** What a page shows when its data could not be loaded. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError && error.status === 404 ? '404' : error instanceof ApiError && error.status === 403 ? '403' : 'warning';
  return (
    <Result
      status={status}
      title={t('common.loadFailed')}
      subTitle={describeError(error)}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}
