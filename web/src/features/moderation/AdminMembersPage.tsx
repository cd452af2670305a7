import {
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { SelfMember } from '../../api/client';
import {
  useAdminMembers,
  useReinstateMember,
  useSetRole,
  useSuspendMember,
  type AdminMember,
} from '../../api/moderation';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { countLabel, ResultList } from '../../components/ResultList';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminOnly } from '../admin/AdminPage';
import { AdminTabs } from '../admin/AdminTabs';

/** `/admin/members`: every member, searchable; roles, trust, suspension and reinstatement. Admins only. */
export function AdminMembersPage() {
  return (
    <RequireMember>
      {(member) => (member.role === 'admin' ? <Members me={member} /> : <AdminOnly />)}
    </RequireMember>
  );
}

type StateFilter = 'all' | 'active' | 'suspended';

function Members({ me }: { me: SelfMember }) {
  useDocumentTitle('Members');
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const role = params.get('role') === 'admin' ? 'admin' : params.get('role') === 'member' ? 'member' : null;
  const state = (params.get('state') as StateFilter | null) ?? 'all';
  const members = useAdminMembers(debounced, role, state === 'all' ? null : state === 'suspended');
  const items = members.data?.pages.flatMap((p) => p.items) ?? [];
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <Container size="md">
      <PageHeader
        title="Members"
        description="Everyone on this instance. Change a role, mark someone trusted for merit, or suspend an account: a suspended member is signed out at once and their open overflow is hidden; their history stays."
      />
      <AdminTabs />
      <Stack gap="lg">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Handle, name or email"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={query}
            onChange={(e) => {
              setQuery(e.currentTarget.value);
              setParam('q', e.currentTarget.value.trim() || null);
            }}
            style={{ flex: '1 1 220px' }}
          />
          <Select
            label="Role"
            data={[
              { value: 'any', label: 'Any role' },
              { value: 'member', label: 'Members' },
              { value: 'admin', label: 'Administrators' },
            ]}
            value={role ?? 'any'}
            onChange={(v) => setParam('role', v && v !== 'any' ? v : null)}
            allowDeselect={false}
            w={170}
          />
          <SegmentedControl
            aria-label="Account state"
            data={[
              { value: 'all', label: 'All' },
              { value: 'active', label: 'Active' },
              { value: 'suspended', label: 'Suspended' },
            ]}
            value={state}
            onChange={(v) => setParam('state', v === 'all' ? null : v)}
          />
        </Group>
        <ResultList
          label="Members"
          query={members}
          items={items}
          itemKey={(m) => m.id}
          renderItem={(m) => <MemberRow member={m} me={me} />}
          loadingLabel="Loading members"
          skeletonHeight={96}
          errorTitle="We could not load the members"
          empty={
            <EmptyState icon={<IconUsers size={26} />} title="No members match">
              {debounced
                ? `Nobody’s handle, name or email starts with “${debounced}”.`
                : 'Try another filter.'}
            </EmptyState>
          }
          summary={(shown, more) => countLabel(shown, more, 'member', 'members')}
          moreLabel="Load more"
        />
      </Stack>
    </Container>
  );
}

