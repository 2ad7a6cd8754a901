import { Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function Logo({ size = 28 }: { size?: number }) {
  const { token } = theme.useToken();
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="14" fill={token.colorPrimary} />
      <path d="M18 33l9 9 19-20" fill="none" stroke="#fff" strokeWidth="7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function Brand({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/" aria-label={t('app.fullName')}>
      <Flex
        align="center"
        justify={collapsed ? 'center' : 'flex-start'}
        gap={10}
        style={{ minHeight: 56, paddingBlock: 10, paddingInline: collapsed ? 0 : 20, boxSizing: 'border-box' }}
      >
        <Logo />
        {collapsed ? null : (
          <div style={{ lineHeight: 1.25, minWidth: 0 }}>
            <Typography.Text strong style={{ fontSize: 16, display: 'block', whiteSpace: 'nowrap' }}>
              {t('app.fullName')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block' }}>
              {t('app.motto')}
            </Typography.Text>
          </div>
        )}
      </Flex>
    </Link>
  );
}
