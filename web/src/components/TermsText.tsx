import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Empty } from 'antd';
import type { CSSProperties } from 'react';
import { pick } from '../format';
import type { Locale } from '../i18n/index.ts';

/**
 * How terms read wherever a plan or an order shows them (DESIGN §4.1): the scope statement's items and the rules
 * in plain words.
 */

const SCOPE_LIST: CSSProperties = { listStyle: 'none', padding: 0, margin: '8px 0 16px' };
const SCOPE_ITEM: CSSProperties = { display: 'flex', alignItems: 'flex-start', marginBottom: 8, lineHeight: 1.6 };

/** What the service includes (a check) or excludes (a cross), or `empty` when the statement lists nothing. */
export function ScopeItems({
  items,
  kind,
  locale,
  empty,
  testId,
}: {
  items: readonly { zh: string; en: string }[];
  kind: 'included' | 'excluded';
  locale: Locale;
  empty: string;
  testId?: string;
}) {
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <ul style={SCOPE_LIST} data-testid={testId}>
      {items.map((item, i) => (
        <li key={i} style={SCOPE_ITEM}>
          {kind === 'included' ? (
            <CheckCircleFilled style={{ color: '#16a34a', marginInlineEnd: 8, marginTop: 5 }} />
          ) : (
            <CloseCircleFilled style={{ color: '#dc2626', marginInlineEnd: 8, marginTop: 5 }} />
          )}
          <span>{pick(item, locale)}</span>
        </li>
      ))}
    </ul>
  );
}

/** The rules in plain words, numbered. */
export function WordingLines({ lines, testId }: { lines: readonly string[]; testId: string }) {
  return (
    <ol style={{ paddingInlineStart: 22, margin: 0, lineHeight: 1.75 }} data-testid={testId}>
      {lines.map((line, i) => (
        <li key={i} style={{ marginBottom: 6 }}>
          {line}
        </li>
      ))}
    </ol>
  );
}
