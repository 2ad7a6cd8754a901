import { describe, expect, it } from 'vitest';
import { isGivenUp, nextDeliveryAttemptAt, retryAfterOf } from '../../src/platform/outbox/backoff.rules.ts';
import { languageOf, normalizeEventList, wantsEvent } from '../../src/notifications/channel-settings.rules.ts';
import { NOTIFICATION_KINDS } from '../../src/notifications/kinds.ts';
import { KIND_SENTENCES, sentenceOf, subjectPathOf } from '../../src/notifications/message-words.ts';
import { dingtalkSign, feishuSign, robotRequest, robotVerdict } from '../../src/notifications/robot-format.rules.ts';
import { signingSecrets, webhookMac, webhookSignatureHeader } from '../../src/notifications/webhook-signature.rules.ts';

const NOW = new Date('2026-11-29T09:00:00.000Z');
const later = (d: Date) => (d.getTime() - NOW.getTime()) / 1000;

describe('delivery backoff', () => {
  it('retries first within a minute, doubling, capped at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => later(nextDeliveryAttemptAt(NOW, n)))).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
  });
  it("waits at least as long as the receiver's Retry-After", () => {
    expect(later(nextDeliveryAttemptAt(NOW, 1, new Date(NOW.getTime() + 600_000)))).toBe(600);
    expect(later(nextDeliveryAttemptAt(NOW, 3, new Date(NOW.getTime() + 10_000)))).toBe(120);
  });
  it('gives up after the configured number of tries', () => {
    expect([1, 2, 3, 4].map((n) => isGivenUp(n, 3))).toEqual([false, false, true, true]);
  });
  it('reads Retry-After in seconds or as an HTTP date, at most a day', () => {
    expect(retryAfterOf('120', NOW)?.toISOString()).toBe('2026-11-29T09:02:00.000Z');
    expect(retryAfterOf('Sun, 29 Nov 2026 09:10:00 GMT', NOW)?.toISOString()).toBe('2026-11-29T09:10:00.000Z');
    expect(retryAfterOf('9999999', NOW)?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    for (const v of [undefined, '', 'soon', '0', 'Sun, 29 Nov 2026 08:00:00 GMT']) expect(retryAfterOf(v, NOW)).toBeUndefined();
  });
});

describe('channel settings', () => {
  it('matches kinds against an event list', () => {
    expect(wantsEvent(['*'], 'claim.filed')).toBe(true);
    expect(wantsEvent(['claim.filed'], 'claim.filed')).toBe(true);
    expect(wantsEvent(['claim.filed'], 'claim.refunded')).toBe(false);
    expect(wantsEvent([], 'claim.filed')).toBe(false);
  });
  it('saves a list as * alone or sorted known kinds, and names an unknown one', () => {
    const known = (k: string) => k.startsWith('claim.');
    expect(normalizeEventList(['claim.b', '*', 'x'], known)).toEqual({ ok: true, events: ['*'] });
    expect(normalizeEventList(['claim.b', 'claim.a', 'claim.b'], known)).toEqual({ ok: true, events: ['claim.a', 'claim.b'] });
    expect(normalizeEventList(['claim.a', 'task.due'], known)).toEqual({ ok: false, unknown: 'task.due' });
  });
  it('writes in the setting language, else the locale, else Chinese', () => {
    expect(languageOf({ language: 'en' }, 'zh-CN')).toBe('en');
    expect(languageOf(undefined, 'en')).toBe('en');
    expect(languageOf(undefined, 'en-US')).toBe('en');
    expect(languageOf(undefined, 'zh-CN')).toBe('zh-CN');
    expect(languageOf(undefined, undefined)).toBe('zh-CN');
  });
});

describe('message words', () => {
  it('has a sentence in both languages for every notification kind', () => {
    for (const kind of Object.keys(NOTIFICATION_KINDS)) {
      const words = (KIND_SENTENCES as Record<string, { 'zh-CN': string; en: string } | undefined>)[kind];
      expect([kind, typeof words?.['zh-CN'], typeof words?.en]).toEqual([kind, 'string', 'string']);
    }
  });
  it('fills values: amounts with their currency, stage and respondent labels, the plan name in the language', () => {
    expect(sentenceOf('installment.issued', { sequence: 2, amount: '12000.00', currency: 'CNY', dueDate: '2026-12-01' }, 'en')).toBe('Installment 2 of a placement is due on 2026-12-01: 12000.00 CNY');
    expect(sentenceOf('submission.stage_changed', { orderTitle: 'X', from: 'screening', to: 'offered' }, 'zh-CN')).toBe('「X」的一份推荐：筛选中 → 已发 offer');
    expect(sentenceOf('checkin.missed', { day: 30, respondent: 'candidate' }, 'zh-CN')).toBe('一份成单的第 30 天回访已错过（候选人）');
    expect(sentenceOf('plan.custom_published', { planVersionId: 'v', planKey: 'k', planNameZh: '华信定制', planNameEn: 'Huaxin custom', requestId: 'r' }, 'en')).toBe('The custom plan you asked for, “Huaxin custom”, is published');
    expect(sentenceOf('some.new_kind', {}, 'en')).toBe('New notification on Tenure (some.new_kind)');
  });
  it('links each subject to its page', () => {
    expect(subjectPathOf('placement', 'p1')).toBe('/placements/p1');
    expect(subjectPathOf('job_order', 'o1')).toBe('/orders/o1');
    expect(subjectPathOf('plan', 'x')).toBe('/plans');
    expect(subjectPathOf('custom_plan_request', 'x')).toBe('/');
  });
});

