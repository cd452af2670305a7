import { Alert, Anchor, Button, Grid, Container, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconAffiliate, IconMailHeart, IconRefresh, IconUsers } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useLedger, useMoreTies, useNoticedNotes, type Ledger } from '../../api/ties';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { GiveBack } from './GiveBack';
import { KeepInTouchSection } from './KeepInTouch';
import { NoticedNotes } from './NoticedNotes';
import { RecentActivity } from './RecentActivity';
import { StyleSummary } from './StyleSummary';
import { TieCard } from './TieCard';
import classes from './Ties.module.css';

/** `/ties`: your ties and the give/take ledger, ways to give back, and noticed notes. */
export function TiesPage() {
  return <RequireMember>{() => <TiesAndLedger />}</RequireMember>;
}

function TiesAndLedger() {
  useDocumentTitle('Ties & ledger');
  const ledger = useLedger();
  const [searchParams] = useSearchParams();
  const showNoticed = searchParams.get('tab') === 'noticed';
  const noticedHeading = useRef<HTMLHeadingElement>(null);

  // `/ties?tab=noticed` (the link in a "noticed your work" notification) goes straight to the notes.
  useEffect(() => {
    if (!showNoticed || ledger.isPending) return;
    const frame = requestAnimationFrame(() => {
      noticedHeading.current?.scrollIntoView({ block: 'start' });
      noticedHeading.current?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [showNoticed, ledger.isPending]);

  return (
    <Container size="lg">
      <PageHeader
        title="Ties & ledger"
        description="Ties form from finished work and accepted notes — never from requests. Here is how giving and receiving balance out."
        actions={
          <Button
            component={Link}
            to="/network"
            variant="light"
            leftSection={<IconAffiliate size={18} aria-hidden="true" />}
          >
            See your network
          </Button>
        }
      />
      {ledger.isPending ? (
        <LedgerSkeleton />
      ) : ledger.isError ? (
        <Stack gap="md" align="flex-start">
          <FormAlert message={ledger.error.message} title="We could not load your ledger" />
          <Button
            variant="default"
            leftSection={<IconRefresh size={18} aria-hidden="true" />}
            onClick={() => void ledger.refetch()}
          >
            Try again
          </Button>
        </Stack>
      ) : (
        <Stack gap={40}>
          <StyleSummary ledger={ledger.data} />
          <PendingNotesCallout />
          <Grid gap={{ base: 40, md: 40 }}>
            <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
              <Stack gap={40}>
                {ledger.data.giveBack.length > 0 && (
                  <GiveBack giveBack={ledger.data.giveBack} hasTies={ledger.data.ties.length > 0} />
                )}
                <KeepInTouchSection />
                <YourTies ledger={ledger.data} />
                {ledger.data.giveBack.length === 0 && (
                  <GiveBack giveBack={ledger.data.giveBack} hasTies={ledger.data.ties.length > 0} />
                )}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
              <Stack gap={40}>
                <NoticedNotes headingRef={noticedHeading} />
                <RecentActivity recent={ledger.data.recent} />
              </Stack>
            </Grid.Col>
          </Grid>
        </Stack>
      )}
    </Container>
  );
}

function YourTies({ ledger }: { ledger: Ledger }) {
  const [loadingMore, setLoadingMore] = useState(false);
  const more = useMoreTies(ledger.tiesNextCursor, loadingMore);
  const ties = [...ledger.ties, ...(more.data?.pages.flatMap((p) => p.items) ?? [])];
  const hasMore = more.data ? more.hasNextPage : ledger.tiesNextCursor !== null;
  return (
    <section aria-labelledby="ties-heading">
      <Title order={2} id="ties-heading" fz={{ base: 20, sm: 22 }} mb={4}>
        Your ties
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        What you gave each person and what you received from them.
      </Text>
      {ties.length === 0 ? (
        <EmptyState
          icon={<IconUsers size={26} />}
          title="No ties yet — and no connect button"
          action={
            <Button component={Link} to="/board" variant="light">
              Find overflow to help with
            </Button>
          }
        >
          A tie forms when you finish work together, or when someone accepts a note you wrote about their
          work. Start by offering to help on the board.
        </EmptyState>
      ) : (
        <Stack gap="md">
          <Stack component="ul" gap="sm" className={classes.plainList}>
            {ties.map((tie) => (
              <TieCard key={tie.id} tie={tie} />
            ))}
          </Stack>
          {more.isError && <FormAlert message={more.error.message} title="We could not load more ties" />}
          {hasMore && (
            <Button
              variant="default"
              style={{ alignSelf: 'flex-start' }}
              loading={more.isFetching}
              onClick={() => {
                if (!more.data) setLoadingMore(true);
                else void more.fetchNextPage();
              }}
            >
              Load more ties
            </Button>
          )}
        </Stack>
      )}
    </section>
  );
}

/** On phones the notes sit below the ties: say up top when some are waiting for an answer. */
function PendingNotesCallout() {
  const received = useNoticedNotes('received');
  const pending = received.data?.pages.flatMap((p) => p.items).filter((n) => n.status === 'pending').length;
  if (!pending) return null;
  return (
    <Alert
      variant="light"
      color="stream"
      icon={<IconMailHeart size={20} aria-hidden="true" />}
      className={classes.callout}
      hiddenFrom="md"
    >
      {pending === 1 ? 'Someone noticed your work. ' : `${pending} people noticed your work. `}
      <Anchor href="#noticed" fw={650} inherit>
        Read {pending === 1 ? 'the note' : 'the notes'}
      </Anchor>
    </Alert>
  );
}

function LedgerSkeleton() {
  return (
    <Stack gap={40} aria-busy="true" aria-label="Loading your ledger">
      <Skeleton height={170} radius="lg" />
      <Grid gap={40}>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="sm">
            <Skeleton height={28} width={180} />
            <Skeleton height={120} />
            <Skeleton height={120} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="sm">
            <Skeleton height={28} width={160} />
            <Skeleton height={140} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
