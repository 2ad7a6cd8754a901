import { CaretRightOutlined, PauseOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { describeMarketError } from './market-parts';
import type { OrderDetail, OrderSummary } from '../../api/marketplace';

type Action = 'open' | 'pause' | 'resume';

/**
 * Open / pause / resume / close an order, each behind a confirmation that says what will happen. Posters get
 * every action their order's status allows; platform ops only close, and must give a reason.
 */
export function OrderActions({
  order,
  onChanged,
  asOps = false,
  size = 'middle',
}: {
  order: Pick<OrderSummary, 'id' | 'title' | 'status'>;
  onChanged: (order: OrderDetail) => void;
  asOps?: boolean;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState<Action | 'close' | null>(null);
  const [closing, setClosing] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();

  async function run(action: Action | 'close', body?: unknown) {
    setBusy(action);
    try {
      const updated = await api.post<OrderDetail>(`/orders/${order.id}/${action}`, body);
      message.success(t(`marketplace.actions.done.${action}`, { title: order.title }));
      onChanged(updated);
      return true;
    } catch (error) {
      message.error(describeMarketError(error));
      return false;
    } finally {
      setBusy(null);
    }
  }

  function confirm(action: Action) {
    modal.confirm({
      title: t(`marketplace.actions.confirm.${action}.title`, { title: order.title }),
      content: t(`marketplace.actions.confirm.${action}.body`),
      okText: t(`marketplace.actions.${action}`),
      cancelText: t('common.cancel'),
      onOk: () => run(action),
    });
  }

  const can = {
    open: !asOps && order.status === 'draft',
    pause: !asOps && order.status === 'open',
    resume: !asOps && order.status === 'paused',
    close: order.status === 'draft' || order.status === 'open' || order.status === 'paused',
  };
  if (!can.open && !can.pause && !can.resume && !can.close) return null;

  return (
    <Flex gap={8} wrap onClick={(e) => e.stopPropagation()}>
      {can.open ? (
        <Button size={size} type="primary" icon={<CaretRightOutlined />} loading={busy === 'open'} onClick={() => confirm('open')} data-testid="order-open">
          {t('marketplace.actions.open')}
        </Button>
      ) : null}
      {can.pause ? (
        <Button size={size} icon={<PauseOutlined />} loading={busy === 'pause'} onClick={() => confirm('pause')} data-testid="order-pause">
          {t('marketplace.actions.pause')}
        </Button>
      ) : null}
      {can.resume ? (
        <Button size={size} type="primary" ghost icon={<CaretRightOutlined />} loading={busy === 'resume'} onClick={() => confirm('resume')} data-testid="order-resume">
          {t('marketplace.actions.resume')}
        </Button>
      ) : null}
      {can.close ? (
        <Button size={size} danger icon={<StopOutlined />} loading={busy === 'close'} onClick={() => setClosing(true)} data-testid="order-close">
          {t('marketplace.actions.close')}
        </Button>
      ) : null}
      <Modal
        open={closing}
        title={t('marketplace.actions.confirm.close.title', { title: order.title })}
        okText={t('marketplace.actions.close')}
        okButtonProps={{ danger: true, loading: busy === 'close', 'data-testid': 'order-close-confirm' }}
        cancelText={t('common.cancel')}
        onCancel={() => setClosing(false)}
        onOk={() =>
          form.validateFields().then(async (values) => {
            if (await run('close', { reason: values.reason?.trim() || undefined })) {
              setClosing(false);
              form.resetFields();
            }
          })
        }
        destroyOnHidden
      >
        <Typography.Paragraph>{t(order.status === 'draft' ? 'marketplace.actions.confirm.close.bodyDraft' : 'marketplace.actions.confirm.close.body')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={asOps ? t('marketplace.actions.closeReasonOps') : t('marketplace.actions.closeReason')}
            rules={asOps ? [{ required: true, whitespace: true, message: t('marketplace.actions.closeReasonRequired') }] : []}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="order-close-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
