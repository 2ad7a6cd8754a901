import { Typography } from 'antd';

/** A hash, key or token: monospace, breaks anywhere, copyable. */
export function Mono({ value, copyable = true, testId }: { value: string; copyable?: boolean; testId?: string }) {
  return (
    <Typography.Text
      copyable={copyable ? { text: value } : false}
      data-testid={testId}
      style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12, wordBreak: 'break-all' }}
    >
      {value}
    </Typography.Text>
  );
}
