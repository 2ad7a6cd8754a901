import { PassThrough, Readable } from 'node:stream';
import { type Currency, formatAmount } from '../platform/money.ts';
import type { StatementHead, StatementLine } from './service.ts';

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
    release_fee_reversal: '冲正：平台服务费收回托管',
    release_deliverer_reversal: '冲正：交付方款项收回托管',
    payment_reversal: '冲正：误记收款',
  },
  en: {
    payment: 'Payment',
    release_fee: 'Platform fee',
    release_deliverer: 'Released to deliverer',
    refund_escrow: 'Refund from escrow',
    clawback_platform: 'Platform fee clawed back',
    clawback_deliverer: 'Clawed back from deliverer',
    payout: 'Payout',
    release_fee_reversal: 'Reversal: platform fee back to escrow',
    release_deliverer_reversal: 'Reversal: deliverer share back to escrow',
    payment_reversal: 'Reversal: payment recorded wrongly',
  },
};

const OPENING = { 'zh-CN': '期初余额', en: 'Opening balance' } as const;
const CLOSING = { 'zh-CN': '期末余额', en: 'Closing balance' } as const;

export type Lang = 'zh-CN' | 'en';
export const langOf = (locale: string): Lang => (locale.toLowerCase().startsWith('en') ? 'en' : 'zh-CN');

/** The statement as rows of cells: headers, opening balance, each line, closing balance; a page of lines at a time. */
async function* rowsOf(head: StatementHead, pages: AsyncIterable<StatementLine[]>, lang: Lang): AsyncGenerator<string[][]> {
  const c: Currency = head.currency;
  yield [[...HEADERS[lang]], [head.from, '', OPENING[lang], '', '', '', '', '', formatAmount(head.opening, c), c]];
  for await (const lines of pages) {
    yield lines.map((l) => [l.businessDate, l.id, REASON_WORDS[lang][l.reason] ?? l.reason, l.placementId ?? '', l.installmentId ?? '', l.consultantId ?? '', l.account, formatAmount(l.change, c), formatAmount(l.balance, c), c]);
  }
  yield [[head.to, '', CLOSING[lang], '', '', '', '', '', formatAmount(head.closing, c), c]];
}

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** CSV (RFC 4180) with a UTF-8 byte-order mark, so spreadsheet programs read the Chinese headers right; streamed a page at a time. */
export function statementCsv(head: StatementHead, pages: AsyncIterable<StatementLine[]>, lang: Lang): Readable {
  async function* chunks(): AsyncGenerator<string> {
    yield '\uFEFF';
    for await (const rows of rowsOf(head, pages, lang)) yield rows.map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
  }
  return Readable.from(chunks());
}

/** ExcelJS is large: loaded on the first export, not at server start (idle memory, start time). */
export const loadExcel = async () => (await import('exceljs')).default;

/** Excel workbook, written as a stream a page at a time; amounts are text so no spreadsheet turns them into floating point. */
export function statementXlsx(head: StatementHead, pages: AsyncIterable<StatementLine[]>, lang: Lang): Readable {
  const out = new PassThrough();
  void (async () => {
    const wb = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet(lang === 'en' ? 'Statement' : '对账单');
    ws.columns = HEADERS[lang].map(() => ({ width: 16 }));
    let first = true;
    for await (const rows of rowsOf(head, pages, lang)) {
      for (const r of rows) {
        const row = ws.addRow(r);
        if (first) row.font = { bold: true };
        first = false;
        row.commit();
      }
    }
    ws.commit();
    await wb.commit();
  })().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}
