import { FormatPainterOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Flex, Input, Row, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../api/client';
import { LoadError } from '../../components/LoadError';
import { pagesOver } from '../../components/tables';
import { ScopeItems, WordingLines } from '../../components/TermsText';
import type { Loadable } from '../../hooks';
import type { Locale } from '../../i18n/index.ts';
import type { Items } from '../../api/contract';
import type { CustomPlanRequest, PlanTier, PlanVersionDetail, RequestStatus } from '../../api/plans';

const TIER_COLORS: Record<PlanTier, string> = {
  match_only: 'default',
  standard: 'blue',
  full_lifecycle: 'gold',
  manufacturing_skill: 'cyan',
  custom: 'magenta',
};

export function TierTag({ tier }: { tier: PlanTier }) {
  const { t } = useTranslation();
  return (
    <Tag color={TIER_COLORS[tier]} data-tier={tier} style={{ marginInlineEnd: 0 }}>
      {t(`plans.tiers.${tier}`)}
    </Tag>
  );
}

const STATUS_COLORS: Record<RequestStatus, string> = { open: 'processing', published: 'success', declined: 'default' };

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`plans.requests.status.${status}`)}
    </Tag>
  );
}

/**
 * Custom-plan requests as a table (the employer's own, or ops' queue): `pageSize` to a page, `empty` when there are
 * none, and the load's error in its place when nothing could be loaded.
 */
export function RequestsTable({
  requests,
  pageSize,
  empty,
  ...table
}: { requests: Loadable<Items<CustomPlanRequest>>; pageSize: number; empty: string } & Omit<TableProps<CustomPlanRequest>, 'rowKey' | 'loading' | 'dataSource' | 'pagination' | 'locale'>) {
  if (requests.error && !requests.data) return <LoadError error={requests.error} onRetry={requests.reload} />;
  const items = requests.data?.items ?? [];
  return (
    <Table<CustomPlanRequest>
      rowKey="id"
      loading={requests.loading}
      dataSource={items}
      pagination={pagesOver(items.length, pageSize)}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      {...table}
    />
  );
}

/** What an employer asked for in a custom-plan request: its first lines, the rest a click away. */
export function RequestDescription({ text, rows }: { text: string; rows: number }) {
  return (
    <Typography.Paragraph ellipsis={{ rows, expandable: 'collapsible' }} style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
      {text}
    </Typography.Paragraph>
  );
}

/** Who a plan is for: every employer (built-in), the custom template, or one employer's custom plan. */
export function PlanKindTag({ plan }: { plan: { builtIn: boolean; selectable: boolean; owner: { orgName: string } | null } }) {
  const { t } = useTranslation();
  if (plan.builtIn && !plan.selectable) {
    return (
      <Tooltip title={t('plans.templateOnlyHint')}>
        <Tag variant="outlined" color="purple" style={{ marginInlineEnd: 0 }}>
          {t('plans.templateOnly')}
        </Tag>
      </Tooltip>
    );
  }
  if (plan.builtIn) {
    return (
      <Tag variant="outlined" style={{ marginInlineEnd: 0 }}>
        {t('plans.builtIn')}
      </Tag>
    );
  }
  return (
    <Tag variant="outlined" color="magenta" style={{ marginInlineEnd: 0 }}>
      {plan.owner ? t('plans.customFor', { org: plan.owner.orgName }) : t('plans.customPlan')}
    </Tag>
  );
}

/**
 * The scope statement and the machine rules in plain words, side by side: what both sides read and accept
 * (DESIGN §4.1). The plain words come from the server, generated from the very terms that are hashed.
 */
export function ScopeAndWording({ version, locale }: { version: PlanVersionDetail; locale: Locale }) {
  const { t } = useTranslation();
  const lines = version.wording[locale];
  return (
    <Row gutter={[16, 16]} data-testid="plan-scope-and-wording">
      <Col xs={24} lg={12}>
        <Card title={t('plans.detail.scopeTitle')} extra={<Typography.Text type="secondary">{t('plans.detail.scopeHint')}</Typography.Text>} style={{ height: '100%' }}>
          <Typography.Text strong>{t('plans.detail.included')}</Typography.Text>
          <ScopeItems items={version.scope.included} kind="included" locale={locale} empty={t('plans.detail.nothingListed')} testId="plan-scope-included" />
          <Typography.Text strong>{t('plans.detail.excluded')}</Typography.Text>
          <ScopeItems items={version.scope.excluded} kind="excluded" locale={locale} empty={t('plans.detail.nothingListed')} testId="plan-scope-excluded" />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('plans.detail.wordingTitle')} extra={<Typography.Text type="secondary">{t('plans.detail.wordingHint')}</Typography.Text>} style={{ height: '100%' }}>
          <WordingLines lines={lines} testId="plan-wording" />
        </Card>
      </Col>
    </Row>
  );
}