function MemberRow({ member, me }: { member: AdminMember; me: SelfMember }) {
  const setRole = useSetRole();
  const [dialog, setDialog] = useState<'suspend' | 'reinstate' | null>(null);
  const isMe = member.id === me.id;
  const failed = (error: Error) =>
    notifications.show({ color: 'red', title: 'Not changed', message: error.message });
  return (
    <Paper withBorder p="md" bg="var(--app-surface)">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={2} miw={0} style={{ flex: '1 1 240px' }}>
            <Group gap="xs">
              <Anchor
                component={Link}
                to={`/@${member.handle}`}
                fw={650}
                style={{ overflowWrap: 'anywhere' }}
              >
                {member.name}
              </Anchor>
              <Text size="sm" c="dimmed">
                @{member.handle}
              </Text>
            </Group>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {member.email}
              {!member.emailVerified && ' (not confirmed)'}
            </Text>
            <Text size="xs" c="dimmed">
              Joined {formatDateTime(member.createdAt)}
              {member.suspendedAt && ` · suspended ${formatDateTime(member.suspendedAt)}`}
            </Text>
          </Stack>
          <Group gap={6}>
            {member.role === 'admin' && (
              <Badge variant="light" color="blue" bg="blue.0" c="blue.9" tt="none">
                Administrator
              </Badge>
            )}
            {member.trusted && (
              <Badge variant="light" color="teal" bg="teal.0" c="teal.9" tt="none">
                Trusted
              </Badge>
            )}
            {member.suspendedAt && (
              <Badge variant="light" color="red" bg="red.0" c="red.9" tt="none">
                Suspended
              </Badge>
            )}
          </Group>
        </Group>
        <Group gap="md" align="center" wrap="wrap">
          <Select
            label="Role"
            size="xs"
            w={150}
            data={[
              { value: 'member', label: 'Member' },
              { value: 'admin', label: 'Administrator' },
            ]}
            value={member.role}
            allowDeselect={false}
            disabled={setRole.isPending}
            aria-label={`Role of @${member.handle}`}
            onChange={(v) =>
              v &&
              v !== member.role &&
              setRole.mutate(
                { handle: member.handle, role: v as 'member' | 'admin' },
                {
                  onSuccess: (m) =>
                    notifications.show({
                      color: 'teal',
                      message: `@${m.handle} is now ${m.role === 'admin' ? 'an administrator' : 'a member'}.`,
                    }),
                  onError: failed,
                },
              )
            }
          />
          <Switch
            label="Trusted for merit"
            checked={member.trusted}
            disabled={setRole.isPending}
            onChange={(e) =>
              setRole.mutate({ handle: member.handle, trusted: e.currentTarget.checked }, { onError: failed })
            }
          />
          <Group ml="auto" gap="xs">
            {member.suspendedAt ? (
              <Button size="xs" variant="default" onClick={() => setDialog('reinstate')}>
                Reinstate
              </Button>
            ) : (
              !isMe && (
                <Button
                  size="xs"
                  color="red.9"
                  c="var(--app-danger-text)"
                  variant="outline"
                  onClick={() => setDialog('suspend')}
                >
                  Suspend
                </Button>
              )
            )}
          </Group>
        </Group>
      </Stack>
      {dialog === 'suspend' && <SuspendDialog member={member} onClose={() => setDialog(null)} />}
      {dialog === 'reinstate' && <ReinstateDialog member={member} onClose={() => setDialog(null)} />}
    </Paper>
  );
}

const REASON_MAX = 1000;

export function SuspendDialog({
  member,
  onClose,
  initialReason = '',
}: {
  member: Pick<AdminMember, 'handle' | 'name'>;
  onClose: () => void;
  initialReason?: string;
}) {
  const [reason, setReason] = useState(initialReason);
  const suspend = useSuspendMember();
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  const short = reason.trim().length < 3;
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Suspend @${member.handle}?`}
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (short) return;
          suspend.mutate(
            { handle: member.handle, reason: reason.trim() },
            {
              onSuccess: () => {
                onClose();
                notifications.show({
                  color: 'teal',
                  title: 'Member suspended',
                  message: `${member.name} is signed out and their open overflow is hidden.`,
                });
              },
            },
          );
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            {member.name} is signed out everywhere at once, cannot sign in, and their open overflow leaves the
            board, search and their profile. Their history stays. They get an email with your reason.
          </Text>
          <Textarea
            label="Reason (the member reads it)"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={3}
            required
            data-autofocus
            error={reason.length > REASON_MAX ? `At most ${REASON_MAX} characters.` : undefined}
            description={`${reason.length} / ${REASON_MAX}`}
          />
          <FormAlert message={suspend.error?.message} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={suspend.isPending}>
              Cancel
            </Button>
            <Button
              type="submit"
              color="red.9"
              loading={suspend.isPending}
              disabled={short || reason.length > REASON_MAX}
            >
              Suspend
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ReinstateDialog({ member, onClose }: { member: AdminMember; onClose: () => void }) {
  const reinstate = useReinstateMember();
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Reinstate @${member.handle}?`}
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="md">
        <Text size="sm">
          {member.name} can sign in again. Their open overflow comes back if it is not yet due (overflow that
          fell due meanwhile expires). They get an email.
        </Text>
        <FormAlert message={reinstate.error?.message} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={reinstate.isPending}>
            Cancel
          </Button>
          <Button
            loading={reinstate.isPending}
            data-autofocus
            onClick={() =>
              reinstate.mutate(member.handle, {
                onSuccess: () => {
                  onClose();
                  notifications.show({ color: 'teal', message: `${member.name} is reinstated.` });
                },
              })
            }
          >
            Reinstate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
