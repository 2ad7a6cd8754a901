import { ArrowLeftOutlined, CheckCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Flex, Modal, Result, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { useClock } from '../../clock';
import { Pending } from '../../components/DetailFrame';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { formatInstant, pick, shortHash } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { SubmitCandidateButton } from '../submissions/SubmitCandidateModal';
import { describeMarketError, OrderDescriptions, OrderStatusTag, ReplacementReopenedBanner, RewardText, TermsHash, TermsInWords, TierTag } from './market-parts';
import type { Engagement, OrderDetail, OrderTerms } from '../../api/marketplace';
import { daysAgoLabel } from './MarketplacePage';

/**
 * One open order for a consultant: what the job is, the terms in words with their hash, and "accept the terms and
 * take the order" — the hash shown is the hash sent, so what is accepted is exactly what was read.
 */
export function MarketOrderPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { user } = useSession();
  const { clock } = useClock();
  const { orderId = '' } = useParams();
  const consultant = user.role === 'consultant';
  const order = useLoad((signal) => api.get<OrderDetail>(`/orders/${orderId}`, { signal }), [orderId]);
  const terms = useLoad((signal) => api.get<OrderTerms>(`/orders/${orderId}/terms`, { signal }), [orderId]);
  const [confirming, setConfirming] = useState(false);
  const [agreed, setAgreed] = useState(false);
  const [taking, setTaking] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  async function take() {
    if (!terms.data) return;
    setTaking(true);
    setRefusal(null);
    try {
      await api.post<Engagement>(`/orders/${orderId}/engagements`, { acceptedTermsHash: terms.data.termsHash });
      message.success(t('marketplace.take.done', { title: order.data?.title ?? '' }));
      setConfirming(false);
      order.reload();
    } catch (error) {
      // Terms that changed since they were read must be read again before anyone accepts them.
      if (error instanceof ApiError && error.code === 'terms_mismatch') terms.reload();
      setRefusal(describeMarketError(error));
    } finally {
      setTaking(false);
    }
  }

  if (order.error) return <LoadError error={order.error} onRetry={order.reload} />;
  const o = order.data;
  const mine = o?.viewer.myEngagement ?? null;
  return (
    <>
      <PageHeader
        before={
          <Link to="/marketplace" style={{ display: 'inline-block', marginBottom: 8 }}>
            <ArrowLeftOutlined /> {t('marketplace.market.title')}
          </Link>
        }
        title={
          o ? (
            <Flex gap={12} align="center" wrap>
              <span>{o.title}</span>
              <TierTag tier={o.plan.tier} />
              {o.status !== 'open' ? <OrderStatusTag status={o.status} /> : null}
            </Flex>
          ) : (
            t('common.loading')
          )
        }
        subtitle={o ? `${o.postedBy} · ${daysAgoLabel(o.openedAt, clock?.now)}` : undefined}
        extra={
          o && consultant ? (
            mine ? (
              <Button icon={<CheckCircleOutlined />} onClick={() => navigate('/engagements')} data-testid="market-engaged">
                {t('marketplace.take.alreadyEngaged')}
              </Button>
            ) : o.status === 'open' ? (
              <Button
                type="primary"
                size="large"
                icon={<SafetyCertificateOutlined />}
                disabled={!terms.data}
                onClick={() => {
                  setAgreed(false);
                  setRefusal(null);
                  setConfirming(true);
                }}
                data-testid="market-take"
              >
                {t('marketplace.take.button')}
              </Button>
            ) : null
          ) : null
        }
      />
      {!o ? (
        <Pending load={order} />
      ) : (
        <Flex vertical gap={16}>
          <ReplacementReopenedBanner reopened={o.reopenedForReplacement} />
          {mine ? (
            <Alert
              type="success"
              showIcon
              data-testid="market-engaged-banner"
              title={t('marketplace.take.engagedSince', { at: formatInstant(mine.acceptedAt, locale) })}
              description={
                <span>
                  {t('marketplace.take.engagedHash')} <Typography.Text code>{shortHash(mine.termsHash)}</Typography.Text>
                </span>
              }
              action={<SubmitCandidateButton orderId={o.id} size="small" />}
            />
          ) : null}
          <Card>
            <OrderDescriptions order={o} locale={locale} />
            {o.description ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }}>{o.description}</Typography.Paragraph> : null}
          </Card>
          <Card title={t('marketplace.take.termsTitle')} extra={<Typography.Text type="secondary">{t('marketplace.take.termsHint')}</Typography.Text>}>
            {terms.error ? <LoadError error={terms.error} onRetry={terms.reload} /> : terms.data ? <TermsInWords terms={terms.data} locale={locale} /> : <Skeleton active />}
          </Card>
        </Flex>
      )}
      <Modal
        open={confirming}
        title={t('marketplace.take.confirmTitle')}
        okText={t('marketplace.take.confirmOk')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !agreed, loading: taking, 'data-testid': 'market-take-confirm' }}
        onCancel={() => setConfirming(false)}
        onOk={() => void take()}
        width={620}
        destroyOnHidden
      >
        {o && terms.data ? (
          <Flex vertical gap={12}>
            <Typography.Paragraph style={{ margin: 0 }}>{t('marketplace.take.confirmBody', { title: o.title, postedBy: o.postedBy })}</Typography.Paragraph>
            <Flex gap={8} align="center" wrap>
              <Typography.Text type="secondary">{t('marketplace.fields.reward')}</Typography.Text>
              <RewardText order={o} locale={locale} strong />
              <Typography.Text type="secondary">· {pick(o.plan.name, locale)}</Typography.Text>
            </Flex>
            <TermsHash hash={terms.data.termsHash} />
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('marketplace.take.confirmNote')}
            </Typography.Paragraph>
            {refusal ? <Result status="warning" style={{ padding: 8 }} subTitle={<span data-testid="market-take-refusal">{refusal}</span>} /> : null}
            <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="market-take-agree">
              {t('marketplace.take.agree', { hash: shortHash(terms.data.termsHash) })}
            </Checkbox>
          </Flex>
        ) : null}
      </Modal>
    </>
  );
}
