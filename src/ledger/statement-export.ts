import ExcelJS from 'exceljs';
import { type Currency, formatAmount } from '../platform/money.ts';
import type { Statement } from './service.ts';

/** Column headers of an exported statement, in the reader's language. */
const HEADERS = {
  'zh-CN': ['日期', '转账编号', '原因', '岗位委托编号', '分期编号', '顾问编号', '账户', '金额变动', '余额', '币种'],
  en: ['Date', 'Transfer', 'Reason', 'Placement', 'Installment', 'Consultant', 'Account', 'Change', 'Balance', 'Currency'],
} as const;

const REASON_WORDS: Record<'zh-CN' | 'en', Record<string, string>> = {
  'zh-CN': {
    payment: '收款',
    release_fee: '平台服务费',
    release_deliverer: '释放给交付方',
    refund_escrow: '托管退款',
    clawback_platform: '平台服务费追回',
    clawback_deliverer: '交付方追回',
    payout: '提现',
  },
  en: {
    payment: 'Payment',
    release_fee: 'Platform fee',
    release_deliverer: 'Released to deliverer',
    refund_escrow: 'Refund from escrow',
    clawback_platform: 'Platform fee clawed back',
    clawback_deliverer: 'Clawed back from deliverer',
    payout: 'Payout',
  },
};

const OPENING = { 'zh-CN': '期初余额', en: 'Opening balance' } as const;
const CLOSING = { 'zh-CN': '期末余额', en: 'Closing balance' } as const;

export type Lang = 'zh-CN' | 'en';
export const langOf = (locale: string): Lang => (locale.toLowerCase().startsWith('en') ? 'en' : 'zh-CN');

function rowsOf(s: Statement, lang: Lang): string[][] {
  const c: Currency = s.currency;
  const rows: string[][] = [[s.from, '', OPENING[lang], '', '', '', '', '', formatAmount(s.opening, c), c]];
  for (const l of s.lines) {
    rows.push([l.businessDate, l.id, REASON_WORDS[lang][l.reason] ?? l.reason, l.placementId ?? '', l.installmentId ?? '', l.consultantId ?? '', l.account, formatAmount(l.change, c), formatAmount(l.balance, c), c]);
  }
  rows.push([s.to, '', CLOSING[lang], '', '', '', '', '', formatAmount(s.closing, c), c]);
  return rows;
}

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** CSV (RFC 4180) with a UTF-8 byte-order mark, so spreadsheet programs read the Chinese headers right. */
export function statementCsv(s: Statement, lang: Lang): string {
  const lines = [HEADERS[lang] as readonly string[], ...rowsOf(s, lang)].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Excel workbook; amounts are text so no spreadsheet turns them into floating point. */
export async function statementXlsx(s: Statement, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(lang === 'en' ? 'Statement' : '对账单');
  ws.addRow([...HEADERS[lang]]);
  ws.getRow(1).font = { bold: true };
  for (const r of rowsOf(s, lang)) ws.addRow(r);
  ws.columns.forEach((col) => {
    col.width = 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