/** The result of reading the editor's text as JSON: the object, or what is wrong with the text. */
export function readTermsJson(text: string): { ok: true; terms: Record<string, unknown> } | { ok: false; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: 'terms must be a JSON object' };
  return { ok: true, terms: parsed as Record<string, unknown> };
}

export const prettyTerms = (terms: unknown): string => JSON.stringify(terms, null, 2);

/** What went wrong with submitted terms, for the line under the editor: the JSON itself, or the place the API names. */
export type TermsProblem = { kind: 'json'; message: string } | { kind: 'api'; error: unknown };

/** The text of a terms editor and what is wrong with it: what the plan editor and the custom-plan publisher share. */
export function useTermsDraft() {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<TermsProblem | null>(null);
  /** New text (typed, formatted, reset or a fresh start): a problem shown was about the old text. */
  const write = (next: string) => {
    setText(next);
    setProblem(null);
  };
  /** The terms the text holds; null, with the JSON problem shown under the editor, when it holds none. */
  const read = (): Record<string, unknown> | null => {
    const result = readTermsJson(text);
    if (!result.ok) {
      setProblem({ kind: 'json', message: result.message });
      return null;
    }
    setProblem(null);
    return result.terms;
  };
  /** Shows the API's refusal of the terms under the editor. */
  const refuse = (error: unknown) => setProblem({ kind: 'api', error });
  return { text, problem, write, read, refuse };
}

/** Whether an API error is about the terms (its `details.field` starts with `terms`), so it belongs under the editor. */
export function isTermsError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'invalid_input' && (error.field === 'terms' || (error.field?.startsWith('terms.') ?? false) || (error.field?.startsWith('terms[') ?? false));
}

/**
 * A JSON editor for complete terms: monospace, with "format" and "reset" helpers, and the validation problem shown
 * right under it (the API names the place, e.g. `terms.guarantee.days`).
 */
export function TermsJsonEditor({
  value,
  onChange,
  onReset,
  problem,
  testId,
  rows = 22,
}: {
  value: string;
  onChange: (text: string) => void;
  onReset?: () => void;
  problem: TermsProblem | null;
  testId: string;
  rows?: number;
}) {
  const { t } = useTranslation();
  const field = problem?.kind === 'api' && problem.error instanceof ApiError ? problem.error.field : undefined;
  const message =
    problem === null ? null : problem.kind === 'json' ? t('plans.editor.badJson', { message: problem.message }) : problem.error instanceof ApiError ? problem.error.message : describeError(problem.error);
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('plans.editor.hint')}</Typography.Text>
        <Flex gap={8}>
          <Button
            size="small"
            icon={<FormatPainterOutlined />}
            onClick={() => {
              const read = readTermsJson(value);
              if (read.ok) onChange(prettyTerms(read.terms));
            }}
          >
            {t('plans.editor.format')}
          </Button>
          {onReset ? (
            <Button size="small" icon={<UndoOutlined />} onClick={onReset}>
              {t('plans.editor.reset')}
            </Button>
          ) : null}
        </Flex>
      </Flex>
      <Input.TextArea
        value={value}
        onChange={(event) => onChange(event.target.value)}
        rows={rows}
        spellCheck={false}
        status={problem ? 'error' : undefined}
        aria-invalid={problem ? true : undefined}
        data-testid={testId}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12, lineHeight: 1.5 }}
      />
      {problem ? (
        <Alert
          type="error"
          showIcon
          data-testid={`${testId}-error`}
          role="alert"
          title={
            problem.kind === 'json'
              ? t('plans.editor.jsonInvalid')
              : problem.error instanceof ApiError && problem.error.code === 'conflict'
                ? t('plans.editor.conflict')
                : t('plans.editor.termsInvalid')
          }
          description={
            <Flex vertical gap={4}>
              {field ? (
                <Typography.Text>
                  {t('plans.editor.where')} <Typography.Text code>{field}</Typography.Text>
                </Typography.Text>
              ) : null}
              <Typography.Text>{message}</Typography.Text>
            </Flex>
          }
        />
      ) : null}
    </Flex>
  );
}