describe('group robot signatures and answers', () => {
  // Reference values computed with the vendors' own published Python samples (hmac, hashlib, base64, urllib.parse).
  it("DingTalk: base64 HMAC-SHA256 keyed with the secret over 'timestamp\\nsecret'", () => {
    expect(dingtalkSign(1700000000000, 'SECthis is secret')).toBe('Rtm2YK4Eu5oP8gxZgn2C87ziY6Py5sJyH4pcuwAafMU=');
    const req = robotRequest('dingtalk', { url: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret: 'SECthis is secret' }, { title: 't', lines: ['l'], link: null, ref: 'r' }, new Date(1700000000000));
    expect(req.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000&sign=Rtm2YK4Eu5oP8gxZgn2C87ziY6Py5sJyH4pcuwAafMU%3D');
    expect(JSON.parse(req.body)).toEqual({ msgtype: 'markdown', markdown: { title: 't', text: '**t**\n\nl\n\nref r' } });
  });
  it("Feishu: base64 HMAC-SHA256 keyed with 'timestamp\\nsecret' over an empty message, in the body", () => {
    expect(feishuSign(1700000000, 'feishu secret')).toBe('SEyBF69FlH+wIrNxhdrSdJaYxwpyDc7wxvztskj33kc=');
    const body = JSON.parse(robotRequest('feishu', { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', secret: 'feishu secret' }, { title: 't', lines: ['l'], link: { label: 'Open', url: 'https://t/x' }, ref: 'r' }, new Date(1700000000999)).body) as Record<string, unknown>;
    expect(body).toMatchObject({ timestamp: '1700000000', sign: 'SEyBF69FlH+wIrNxhdrSdJaYxwpyDc7wxvztskj33kc=', msg_type: 'interactive' });
  });
  it('WeCom and unsigned robots: the URL as given, no signature', () => {
    const w = robotRequest('wecom', { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K', secret: null }, { title: 't', lines: [], link: null, ref: 'r' }, NOW);
    expect(w.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K');
    expect(JSON.parse(w.body)).toEqual({ msgtype: 'markdown', markdown: { content: '**t**\n\nref r' } });
    expect(robotRequest('dingtalk', { url: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret: null }, { title: 't', lines: [], link: null, ref: 'r' }, NOW).url).toBe('https://oapi.dingtalk.com/robot/send?access_token=T');
    expect(JSON.parse(robotRequest('feishu', { url: 'https://f/x', secret: null }, { title: 't', lines: [], link: null, ref: 'r' }, NOW).body)).not.toHaveProperty('sign');
  });
  it('reads answers: ok, rate limits retried later, other refusals dead at once', () => {
    expect(robotVerdict('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ outcome: 'delivered' });
    expect(robotVerdict('wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}').outcome).toBe('retry');
    expect(robotVerdict('dingtalk', 200, '{"errcode":130101,"errmsg":"send too fast"}').outcome).toBe('retry');
    expect(robotVerdict('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}').outcome).toBe('dead');
    expect(robotVerdict('feishu', 200, '{"code":0,"msg":"success"}')).toEqual({ outcome: 'delivered' });
    expect(robotVerdict('feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}')).toEqual({ outcome: 'delivered' });
    expect(robotVerdict('feishu', 200, '{"code":9499,"msg":"too many request"}').outcome).toBe('retry');
    expect(robotVerdict('feishu', 200, '{"code":11232,"msg":"frequency limited"}').outcome).toBe('retry');
    expect(robotVerdict('feishu', 200, '{"code":19021,"msg":"sign match fail"}').outcome).toBe('dead');
    expect(robotVerdict('wecom', 502, 'bad gateway').outcome).toBe('retry');
    expect(robotVerdict('wecom', 429, '').outcome).toBe('retry');
    expect(robotVerdict('wecom', 404, 'no').outcome).toBe('dead');
    expect(robotVerdict('wecom', 200, '<html>').outcome).toBe('retry');
    expect(robotVerdict('wecom', 200, '{}').outcome).toBe('retry');
  });
});

describe('webhook signatures', () => {
  it('signs "t.body" with HMAC-SHA256, hex, one v1 per signing secret', () => {
    expect(webhookMac('whsec_test', 1700000000, '{"a":1}')).toBe('38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789');
    expect(webhookSignatureHeader(['whsec_test'], 1700000000, '{"a":1}')).toBe('t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789');
    expect(webhookSignatureHeader(['a', 'b'], 1, 'x').split(',')).toHaveLength(3);
  });
  it('signs with the previous secret too until its overlap ends', () => {
    const e = { secret: 'new', previousSecret: 'old', previousSecretUntil: '2026-11-29T10:00:00.000Z' };
    expect(signingSecrets(e, NOW)).toEqual(['new', 'old']);
    expect(signingSecrets(e, new Date('2026-11-29T10:00:00.000Z'))).toEqual(['new']);
    expect(signingSecrets({ secret: 'new', previousSecret: null, previousSecretUntil: null }, NOW)).toEqual(['new']);
  });
});
