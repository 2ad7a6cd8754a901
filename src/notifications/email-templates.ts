import { sentenceOf, subjectPathOf, type MessageLanguage } from './message-words.ts';

/** An e-mail as rendered: subject, plain-text part and HTML part (the same words). */
export type RenderedEmail = { subject: string; text: string; html: string };

/** The candidate's check-in link (aftercare): sent to the candidate, in Chinese then English. */
export type CheckinLinkEmail = { template: 'checkin.link'; to: string; url: string; day: number; closesOn: string; expiresAt: string };

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const FOOTER: Record<MessageLanguage, string> = {
  'zh-CN': '您收到这封邮件，是因为您在稳聘的通知设置中开启了邮件。可在「通知设置」中关闭。',
  en: 'You receive this e-mail because e-mail is on in your Tenure notification settings; turn it off there.',
};
const OPEN: Record<MessageLanguage, string> = { 'zh-CN': '在稳聘中查看', en: 'Open in Tenure' };

function page(lang: MessageLanguage, title: string, paragraphs: string[], link: { label: string; url: string } | null, ref: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join('');
  const button = link ? `<p style="margin:16px 0"><a href="${escapeHtml(link.url)}" style="background:#1677ff;color:#fff;padding:8px 16px;border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a></p>` : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;color:#1f1f1f"><h2 style="font-size:18px">${escapeHtml(title)}</h2>${body}${button}<p style="color:#8c8c8c;font-size:12px">ref ${escapeHtml(ref)}</p></body></html>`;
}

/** An e-mail announcing an inbox item, in the reader's language, linking to the item's page. */
export function itemEmail(p: { language: MessageLanguage; kind: string; params: Record<string, string | number>; subjectType: string; subjectId: string }, origin: string, ref: string): RenderedEmail {
  const sentence = sentenceOf(p.kind, p.params, p.language);
  const subject = `${p.language === 'zh-CN' ? '【稳聘】' : '[Tenure] '}${sentence}`;
  const url = `${origin}${subjectPathOf(p.subjectType, p.subjectId)}`;
  const text = [sentence, '', `${OPEN[p.language]}: ${url}`, '', FOOTER[p.language], `ref ${ref}`].join('\n');
  return { subject, text, html: page(p.language, sentence, [sentence, FOOTER[p.language]], { label: OPEN[p.language], url }, ref) };
}

/** The candidate's check-in invitation: both languages in one e-mail (a candidate has no language setting). */
export function checkinLinkEmail(p: CheckinLinkEmail, ref: string): RenderedEmail {
  const zh = [`您好！这是您入职第 ${p.day} 天的回访问卷，请在 ${p.closesOn} 前填写（约两分钟）。`, '问卷只问您的工作感受，您的回答会帮助双方把工作安排得更好。'];
  const en = [`Hello! This is your day-${p.day} check-in after starting your new job. Please answer by ${p.closesOn} (about two minutes).`, 'It asks only how the work is going for you.'];
  const subject = `【稳聘】入职第 ${p.day} 天回访 / Your day-${p.day} check-in`;
  const text = [...zh, `填写问卷：${p.url}`, '', ...en, `Answer here: ${p.url}`, '', `链接有效期至 / The link is valid until ${p.expiresAt}`, `ref ${ref}`].join('\n');
  const html = page('zh-CN', subject, [...zh, ...en, `链接有效期至 / The link is valid until ${p.expiresAt}`], { label: '填写问卷 / Answer', url: p.url }, ref);
  return { subject, text, html };
}
