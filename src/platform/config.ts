import { resolve } from 'node:path';
import { z } from 'zod';

/** `S=0,A=120,B=360,C=1440`: a whole number for each tier, in that order. */
function tierMap(unit: string) {
  return z.string().regex(/^S=\d+,A=\d+,B=\d+,C=\d+$/, { error: `must look like S=0,A=120,B=360,C=1440 (${unit} per tier)` });
}

export type TierNumbers = { S: number; A: number; B: number; C: number };

function parseNumbers<K extends string>(value: string): Record<K, number> {
  return Object.fromEntries(value.split(',').map((pair) => { const [k, v] = pair.split('='); return [k, Number(v)]; })) as Record<K, number>;
}

/** Every configuration variable Tenure reads, in one place (documented in README.md). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  TENURE_DATA_DIR: z.string().default('./data'),
  TENURE_CLOCK: z.enum(['system', 'manual']).default('system'),
  TENURE_CLOCK_START: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' })
    .refine((d) => !Number.isNaN(Date.parse(`${d}T09:00:00Z`)) && new Date(`${d}T09:00:00Z`).toISOString().startsWith(d), { error: 'must be a real calendar date' })
    .optional(),
  TENURE_SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  TENURE_AUDIT_PRIVATE_KEY: z.string().optional(),
  TENURE_KEYED_HASH_SECRET: z.string().min(32).optional(),
  TENURE_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(120),
  TENURE_SESSION_MAX_HOURS: z.coerce.number().int().positive().default(72),
  TENURE_LOGIN_MAX_FAILURES_PER_PAIR: z.coerce.number().int().positive().default(5),
  TENURE_LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(50),
  TENURE_LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(100),
  TENURE_LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  TENURE_WORKER: z.enum(['on', 'off']).default('on'),
  TENURE_WORKER_INTERVAL_MS: z.coerce.number().int().positive().default(2000),
  TENURE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TENURE_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TENURE_TRUST_PROXY: z.string().default('false'),
  TENURE_MAX_ENGAGEMENTS: z.coerce.number().int().positive().optional(),
  TENURE_TRAFFIC_WAVES: tierMap('minutes').default('S=0,A=120,B=360,C=1440'),
  TENURE_ENGAGEMENT_CAPS: tierMap('engagements').default('S=15,A=10,B=6,C=3'),
  TENURE_RATING_TIERS: z
    .string()
    .regex(/^S=-?\d+(\.\d+)?,A=-?\d+(\.\d+)?,B=-?\d+(\.\d+)?$/, { error: 'must look like S=6,A=2,B=-4 (score points above the platform mean)' })
    .default('S=6,A=2,B=-4'),

  TENURE_OWNERSHIP_DAYS: z.coerce.number().int().positive().default(90),
  TENURE_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  TENURE_PAYMENT_WEBHOOK_SECRET: z.string().optional(),
  TENURE_METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  TENURE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  TENURE_BACKGROUND_CHECK_URL: z.string().url().optional().or(z.literal('')),
  TENURE_BACKGROUND_CHECK_SECRET: z.string().min(16, { error: 'must be at least 16 characters' }).optional().or(z.literal('')),
  TENURE_PUBLIC_URL: z.string().url().optional().or(z.literal('')),
  TENURE_DEMO_PROVIDER_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  TENURE_SMTP_URL: z.string().regex(/^smtps?:\/\//, { error: 'must be an smtp:// or smtps:// URL' }).optional(),
  TENURE_SMTP_FROM: z.string().min(3).default('稳聘 Tenure <no-reply@tenure.local>'),
  TENURE_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  TENURE_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  TENURE_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  TENURE_ALLOW_PRIVATE_WEBHOOKS: z.enum(['0', '1']).optional(),
  TENURE_QUERY_COUNT: z.enum(['0', '1']).default('0'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sqlitePath: string;
  clockMode: 'system' | 'manual';
  /** The manual clock's first date (09:00 UTC) when it has none stored yet; the real date otherwise. */
  clockStart: string | undefined;
  seedDemo: 'auto' | 'never';
  auditPrivateKeyPem: string | undefined;
  keyedHashSecret: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  login: { maxFailuresPerPair: number; maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };
  worker: boolean;
  workerIntervalMs: number;
  logLevel: z.infer<typeof EnvSchema>['TENURE_LOG_LEVEL'];
  cookieSecure: 'auto' | 'true' | 'false';
  /** Whom to believe in X-Forwarded-For/-Proto: nobody (false), every hop (true), a hop count, or these addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  /** An override of every tier's engagement cap (TENURE_MAX_ENGAGEMENTS); unset, the cap is the tier's. */
  maxEngagements: number | undefined;
  /** Traffic by tier (DESIGN §4.9): minutes after an order opens before each tier sees it; concurrent engagement caps. */
  traffic: { waveMinutes: TierNumbers; engagementCap: TierNumbers };
  /** Tier thresholds in score points relative to the platform's score. */
  ratingTiers: { S: number; A: number; B: number };
  ownershipDays: number;
  maxUploadBytes: number;
  /** Shared with the payment provider: its callbacks are signed with it (HMAC-SHA256). Unset: callbacks are refused. */
  paymentWebhookSecret: string | undefined;
  /** When set, /metrics answers only `Authorization: Bearer <this>`. */
  metricsToken: string | undefined;
  /** How long a shutdown waits for in-flight requests and the running obligation before it gives up. */
  shutdownTimeoutMs: number;
  /**
   * The background-check provider (docs/integrations.md): Tenure POSTs orders to `url` and the provider calls back,
   * both signed with `secret`. Unset: the in-process demo provider answers (`demoDelayMs` after an order).
   */
  backgroundChecks: { url: string | undefined; secret: string | undefined; demoDelayMs: number };
  /** Where providers outside reach this Tenure (their callbacks); unset: the address it listens on. */
  publicUrl: string | undefined;
  /** Where e-mail goes (smtp://user:pass@host:port or smtps://…). Unset: e-mails are held in the outbox. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Failed tries after which a delivery is dead-lettered (ops can resend it). */
  outboxMaxAttempts: number;
  /** How long a webhook or robot has to answer a delivery. */
  webhookTimeoutMs: number;
  /** Webhook and robot URLs may point at loopback and private addresses (tests, an on-premises integrator). */
  allowPrivateWebhooks: boolean;
  /** Each API answer says how many queries it ran and their time (`Server-Timing: db;dur=…;desc="N queries"`). */
  queryCount: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${issue?.path.join('.')} ${issue?.message}`);
  }
  const e = parsed.data;
  if (e.TENURE_BACKGROUND_CHECK_URL && !e.TENURE_BACKGROUND_CHECK_SECRET) throw new Error('configuration: TENURE_BACKGROUND_CHECK_SECRET is needed with TENURE_BACKGROUND_CHECK_URL (the provider signs its callbacks with it)');
  const dataDir = resolve(e.TENURE_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir,
    sqlitePath: resolve(dataDir, 'tenure.sqlite'),
    clockMode: e.TENURE_CLOCK,
    clockStart: e.TENURE_CLOCK_START,
    seedDemo: e.TENURE_SEED_DEMO,
    auditPrivateKeyPem: e.TENURE_AUDIT_PRIVATE_KEY,
    keyedHashSecret: e.TENURE_KEYED_HASH_SECRET,
    sessionIdleMinutes: e.TENURE_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.TENURE_SESSION_MAX_HOURS,
    login: {
      maxFailuresPerPair: e.TENURE_LOGIN_MAX_FAILURES_PER_PAIR,
      maxFailuresPerAccount: e.TENURE_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.TENURE_LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMinutes: e.TENURE_LOGIN_WINDOW_MINUTES,
    },
    worker: e.TENURE_WORKER === 'on',
    workerIntervalMs: e.TENURE_WORKER_INTERVAL_MS,
    logLevel: e.TENURE_LOG_LEVEL,
    cookieSecure: e.TENURE_COOKIE_SECURE,
    trustProxy: parseTrustProxy(e.TENURE_TRUST_PROXY),
    maxEngagements: e.TENURE_MAX_ENGAGEMENTS,
    traffic: { waveMinutes: parseNumbers<keyof TierNumbers>(e.TENURE_TRAFFIC_WAVES), engagementCap: parseNumbers<keyof TierNumbers>(e.TENURE_ENGAGEMENT_CAPS) },
    ratingTiers: parseNumbers<'S' | 'A' | 'B'>(e.TENURE_RATING_TIERS),
    ownershipDays: e.TENURE_OWNERSHIP_DAYS,
    maxUploadBytes: e.TENURE_MAX_UPLOAD_BYTES,
    paymentWebhookSecret: e.TENURE_PAYMENT_WEBHOOK_SECRET || undefined,
    metricsToken: e.TENURE_METRICS_TOKEN || undefined,
    shutdownTimeoutMs: e.TENURE_SHUTDOWN_TIMEOUT_MS,
    backgroundChecks: { url: e.TENURE_BACKGROUND_CHECK_URL || undefined, secret: e.TENURE_BACKGROUND_CHECK_SECRET || undefined, demoDelayMs: e.TENURE_DEMO_PROVIDER_DELAY_MS },
    publicUrl: e.TENURE_PUBLIC_URL ? e.TENURE_PUBLIC_URL.replace(/\/+$/, '') : undefined,
    smtpUrl: e.TENURE_SMTP_URL || undefined,
    smtpFrom: e.TENURE_SMTP_FROM,
    outboxMaxAttempts: e.TENURE_OUTBOX_MAX_ATTEMPTS,
    webhookTimeoutMs: e.TENURE_WEBHOOK_TIMEOUT_MS,
    allowPrivateWebhooks: e.TENURE_WEBHOOK_ALLOW_PRIVATE === '1' || e.TENURE_ALLOW_PRIVATE_WEBHOOKS === '1',
    queryCount: e.TENURE_QUERY_COUNT === '1',
    ...overrides,
  };
}

/**
 * TENURE_TRUST_PROXY: `false` (default: the client is the TCP peer), `true` (believe every X-Forwarded-For
 * hop: only when nothing but the proxy can reach Tenure), a number of proxy hops, or the proxies' addresses
 * or CIDRs separated by commas (`10.0.0.5,10.0.1.0/24`).
 */
function parseTrustProxy(value: string): boolean | number | string[] {
  const v = value.trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((a) => a.trim()).filter((a) => a !== '');
}
