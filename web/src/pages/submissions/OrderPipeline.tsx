import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * PLACEHOLDER for the submissions pipeline board of one job order (推荐进展看板), mounted by the order detail page
 * (`web/src/pages/marketplace/OrderDetailPage.tsx`, tab "pipeline"). The submissions area replaces this file with
 * the real board; keep the export name and props.
 */
export function OrderPipeline({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  return <Empty data-testid="order-pipeline-placeholder" data-order-id={orderId} description={t('marketplace.detail.pipelineSoon')} />;
}
