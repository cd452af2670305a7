import { Stack } from '@mantine/core';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { ExportSection } from './ExportSection';

/** /settings/account: what a member controls about their account as a whole (export; deletion). */
export function AccountPage() {
  useDocumentTitle('Account');
  return (
    <>
      <PageHeader title="Account" description="Take your data with you, or leave." />
      <Stack gap="lg">
        <ExportSection />
      </Stack>
    </>
  );
}
