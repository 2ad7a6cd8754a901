import { createHmac } from 'node:crypto';

/**
 * Group robots' documented formats, signatures and answers. Pure: the time is passed in.
 *
 * - WeCom (企业微信): POST the robot's URL (`…/cgi-bin/webhook/send?key=…`) with
 *   `{"msgtype":"markdown","markdown":{"content":…}}`; no signature (the key in the URL is the secret).
 *   Answer `{"errcode":0,"errmsg":"ok"}`; 45009 is the rate limit (20 messages a minute per robot).
 * - DingTalk (钉钉): POST `…/robot/send?access_token=…&timestamp=<ms>&sign=<s>` where s = urlencode(base64(
 *   HMAC-SHA256(key = secret, message = "<timestamp>\n<secret>"))) with `{"msgtype":"markdown","markdown":
 *   {"title":…,"text":…}}`. Answer `{"errcode":0,"errmsg":"ok"}`; 130101 is "sending too fast" (rate limit),
 *   310000 a refused signature, keyword or address.
 * - Feishu (飞书): POST `…/open-apis/bot/v2/hook/…` with `{"timestamp":"<s>","sign":<b>,"msg_type":"interactive",
 *   "card":…}` where b = base64(HMAC-SHA256(key = "<timestamp>\n<secret>", message = "")) — the string is the KEY
 *   over an empty message, unlike DingTalk. Answer `{"code":0,…}`; 9499 and 11232 are rate limits, 19021 a
 *   refused signature.
 */
export type RobotProvider = 'wecom' | 'dingtalk' | 'feishu';
export const ROBOT_PROVIDERS: readonly RobotProvider[] = ['wecom', 'dingtalk', 'feishu'];

export type RobotMessage = { title: string; lines: string[]; link: { label: string; url: string } | null; ref: string };

export type RobotRequest = { url: string; body: string };

export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', Buffer.from(`${timestampSeconds}\n${secret}`, 'utf8')).update('', 'utf8').digest('base64');
}

function markdownOf(m: RobotMessage): string {
  const parts = [`**${m.title}**`, ...m.lines];
  if (m.link) parts.push(`[${m.link.label}](${m.link.url})`);
  // The outbox id: the same message delivered twice (a crash between send and mark) shows the same reference.
  parts.push(`ref ${m.ref}`);
  return parts.join('\n\n');
}

/** The request a robot gets for `m` at `now` (the signing time). */
export function robotRequest(provider: RobotProvider, robot: { url: string; secret: string | null }, m: RobotMessage, now: Date): RobotRequest {
  if (provider === 'wecom') {
    return { url: robot.url, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: markdownOf(m) } }) };
  }
  if (provider === 'dingtalk') {
    const url = new URL(robot.url);
    if (robot.secret) {
      const t = now.getTime();
      url.searchParams.set('timestamp', String(t));
      url.searchParams.set('sign', dingtalkSign(t, robot.secret));
    }
    return { url: url.toString(), body: JSON.stringify({ msgtype: 'markdown', markdown: { title: m.title, text: markdownOf(m) } }) };
  }
  const card = {
    header: { title: { tag: 'plain_text', content: m.title }, template: 'blue' },
    elements: [
      { tag: 'markdown', content: [...m.lines, `ref ${m.ref}`].join('\n') },
      ...(m.link ? [{ tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: m.link.label }, type: 'primary', url: m.link.url }] }] : []),
    ],
  };
  const signed = robot.secret ? (() => { const t = Math.floor(now.getTime() / 1000); return { timestamp: String(t), sign: feishuSign(t, robot.secret) }; })() : {};
  return { url: robot.url, body: JSON.stringify({ ...signed, msg_type: 'interactive', card }) };
}

export type RobotVerdict = { outcome: 'delivered' } | { outcome: 'retry'; error: string } | { outcome: 'dead'; error: string };

const RATE_LIMITS: Record<RobotProvider, readonly number[]> = { wecom: [45009], dingtalk: [130101], feishu: [9499, 11232] };

/**
 * What a robot's answer means. A rate limit or a server error is tried again later; any other refusal (a wrong
 * key, signature, keyword or a malformed message) is dead at once: retrying cannot change it, ops must fix the robot.
 */
export function robotVerdict(provider: RobotProvider, status: number, body: string): RobotVerdict {
  if (status === 429 || status >= 500) return { outcome: 'retry', error: `HTTP ${status}` };
  if (status < 200 || status >= 300) return { outcome: 'dead', error: `HTTP ${status}: ${body.slice(0, 200)}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { outcome: 'retry', error: `not a JSON answer: ${body.slice(0, 200)}` };
  }
  const o = (parsed ?? {}) as Record<string, unknown>;
  // Feishu answers `code` (older robots `StatusCode`); WeCom and DingTalk `errcode`.
  const code = provider === 'feishu' ? (o.code ?? o.StatusCode) : o.errcode;
  const message = String((provider === 'feishu' ? (o.msg ?? o.StatusMessage) : o.errmsg) ?? '');
  if (code === 0) return { outcome: 'delivered' };
  if (typeof code !== 'number') return { outcome: 'retry', error: `no result code in the answer: ${body.slice(0, 200)}` };
  if (RATE_LIMITS[provider].includes(code)) return { outcome: 'retry', error: `rate limited (${code} ${message})` };
  return { outcome: 'dead', error: `refused (${code} ${message})` };
}
