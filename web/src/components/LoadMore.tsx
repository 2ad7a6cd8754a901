import { Button, Flex } from 'antd';

/** Under a cursor-paged list: the button that appends its next page. */
export function LoadMore({ pages, label, testId }: { pages: { loadingMore: boolean; loadMore: () => Promise<void> }; label: string; testId?: string }) {
  return (
    <Flex justify="center" style={{ marginTop: 16 }}>
      <Button loading={pages.loadingMore} onClick={() => void pages.loadMore()} data-testid={testId}>
        {label}
      </Button>
    </Flex>
  );
}
