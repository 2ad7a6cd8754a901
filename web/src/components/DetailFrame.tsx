import { ArrowLeftOutlined } from '@ant-design/icons';
import { Breadcrumb, Card, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Loadable } from '../hooks';
import { LoadError } from './LoadError';

/** Above a detail page's title: the way back to its list, then the item the user is on. */
export function BackBreadcrumb({ to, label, current }: { to: string; label: ReactNode; current: ReactNode }) {
  return (
    <Breadcrumb
      style={{ marginBottom: 8 }}
      items={[
        {
          title: (
            <Link to={to}>
              <ArrowLeftOutlined style={{ marginInlineEnd: 6 }} />
              {label}
            </Link>
          ),
        },
        { title: current },
      ]}
    />
  );
}

/**
 * What stands where a load's data will be: its error with a retry, or a skeleton card while it loads; `before`
 * (a detail page's breadcrumb) stays above either.
 */
export function Pending({ load, before }: { load: Pick<Loadable<unknown>, 'error' | 'reload'>; before?: ReactNode }) {
  return (
    <>
      {before}
      {load.error ? (
        <LoadError error={load.error} onRetry={load.reload} />
      ) : (
        <Card>
          <Skeleton active />
        </Card>
      )}
    </>
  );
}
