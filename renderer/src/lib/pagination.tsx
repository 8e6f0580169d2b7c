import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import type { PaginationProps } from 'antd';
import { zhCN } from '../../../shared/i18n/zhCN';

/**
 * Page links with names: antd's 上一页/下一页 are icon-only buttons whose text sits only in a title on the list
 * item, so the button itself has no accessible name. Pass as a Table's `pagination.itemRender`.
 */
export const namedPageLinks: NonNullable<PaginationProps['itemRender']> = (_page, type, element: ReactNode) => {
  if ((type !== 'prev' && type !== 'next') || !isValidElement(element)) return element;
  const label = type === 'prev' ? zhCN.ui.pager.prev : zhCN.ui.pager.next;
  return cloneElement(element as ReactElement<{ 'aria-label'?: string }>, { 'aria-label': label });
};
