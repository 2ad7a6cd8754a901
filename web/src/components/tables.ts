/** A table's pagination: none while every row fits on one page, else pages of `pageSize` (no size changer). */
export function pagesOver(count: number, pageSize: number): { pageSize: number; showSizeChanger: false } | false {
  return count > pageSize ? { pageSize, showSizeChanger: false } : false;
}
