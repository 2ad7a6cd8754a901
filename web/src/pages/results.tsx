import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('result.notFoundTitle')}
      subTitle={t('result.notFoundBody')}
      extra={
        <Link to="/">
          <Button type="primary">{t('result.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('result.forbiddenTitle')}
      subTitle={t('result.forbiddenBody')}
      data-testid="forbidden"
      extra={
        <Link to="/">
          <Button type="primary">{t('result.backHome')}</Button>
        </Link>
      }
    />
  );
}
