import { Stack } from '@mantine/core';
import { useCurrentMember } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { DeletionSection } from './DeletionSection';
import { ExportSection } from './ExportSection';

/** /settings/account: what the member controls about their account as a whole: export, and deletion. */
export function AccountPage() {
  useDocumentTitle('Account');
  const member = useCurrentMember();
  if (!member) return null;
  return (
    <>
      <PageHeader title="Account" description="Take your data with you, or leave." />
      <Stack gap="lg">
        <ExportSection />
        <DeletionSection member={member} />
      </Stack>
    </>
  );
}
