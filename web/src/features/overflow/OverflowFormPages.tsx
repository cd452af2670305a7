import { Button, Container, Grid, List, Paper, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBulb, IconLock } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useCreateOverflow, useOverflow, useUpdateOverflow } from '../../api/overflow';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { NotFoundPage } from '../errors/NotFoundPage';
import { OverflowForm } from './OverflowForm';

function Tips() {
  return (
    <Paper withBorder p="lg" bg="var(--app-surface)" component="aside" aria-labelledby="overflow-tips">
      <Stack gap="sm">
        <ThemeIcon variant="light" size={36} radius="md" aria-hidden="true">
          <IconBulb size={20} />
        </ThemeIcon>
        <Title order={2} fz="md" id="overflow-tips">
          Overflow that finds a helper
        </Title>
        <List size="sm" spacing="xs" c="var(--app-text-muted)">
          <List.Item>Scope it small: a few hours to a few days of work.</List.Item>
          <List.Item>Say what done looks like, so the review is easy.</List.Item>
          <List.Item>Name the skills precisely: helpers filter and match by them.</List.Item>
          <List.Item>
            A direct ask goes to one of your ties only. Strangers earn a tie by helping first.
          </List.Item>
        </List>
        <Text size="sm" c="dimmed">
          When you accept an offer, an engagement starts. Completed work becomes verified proof on the
          helper’s profile and a tie between you.
        </Text>
      </Stack>
    </Paper>
  );
}

function FormFrame({ children }: { children: React.ReactNode }) {
  return (
    <Grid gap={{ base: 'lg', md: 'xl' }}>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Paper withBorder p={{ base: 'md', sm: 'xl' }} bg="var(--app-surface)">
          {children}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Tips />
      </Grid.Col>
    </Grid>
  );
}

/** `/overflow/new`: post work you lack time for. */
export function NewOverflowPage() {
  useDocumentTitle('Post overflow');
  return (
    <RequireMember>
      {() => (
        <Container size="lg">
          <PageHeader
            title="Post overflow"
            description="Work you lack the time for, scoped so someone else can take it on and do it well."
          />
          <NewOverflowForm />
        </Container>
      )}
    </RequireMember>
  );
}

function NewOverflowForm() {
  const create = useCreateOverflow();
  const navigate = useNavigate();
  return (
    <FormFrame>
      <OverflowForm
        submitLabel="Post overflow"
        saving={create.isPending}
        onCancel={() => void navigate('/board')}
        onSubmit={(body, { onError }) =>
          create.mutate(body, {
            onSuccess: (overflow) => {
              notifications.show({
                color: 'teal',
                title: 'Overflow posted',
                message: 'Offers will show up on its page, and you will be notified.',
              });
              void navigate(`/overflow/${overflow.id}`);
            },
            onError,
          })
        }
      />
    </FormFrame>
  );
}

/** `/overflow/:id/edit`: change overflow while it is still open. */
export function EditOverflowPage() {
  const { overflowId = '' } = useParams();
  return <RequireMember>{() => <EditOverflow key={overflowId} id={overflowId} />}</RequireMember>;
}

function EditOverflow({ id }: { id: string }) {
  const overflow = useOverflow(id);
  const update = useUpdateOverflow();
  const navigate = useNavigate();
  useDocumentTitle(overflow.data ? `Edit: ${overflow.data.title}` : 'Edit overflow');

  if (overflow.isPending) {
    return (
      <Container size="lg" aria-busy="true" aria-label="Loading overflow">
        <Skeleton height={36} width="50%" mb="xl" />
        <Skeleton height={480} />
      </Container>
    );
  }
  if (overflow.isError) {
    if (isApiError(overflow.error, 404)) return <NotFoundPage />;
    return (
      <Container size="sm">
        <PageHeader title="Edit overflow" />
        <FormAlert message={overflow.error.message} title="We could not load this overflow" />
      </Container>
    );
  }
  const data = overflow.data;
  if (!data.viewer.isOwner || data.status !== 'open') {
    return (
      <Container size="sm">
        <PageHeader title="Edit overflow" />
        <EmptyState
          icon={<IconLock size={26} />}
          title={
            data.viewer.isOwner ? 'This overflow can no longer be edited' : 'Only its owner can edit this'
          }
          action={
            <Button component={Link} to={`/overflow/${data.id}`}>
              Back to the overflow
            </Button>
          }
        >
          {data.viewer.isOwner
            ? `Overflow can be edited while it is open. This one is ${data.status}.`
            : 'You can offer to help with it instead.'}
        </EmptyState>
      </Container>
    );
  }

  return (
    <Container size="lg">
      <PageHeader title="Edit overflow" description={data.title} />
      <FormFrame>
        <OverflowForm
          overflow={data}
          submitLabel="Save changes"
          saving={update.isPending}
          onCancel={() => void navigate(`/overflow/${data.id}`)}
          onSubmit={(body, { onError }) =>
            update.mutate(
              { id: data.id, body },
              {
                onSuccess: (saved) => {
                  notifications.show({ color: 'teal', title: 'Changes saved', message: saved.title });
                  void navigate(`/overflow/${saved.id}`);
                },
                onError,
              },
            )
          }
        />
      </FormFrame>
    </Container>
  );
}
