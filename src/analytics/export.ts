import { formatAmount, type Currency } from '../platform/money.ts';
import type { AnalyticsReport, CurveView } from './service.ts';

/** The analytics tables a user can download, each as CSV or Excel (docs/analytics.md). */
export const ANALYTICS_TABLES = ['survival', 'guarantee', 'claims', 'refunds', 'disputes', 'checkins', 'satisfaction', 'renewal', 'sla'] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

export type Lang = 'zh-CN' | 'en';
export const langOf = (locale: string): Lang => (locale.toLowerCase().startsWith('en') ? 'en' : 'zh-CN');

type Sheet = { name: string; headers: string[]; rows: (string | number)[][] };

const share = (v: number | null): string => (v === null ? '' : v.toFixed(4));
const CLAIM_STATES = ['rejected', 'pending_review', 'awaiting_remedy', 'refunded', 'replacement_pending', 'replacement_overdue', 'replaced'] as const;

const H: Record<AnalyticsTable, Record<Lang, { name: string; headers: string[] }>> = {
  survival: {
    'zh-CN': { name: '留任生存曲线', headers: ['维度', '分组', '在职天数', '风险集', '离职', '删失', '留存率', '置信下限', '置信上限'] },
    en: { name: 'Retention survival', headers: ['Dimension', 'Group', 'Days', 'At risk', 'Departures', 'Censored', 'Survival', 'Lower', 'Upper'] },
  },
  guarantee: {
    'zh-CN': { name: '保障期通过率', headers: ['维度', '分组', '通过', '未通过', '保障期中', '通过率'] },
    en: { name: 'Guarantee pass rate', headers: ['Dimension', 'Group', 'Passed', 'Failed', 'Running', 'Pass rate'] },
  },
  claims: {
    'zh-CN': { name: '索赔原因', headers: ['原因', '合计', ...CLAIM_STATES] },
    en: { name: 'Claims by reason', headers: ['Reason', 'Total', ...CLAIM_STATES] },
  },
  refunds: {
    'zh-CN': { name: '退款', headers: ['币种', '笔数', '现金退款', '退还服务费', '仍需支付'] },
    en: { name: 'Refunds', headers: ['Currency', 'Count', 'Cash refunded', 'Fee refunded', 'Still due'] },
  },
  disputes: {
    'zh-CN': { name: '争议与结果', headers: ['类型', '合计', '进行中', '维持', '推翻', '调整'] },
    en: { name: 'Disputes and outcomes', headers: ['Type', 'Total', 'Open', 'Upheld', 'Overturned', 'Adjusted'] },
  },
  checkins: {
    'zh-CN': { name: '回访响应率', headers: ['填写方', '已填写', '已错过', '进行中', '未开放', '响应率'] },
    en: { name: 'Check-in response rate', headers: ['Respondent', 'Answered', 'Missed', 'Open', 'Scheduled', 'Response rate'] },
  },
  satisfaction: {
    'zh-CN': { name: '满意度', headers: ['填写方', '回答数', '平均分', '1 分', '2 分', '3 分', '4 分', '5 分'] },
    en: { name: 'Satisfaction', headers: ['Respondent', 'Answers', 'Mean', '1', '2', '3', '4', '5'] },
  },
  renewal: {
    'zh-CN': { name: '续约率', headers: ['有入职的雇主', '已可判定', '180 天内再次发单', '续约率'] },
    en: { name: 'Renewal rate', headers: ['Employers with a placement', 'Decided', 'Posted again within 180 days', 'Renewal rate'] },
  },
  sla: {
    'zh-CN': { name: 'SLA 达成', headers: ['项目', '按时', '迟到', '逾期', '进行中', '按时率'] },
    en: { name: 'SLA adherence', headers: ['Item', 'On time', 'Late', 'Overdue', 'Pending', 'On-time rate'] },
  },
};

const DIMENSIONS = { 'zh-CN': { all: '全部', plan: '方案', agency: '机构', consultant: '顾问' }, en: { all: 'All', plan: 'Plan', agency: 'Agency', consultant: 'Consultant' } } as const;

