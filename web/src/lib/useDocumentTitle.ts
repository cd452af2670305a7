import { useEffect } from 'react';
import { useInstanceName } from '../api/instance';

/** Sets `document.title` to "<page> · <instance name>" while the page is shown. */
export function useDocumentTitle(pageTitle: string | null | undefined): void {
  const instanceName = useInstanceName();
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} · ${instanceName}` : instanceName;
  }, [pageTitle, instanceName]);
}
