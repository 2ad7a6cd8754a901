import nodemailer from 'nodemailer';
import { openSecret } from '../platform/auth/secret-box.ts';
import type { AppDeps } from '../platform/deps.ts';
import { retryAfterOf } from '../platform/outbox/backoff.rules.ts';
import type { OutboxSender, OutboxSenders, SendResult } from '../platform/outbox/delivery.ts';
import { AddressRefused, guardedPost } from '../platform/outbox/guarded-http.ts';
import type { ClaimedMessage } from '../platform/outbox/outbox.ts';
import * as channels from './channels.store.ts';
import { checkinLinkEmail, itemEmail, type CheckinLinkEmail, type RenderedEmail } from './email-templates.ts';
import type { ItemEmailPayload, RobotPayload, WebhookPayload } from './fanout.ts';
import { sentenceOf, subjectPathOf } from './message-words.ts';
import { robotRequest, robotVerdict, type RobotMessage, type RobotProvider } from './robot-format.rules.ts';
import { isDelivered, signingSecrets, webhookSignatureHeader, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.rules.ts';

type SenderDeps = Pick<AppDeps, 'db' | 'config' | 'wallClock' | 'keyedHashSecret'>;

/** The outbox's senders: e-mail over SMTP, the three group robots, and signed webhooks. */
export function notificationSenders(deps: SenderDeps, origin: string): OutboxSenders {
  const robot = robotSender(deps, origin);
  return { email: emailSender(deps, origin), webhook: webhookSender(deps), wecom: robot, dingtalk: robot, feishu: robot };
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function renderEmail(msg: ClaimedMessage, origin: string): { to: string; mail: RenderedEmail } {
  const p = msg.payload as ItemEmailPayload | CheckinLinkEmail;
  if ('template' in p) return { to: p.to, mail: checkinLinkEmail(p, msg.id) };
  return { to: p.to, mail: itemEmail(p, origin, msg.id) };
}

/**
 * E-mail over SMTP (TENURE_SMTP_URL). Without a server configured an e-mail is HELD: kept in the outbox, visible
 * to ops, sent when ops resend it after configuring SMTP (not sent in bulk by surprise). The outbox id is the
 * Message-ID and the `X-Tenure-Idempotency-Key` header. A 4xx answer is tried again; a 5xx (no such mailbox) is dead.
 */
function emailSender(deps: SenderDeps, origin: string): OutboxSender {
  const url = deps.config.smtpUrl;
  if (!url) return () => Promise.resolve({ outcome: 'held', error: 'no SMTP server configured (TENURE_SMTP_URL)' });
  const transport = nodemailer.createTransport(url, { from: deps.config.smtpFrom });
  return async (msg) => {
    const { to, mail } = renderEmail(msg, origin);
    try {
      await transport.sendMail({
        from: deps.config.smtpFrom,
        to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${msg.id}@tenure.outbox>`,
        headers: { 'X-Tenure-Idempotency-Key': msg.id },
      });
      return { outcome: 'delivered' };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (typeof code === 'number' && code >= 500) return { outcome: 'dead', statusCode: code, error: errorText(err) };
      return { outcome: 'retry', ...(typeof code === 'number' ? { statusCode: code } : {}), error: errorText(err) };
    }
  };
}

/** A network failure is tried again; an address the guard refuses (DNS now answers a private one) is dead. */
function networkFailure(err: unknown): SendResult {
  if (err instanceof AddressRefused) return { outcome: 'dead', error: err.message };
  return { outcome: 'retry', error: errorText(err) };
}

/** A signed POST of the delivery's exact body; any 2xx delivers it; others are retried (Retry-After honoured). */
function webhookSender(deps: SenderDeps): OutboxSender {
  return async (msg) => {
    const endpoint = msg.targetId ? await channels.findEndpoint(deps.db, msg.targetId) : undefined;
    if (!endpoint) return { outcome: 'dead', error: 'the webhook endpoint was deleted' };
    const { body } = msg.payload as WebhookPayload;
    const now = deps.wallClock.now();
    const t = Math.floor(now.getTime() / 1000);
    const headers = {
      [WEBHOOK_SIGNATURE_HEADER]: webhookSignatureHeader(signingSecrets(endpoint, now).map((stored) => openSecret(deps.keyedHashSecret, stored)), t, body),
      'Tenure-Delivery-Id': msg.id,
      'Idempotency-Key': msg.id,
      'Tenure-Event': msg.eventType,
    };
    try {
      const reply = await guardedPost(endpoint.url, body, headers, { timeoutMs: deps.config.webhookTimeoutMs, allowPrivate: deps.config.allowPrivateWebhooks });
      if (isDelivered(reply.status)) return { outcome: 'delivered', statusCode: reply.status };
      const retryAfter = reply.headers['retry-after'];
      return { outcome: 'retry', statusCode: reply.status, error: `HTTP ${reply.status}: ${reply.body.slice(0, 200)}`, notBefore: retryAfterOf(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, now) };
    } catch (err) {
      return networkFailure(err);
    }
  };
}

/** A robot message in the robot's language, linking to the item's page. */
export function robotMessageOf(p: RobotPayload, language: 'zh-CN' | 'en', origin: string, ref: string): RobotMessage {
  const sentence = sentenceOf(p.kind, p.params, language);
  return { title: language === 'zh-CN' ? '稳聘通知' : 'Tenure', lines: [sentence], link: { label: language === 'zh-CN' ? '查看' : 'Open', url: `${origin}${subjectPathOf(p.subjectType, p.subjectId)}` }, ref };
}

/**
 * Sends `m` to a robot now and says what its answer means (the outbox's sender, and the "send a test message"
 * button). `robot.secret` is as stored (sealed), opened here only to sign.
 */
export async function sendToRobot(deps: SenderDeps, robot: { provider: RobotProvider; url: string; secret: string | null }, m: RobotMessage): Promise<SendResult> {
  const secret = robot.secret === null ? null : openSecret(deps.keyedHashSecret, robot.secret);
  const req = robotRequest(robot.provider, { url: robot.url, secret }, m, deps.wallClock.now());
  try {
    const reply = await guardedPost(req.url, req.body, {}, { timeoutMs: deps.config.webhookTimeoutMs, allowPrivate: deps.config.allowPrivateWebhooks });
    const v = robotVerdict(robot.provider, reply.status, reply.body);
    return v.outcome === 'delivered' ? { outcome: 'delivered', statusCode: reply.status } : { ...v, statusCode: reply.status };
  } catch (err) {
    return networkFailure(err);
  }
}

function robotSender(deps: SenderDeps, origin: string): OutboxSender {
  return async (msg) => {
    const robot = msg.targetId ? await channels.findRobot(deps.db, msg.targetId) : undefined;
    if (!robot) return { outcome: 'dead', error: 'the robot was deleted' };
    return sendToRobot(deps, robot, robotMessageOf(msg.payload as RobotPayload, robot.language, origin, msg.id));
  };
}
