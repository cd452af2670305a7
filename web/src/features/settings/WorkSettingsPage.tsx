import { Alert, Anchor, Button, Group, Modal, Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconPencil, IconPlus, IconTrash, IconUserEdit } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { SelfMember, WorkRecord } from '../../api/client';
import { useDeleteWorkRecord, useWorkRecordPages } from '../../api/members';
import { useSession } from '../../api/session';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { WorkRecordCard } from '../profile/WorkRecordCard';
import { WorkRecordForm } from './WorkRecordForm';

type Editing = { mode: 'create' } | { mode: 'edit'; record: WorkRecord } | null;

export function WorkSettingsPage() {
  useDocumentTitle('Work records');
  const member = useSession().data?.member;
  // `?add=1` (the home's checklist: "Add your first work record") opens the form at once; the address then
  // drops it, so closing the form does not open it again.
  const [params, setParams] = useSearchParams();
  const addFromAddress = params.get('add') === '1';
  const [editing, setEditingState] = useState<Editing>(() => (addFromAddress ? { mode: 'create' } : null));
  const [modalOpened, setModalOpened] = useState(addFromAddress);
  const [formKey, setFormKey] = useState(0);
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  useEffect(() => {
    if (addFromAddress) setParams({}, { replace: true });
  }, [addFromAddress, setParams]);
  // The record stays in state while the modal animates closed, so its title doesn't flicker.
  const setEditing = (next: Editing) => {
    if (next) {
      setEditingState(next);
      setFormKey((key) => key + 1);
    }
    setModalOpened(next !== null);
  };

  return (
    <>
      <PageHeader
        title="Work records"
        description="Self-reported work appears on your profile, labelled as such. Verified work is added for you when an engagement completes."
        actions={
          <Button
            leftSection={<IconPlus size={18} aria-hidden="true" />}
            onClick={() => setEditing({ mode: 'create' })}
          >
            Add work record
          </Button>
        }
      />
      {member ? (
        <WorkRecordList
          member={member}
          onEdit={(record) => setEditing({ mode: 'edit', record })}
          onAdd={() => setEditing({ mode: 'create' })}
        />
      ) : (
        <PageLoader />
      )}

      <Modal
        opened={modalOpened}
        onClose={() => setEditing(null)}
        title={editing?.mode === 'edit' ? 'Edit work record' : 'Add work record'}
        size="lg"
        radius="lg"
        fullScreen={isPhone}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {editing && (
          <WorkRecordForm
            key={formKey}
            record={editing.mode === 'edit' ? editing.record : undefined}
            onCancel={() => setEditing(null)}
            onDone={() => {
              notifications.show({
                color: 'teal',
                title: editing.mode === 'edit' ? 'Work record updated' : 'Work record added',
                message: 'It shows on your profile as self-reported work.',
              });
              setEditing(null);
            }}
          />
        )}
      </Modal>
    </>
  );
}

interface WorkRecordListProps {
  member: SelfMember;
  onEdit: (record: WorkRecord) => void;
  onAdd: () => void;
}

function WorkRecordList({ member, onEdit, onAdd }: WorkRecordListProps) {
  const pages = useWorkRecordPages(member.handle, false);
  const [deleting, setDeleting] = useState<WorkRecord | null>(null);

  if (pages.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading work records">
        <Skeleton height={130} />
        <Skeleton height={130} />
      </Stack>
    );
  }
  if (pages.isError) return <FormAlert message={pages.error.message} />;

  const records = pages.data.pages.flatMap((page) => page.items);

  return (
    <Stack gap="md">
      <Alert variant="light" color="stream" icon={<IconInfoCircle size={20} aria-hidden="true" />}>
        Verified work comes from completed engagements and cannot be edited here. See it on{' '}
        <Anchor
          component={Link}
          to={`/@${member.handle}`}
          inherit
          fw={700}
          c="var(--app-accent-text)"
          underline="always"
        >
          your profile
        </Anchor>
        .
      </Alert>
      {records.length === 0 ? (
        <EmptyState
          icon={<IconUserEdit size={26} />}
          title="No work records yet"
          action={
            <Button variant="light" onClick={onAdd}>
              Add your first work record
            </Button>
          }
        >
          Add something you have shipped, written or presented. A few good records beat a long list.
        </EmptyState>
      ) : (
        <Stack component="ul" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {records.map((record) => (
            <li key={record.id}>
              <WorkRecordCard
                record={record}
                headingOrder={2}
                actions={
                  <Group gap={6} wrap="nowrap">
                    <Button
                      variant="default"
                      size="xs"
                      leftSection={<IconPencil size={14} aria-hidden="true" />}
                      onClick={() => onEdit(record)}
                    >
                      Edit<VisuallyHidden> {record.title}</VisuallyHidden>
                    </Button>
                    <Button
                      variant="default"
                      size="xs"
                      color="red"
                      c="var(--mantine-color-error)"
                      leftSection={<IconTrash size={14} aria-hidden="true" />}
                      onClick={() => setDeleting(record)}
                    >
                      Delete<VisuallyHidden> {record.title}</VisuallyHidden>
                    </Button>
                  </Group>
                }
              />
            </li>
          ))}
        </Stack>
      )}
      {pages.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void pages.fetchNextPage()}
            loading={pages.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      )}
      <Text size="sm" c="dimmed" ta="center">
        {records.length > 0 &&
          `Showing ${records.length} self-reported work record${records.length === 1 ? '' : 's'}.`}
      </Text>
      <ConfirmDelete record={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

function ConfirmDelete({ record, onClose }: { record: WorkRecord | null; onClose: () => void }) {
  const remove = useDeleteWorkRecord();
  const handleDelete = () => {
    if (!record) return;
    remove.mutate(record.id, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          title: 'Work record deleted',
          message: `“${record.title}” is gone from your profile.`,
        });
        onClose();
      },
    });
  };

  return (
    <Modal
      opened={record !== null}
      onClose={() => {
        remove.reset();
        onClose();
      }}
      title="Delete this work record?"
      radius="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="md">
        <Text>“{record?.title}” will be removed from your profile. This cannot be undone.</Text>
        <FormAlert message={remove.error?.message} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={remove.isPending} data-autofocus>
            Cancel
          </Button>
          <Button color="red.9" onClick={handleDelete} loading={remove.isPending}>
            Delete work record
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
