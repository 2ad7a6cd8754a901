import { App, AutoComplete, Button, Card, Col, Divider, Drawer, Empty, Flex, Form, Input, InputNumber, Radio, Row, Select, Skeleton, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { showFormError } from '../../components/forms';
import { pick, shortHash } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { describeMarketError, fnLabel, levelLabel, TierTag } from './market-parts';
import { CURRENCIES, JOB_FUNCTIONS, JOB_LEVELS, WHOLE_CURRENCIES, type OrderDetail, type OrderInput, type PlanChoice, type PlanVersionWords } from '../../api/marketplace';

/** Cities offered while typing; any other city can be typed in. */
export const COMMON_CITIES = ['上海', '北京', '深圳', '广州', '杭州', '苏州', '南京', '成都', '武汉', '西安', '天津', '重庆', '厦门', '青岛', '宁波', '合肥', '长沙', '郑州', '无锡', '东莞', '佛山', '香港', '新加坡'];

type FormValues = {
  clientName?: string;
  title: string;
  city: string;
  function: OrderInput['function'];
  level: OrderInput['level'];
  headcount: number;
  currency: string;
  salaryMin: string;
  salaryMax: string;
  description?: string;
  reward: { type: 'percent_of_annual_salary' | 'fixed'; percent?: number; amount?: string };
  planVersionId: string;
};

const FIELDS = ['clientName', 'title', 'city', 'function', 'level', 'headcount', 'currency', 'salaryMin', 'salaryMax', 'description', 'reward.percent', 'reward.amount', 'planVersionId'];

const decimalRule = (currency: string) => ({
  pattern: WHOLE_CURRENCIES.includes(currency) ? /^\d+$/ : /^\d+(\.\d{1,2})?$/,
});

/**
 * Posting or editing a draft job order: the role, the pay, the reward and the after-sales plan, whose tier and
 * terms in words show beside the picker so the poster knows what consultants will accept.
 */
export function OrderFormDrawer({
  open,
  orgId,
  agency,
  editing,
  onClose,
  onSaved,
}: {
  open: boolean;
  orgId: string;
  /** An agency posts for its client (发单方) and names it. */
  agency: boolean;
  editing?: OrderDetail | null;
  onClose: () => void;
  onSaved: (order: OrderDetail) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState<'draft' | 'open' | null>(null);
  const plans = useLoad((signal) => api.get<{ items: PlanChoice[] }>('/plans', { signal }), []);
  const choices = useMemo(() => (plans.data?.items ?? []).filter((p) => p.selectable), [plans.data]);
  const planVersionId = Form.useWatch('planVersionId', form);
  const currency = Form.useWatch('currency', form) ?? 'CNY';
  const rewardType = Form.useWatch(['reward', 'type'], form) ?? 'percent_of_annual_salary';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        clientName: editing.clientName ?? undefined,
        title: editing.title,
        city: editing.city,
        function: editing.function,
        level: editing.level,
        headcount: editing.headcount,
        currency: editing.currency,
        salaryMin: editing.salaryMin,
        salaryMax: editing.salaryMax,
        description: editing.description,
        reward: editing.reward.type === 'fixed' ? { type: 'fixed', amount: editing.reward.amount } : { type: 'percent_of_annual_salary', percent: editing.reward.percent },
        planVersionId: editing.plan.versionId,
      });
    }
  }, [open, editing, form]);

  // The standard plan is what most employers pick; preselect it on a new order.
  useEffect(() => {
    if (!open || editing || form.getFieldValue('planVersionId')) return;
    const standard = choices.find((p) => p.key === 'standard') ?? choices[0];
    if (standard) form.setFieldValue('planVersionId', standard.latest.id);
  }, [open, editing, choices, form]);

  async function save(andOpen: boolean) {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body: OrderInput = {
      ...(agency ? { clientName: values.clientName?.trim() ?? '' } : {}),
      title: values.title.trim(),
      city: values.city.trim(),
      function: values.function,
      level: values.level,
      headcount: values.headcount,
      currency: values.currency,
      salaryMin: values.salaryMin.trim(),
      salaryMax: values.salaryMax.trim(),
      description: values.description?.trim() ?? '',
      reward: values.reward.type === 'fixed' ? { type: 'fixed', amount: (values.reward.amount ?? '').trim() } : { type: 'percent_of_annual_salary', percent: values.reward.percent ?? 0 },
      planVersionId: values.planVersionId,
    };
    setSaving(andOpen ? 'open' : 'draft');
    try {
      let order = editing ? await api.patch<OrderDetail>(`/orders/${editing.id}`, body) : await api.post<OrderDetail>(`/orgs/${orgId}/orders`, body);
      if (andOpen) {
        try {
          order = await api.post<OrderDetail>(`/orders/${order.id}/open`);
        } catch (error) {
          message.error(describeMarketError(error));
        }
      }
      message.success(andOpen && order.status === 'open' ? t('marketplace.form.savedAndOpened', { title: order.title }) : t('marketplace.form.saved', { title: order.title }));
      onSaved(order);
    } catch (error) {
      showFormError(form, error, FIELDS);
    } finally {
      setSaving(null);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={760}
      title={editing ? t('marketplace.form.editTitle') : t('marketplace.form.createTitle')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button loading={saving === 'draft'} disabled={saving !== null} onClick={() => void save(false)} data-testid="order-save-draft">
            {t('marketplace.form.saveDraft')}
          </Button>
          <Button type="primary" loading={saving === 'open'} disabled={saving !== null} onClick={() => void save(true)} data-testid="order-save-open">
            {t('marketplace.form.saveAndOpen')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ headcount: 1, currency: 'CNY', reward: { type: 'percent_of_annual_salary', percent: 20 } }}
        data-testid="order-form"
      >
        <Typography.Title level={5}>{t('marketplace.form.sectionRole')}</Typography.Title>
        {agency ? (
          <Form.Item name="clientName" label={t('marketplace.fields.clientName')} tooltip={t('marketplace.form.clientNameHint')} rules={[{ required: true, whitespace: true, message: t('marketplace.form.required') }]}>
            <Input maxLength={200} data-testid="order-client-name" />
          </Form.Item>
        ) : null}
        <Form.Item name="title" label={t('marketplace.fields.title')} rules={[{ required: true, whitespace: true, message: t('marketplace.form.required') }]}>
          <Input maxLength={200} placeholder={t('marketplace.form.titlePlaceholder')} data-testid="order-title" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="city" label={t('marketplace.fields.city')} rules={[{ required: true, whitespace: true, message: t('marketplace.form.required') }]}>
              <AutoComplete options={COMMON_CITIES.map((c) => ({ value: c }))} filterOption={(input, option) => (option?.value ?? '').includes(input)} maxLength={60} data-testid="order-city" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="function" label={t('marketplace.fields.function')} rules={[{ required: true, message: t('marketplace.form.required') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={JOB_FUNCTIONS.map((f) => ({ value: f, label: fnLabel(f) }))} data-testid="order-function" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="level" label={t('marketplace.fields.level')} rules={[{ required: true, message: t('marketplace.form.required') }]}>
              <Select options={JOB_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))} data-testid="order-level" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('marketplace.fields.description')}>
          <Input.TextArea rows={5} maxLength={20000} showCount placeholder={t('marketplace.form.descriptionPlaceholder')} />
        </Form.Item>

        <Divider />
        <Typography.Title level={5}>{t('marketplace.form.sectionPay')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={12} sm={6}>
            <Form.Item name="headcount" label={t('marketplace.fields.headcount')} rules={[{ required: true, message: t('marketplace.form.required') }]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} data-testid="order-headcount" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="currency" label={t('marketplace.fields.currency')} rules={[{ required: true }]}>
              <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="salaryMin"
              label={t('marketplace.fields.salaryMin')}
              rules={[{ required: true, message: t('marketplace.form.required') }, { ...decimalRule(currency), message: t('marketplace.form.amountFormat') }]}
            >
              <Input inputMode="decimal" suffix={currency} placeholder="300000" data-testid="order-salary-min" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="salaryMax"
              label={t('marketplace.fields.salaryMax')}
              dependencies={['salaryMin']}
              rules={[
                { required: true, message: t('marketplace.form.required') },
                { ...decimalRule(currency), message: t('marketplace.form.amountFormat') },
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    !value || !getFieldValue('salaryMin') || Number(value) >= Number(getFieldValue('salaryMin')) ? Promise.resolve() : Promise.reject(new Error(t('marketplace.form.salaryOrder'))),
                }),
              ]}
            >
              <Input inputMode="decimal" suffix={currency} placeholder="500000" data-testid="order-salary-max" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name={['reward', 'type']} label={t('marketplace.fields.reward')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'percent_of_annual_salary', label: t('marketplace.form.rewardPercent') },
              { value: 'fixed', label: t('marketplace.form.rewardFixed') },
            ]}
          />
        </Form.Item>
        {rewardType === 'fixed' ? (
          <Form.Item
            name={['reward', 'amount']}
            label={t('marketplace.form.rewardAmount')}
            rules={[{ required: true, message: t('marketplace.form.required') }, { ...decimalRule(currency), message: t('marketplace.form.amountFormat') }]}
          >
            <Input inputMode="decimal" suffix={currency} placeholder="50000" style={{ maxWidth: 280 }} data-testid="order-reward-amount" />
          </Form.Item>
        ) : (
          <Form.Item name={['reward', 'percent']} label={t('marketplace.form.rewardPercentLabel')} rules={[{ required: true, message: t('marketplace.form.required') }]} extra={t('marketplace.form.rewardPercentHint')}>
            <InputNumber min={0.01} max={100} step={0.5} precision={2} suffix="%" style={{ width: 200 }} data-testid="order-reward-percent" />
          </Form.Item>
        )}

        <Divider />
        <Typography.Title level={5}>{t('marketplace.form.sectionPlan')}</Typography.Title>
        <Form.Item name="planVersionId" label={t('marketplace.fields.plan')} rules={[{ required: true, message: t('marketplace.form.required') }]} extra={t('marketplace.form.planHint')}>
          <Select
            loading={plans.loading}
            data-testid="order-plan"
            options={choices.map((p) => ({
              value: p.latest.id,
              label: (
                <Flex gap={8} align="center">
                  <TierTag tier={p.tier} />
                  <span>{pick(p.name, locale)}</span>
                  <Typography.Text type="secondary">v{p.latest.version}</Typography.Text>
                  {p.owner ? <Typography.Text type="secondary">· {t('marketplace.form.customFor', { org: p.owner.orgName })}</Typography.Text> : null}
                </Flex>
              ),
            }))}
          />
        </Form.Item>
        <PlanSummary planVersionId={planVersionId} />
      </Form>
    </Drawer>
  );
}