function curveRows(dimension: string, group: string, c: CurveView): (string | number)[][] {
  return c.points.map((p) => [dimension, group, p.time, p.atRisk, p.departures, p.censored, p.survival.toFixed(4), share(p.lower), share(p.upper)]);
}

/** One table of the report as a sheet: the header row in the reader's language, then its rows. */
export function sheetOf(r: AnalyticsReport, table: AnalyticsTable, lang: Lang): Sheet {
  const { name, headers } = H[table][lang];
  const dim = DIMENSIONS[lang];
  const rows: (string | number)[][] = [];
  switch (table) {
    case 'survival':
      rows.push(...curveRows(dim.all, dim.all, r.survival.overall));
      for (const g of r.survival.byPlan) rows.push(...curveRows(dim.plan, g.label, g.curve));
      for (const g of r.survival.byAgency) rows.push(...curveRows(dim.agency, g.label, g.curve));
      for (const g of r.survival.byConsultant) rows.push(...curveRows(dim.consultant, g.label, g.curve));
      break;
    case 'guarantee': {
      const o = r.guarantee.overall;
      rows.push([dim.all, dim.all, o.passed, o.failed, o.running, share(o.rate)]);
      for (const g of r.guarantee.byPlan) rows.push([dim.plan, g.label, g.passed, g.failed, g.running, share(g.rate)]);
      for (const g of r.guarantee.byAgency) rows.push([dim.agency, g.label, g.passed, g.failed, g.running, share(g.rate)]);
      break;
    }
    case 'claims':
      for (const c of r.claims.byReason) rows.push([c.reason, c.total, ...CLAIM_STATES.map((s) => c.byState[s] ?? 0)]);
      break;
    case 'refunds':
      for (const x of r.refunds) {
        const c = x.currency as Currency;
        rows.push([c, x.count, formatAmount(x.cashRefund, c), formatAmount(x.refund, c), formatAmount(x.stillDue, c)]);
      }
      break;
    case 'disputes':
      for (const d of r.disputes.byType) rows.push([d.type, d.total, d.open, d.uphold, d.overturn, d.adjust]);
      break;
    case 'checkins':
      for (const k of ['employer', 'candidate'] as const) {
        const c = r.checkins[k];
        rows.push([k, c.answered, c.missed, c.open, c.scheduled, share(c.rate)]);
      }
      break;
    case 'satisfaction':
      for (const k of ['candidate', 'employer'] as const) {
        const s = r.satisfaction[k];
        rows.push([k, s.answers, s.mean === null ? '' : s.mean.toFixed(2), ...s.distribution]);
      }
      break;
    case 'renewal':
      rows.push([r.renewal.employers, r.renewal.eligible, r.renewal.renewed, share(r.renewal.rate)]);
      break;
    case 'sla': {
      const t = r.sla.tasks;
      rows.push(['tasks', t.onTime, t.late, t.overdue, t.open, share(t.rate)]);
      for (const k of r.sla.byKind) rows.push([`tasks:${k.kind}`, k.onTime, k.late, k.overdue, k.open, share(k.rate)]);
      const c = r.checkins.employer;
      rows.push(['checkins:employer', c.answered, 0, c.missed, c.open, share(c.rate)]);
      const x = r.sla.replacements;
      rows.push(['replacements', x.delivered, x.refundedInstead, x.overdue, x.pending, share(x.rate)]);
      break;
    }
  }
  return { name, headers, rows };
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** CSV (RFC 4180) with a UTF-8 byte-order mark, so spreadsheet programs read the Chinese headers right. */
export function sheetCsv(sheet: Sheet): string {
  return `\uFEFF${[sheet.headers, ...sheet.rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** An Excel workbook of one sheet, the header row bold. */
export async function sheetXlsx(sheet: Sheet): Promise<Buffer> {
  // Loaded on the first export, not at server start.
  const wb = new (await import('exceljs')).default.Workbook();
  const ws = wb.addWorksheet(sheet.name.slice(0, 31));
  ws.columns = sheet.headers.map(() => ({ width: 16 }));
  ws.addRow(sheet.headers).font = { bold: true };
  for (const r of sheet.rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
