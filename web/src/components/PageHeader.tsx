import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
  /** Shown above the title (a back link, a breadcrumb). */
  before?: ReactNode;
}

export function PageHeader({ title, subtitle, extra, before }: PageHeaderProps) {
  return (
    <div style={{ marginBottom: 20 }}>
      {before}
      <Flex justify="space-between" align="flex-end" wrap gap={12}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
            {title}
          </Typography.Title>
          {subtitle ? (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
              {subtitle}
            </Typography.Text>
          ) : null}
        </div>
        {extra ? <Flex gap={8} wrap>{extra}</Flex> : null}
      </Flex>
    </div>
  );
}