/** The chosen plan's terms in words and its scope, so the poster sees what it offers before posting. */
function PlanSummary({ planVersionId }: { planVersionId: string | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const version = useLoad((signal) => (planVersionId ? api.get<PlanVersionWords>(`/plan-versions/${planVersionId}`, { signal }) : Promise.resolve(null)), [planVersionId]);
  if (!planVersionId) return null;
  if (version.loading) return <Skeleton active paragraph={{ rows: 4 }} />;
  const v = version.data;
  if (!v) return <Empty description={describeMarketError(version.error)} />;
  // The reward line of a plan is replaced by the order's own reward: leave it out here.
  const lines = v.wording[locale].slice(1);
  return (
    <Card size="small" data-testid="order-plan-summary" title={<Flex gap={8} align="center"><TierTag tier={v.tier} /> {pick(v.name, locale)}</Flex>} extra={<Typography.Text type="secondary" copyable={{ text: v.termsHash }}>{shortHash(v.termsHash)}</Typography.Text>}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('marketplace.form.planSummaryHint')}
      </Typography.Paragraph>
      <ul style={{ paddingInlineStart: 20, margin: 0, lineHeight: 1.7 }}>
        {lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      {v.scope.excluded.length > 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('marketplace.terms.excluded')}：{v.scope.excluded.map((x) => pick(x, locale)).join('；')}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
