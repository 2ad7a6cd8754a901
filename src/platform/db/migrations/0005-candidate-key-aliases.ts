import type { Migration } from '../migrate.ts';

/**
 * Ownership protection compares candidates by normalized phone and e-mail keys. The normalization grew to see
 * through aliases (an e-mail "+tag", Gmail dots and googlemail.com, a "(0)" trunk prefix, a "tel:" scheme, "00"
 * for "+"), so the keys stored before must be recomputed, or an old submission would not protect its candidate
 * against the aliases. The normalization is copied here as it is today, on purpose: a migration must mean the
 * same thing forever, whatever the live rules (src/submissions/ownership.rules.ts) become later.
 */

const PHONE_SEPARATORS = /[\s\-\u2010-\u2015\u2212.()/]/g;
const CHINA_PREFIXED_MOBILE = /^(?:\+86|0086|86)(1\d{10})$/;
const TRUNK_AFTER_COUNTRY_CODE = /^(\s*(?:\+|00)\s*\d{1,3})\s*\(\s*0\s*\)/;
const TEL_SCHEME = /^\s*tel:/i;

function phoneKey(raw: string | null): string | null {
  if (raw === null) return null;
  const stripped = raw.normalize('NFKC').replace(TEL_SCHEME, '').replace(TRUNK_AFTER_COUNTRY_CODE, '$1').replace(PHONE_SEPARATORS, '');
  if (stripped === '') return null;
  const international = stripped.startsWith('00') ? `+${stripped.slice(2)}` : stripped;
  return CHINA_PREFIXED_MOBILE.exec(international)?.[1] ?? international;
}

function emailKey(raw: string | null): string | null {
  if (raw === null) return null;
  const key = raw.normalize('NFKC').trim().toLowerCase();
  if (key === '') return null;
  const at = key.lastIndexOf('@');
  if (at <= 0) return key;
  let name = key.slice(0, at);
  let domain = key.slice(at + 1);
  const plus = name.indexOf('+');
  if (plus > 0) name = name.slice(0, plus);
  if (domain === 'gmail.com' || domain === 'googlemail.com') {
    domain = 'gmail.com';
    name = name.replace(/\./g, '') || name;
  }
  return `${name}@${domain}`;
}

export const candidateKeyAliases: Migration = {
  version: '0005-candidate-key-aliases',
  async up(db) {
    const rows: { id: string; phone: string | null; email: string | null; phone_key: string | null; email_key: string | null }[] = await db
      .selectFrom('submissions')
      .select(['id', 'phone', 'email', 'phone_key', 'email_key'])
      .execute();
    for (const r of rows) {
      const keys = { phone_key: phoneKey(r.phone), email_key: emailKey(r.email) };
      if (keys.phone_key !== r.phone_key || keys.email_key !== r.email_key) await db.updateTable('submissions').set(keys).where('id', '=', r.id).execute();
    }
  },
};
