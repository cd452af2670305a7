import {
  Alert,
  Badge,
  Box,
  Button,
  Container,
  Group,
  Paper,
  Skeleton,
  Slider,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconInfoCircle, IconRefresh, IconUsers } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useMyNetwork, type Network } from '../../api/network';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { MemberAvatar } from '../../components/MemberAvatar';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { formatLongDate, formatShortDate, workTogether } from './describe';
import { NetworkGraph } from './NetworkGraph';
import classes from './Network.module.css';
import { MemberLink } from '../../components/MemberLink';

const DAY = 24 * 60 * 60 * 1000;

/** `/network`: your ties as a picture that grows from your first tie to today, and the same ties as a list. */
export function NetworkPage() {
  return <RequireMember>{() => <YourNetwork />}</RequireMember>;
}

function YourNetwork() {
  useDocumentTitle('Your network');
  const network = useMyNetwork();
  return (
    <Container size="lg">
      <PageHeader
        title="Your network"
        description="Every line is a tie that formed from finished work or from a noticed note. Move the slider to watch it grow from your first tie to today."
        actions={
          <Button
            component={Link}
            to="/ties"
            variant="default"
            leftSection={<IconArrowLeft size={18} aria-hidden="true" />}
          >
            Ties & ledger
          </Button>
        }
      />
      {network.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading your network">
          <Skeleton height={420} radius="lg" />
          <Skeleton height={160} />
        </Stack>
      ) : network.isError ? (
        <Stack gap="md" align="flex-start">
          <FormAlert message={network.error.message} title="We could not load your network" />
          <Button
            variant="default"
            leftSection={<IconRefresh size={18} aria-hidden="true" />}
            onClick={() => void network.refetch()}
          >
            Try again
          </Button>
        </Stack>
      ) : network.data.ties.length === 0 ? (
        <EmptyState
          icon={<IconUsers size={26} />}
          title="No ties yet, so nothing to draw"
          action={
            <Button component={Link} to="/board" variant="light">
              Find overflow to help with
            </Button>
          }
        >
          Your network starts with your first tie: it forms when you finish work with someone, or when they
          accept a note you wrote about their work.
        </EmptyState>
      ) : (
        <NetworkPicture network={network.data} />
      )}
    </Container>
  );
}

function startOfDay(iso: string): number {
  const d = new Date(iso);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function NetworkPicture({ network }: { network: Network }) {
  const start = startOfDay(network.firstTieAt ?? network.ties[0]!.formedAt);
  const totalDays = Math.max(0, Math.ceil((startOfDay(new Date().toISOString()) - start) / DAY));
  const [day, setDay] = useState(totalDays);
  const asOf = new Date(start + day * DAY);
  const until = start + (day + 1) * DAY;
  const visible = useMemo(
    () => (day >= totalDays ? network.ties : network.ties.filter((t) => Date.parse(t.formedAt) < until)),
    [network.ties, day, totalDays, until],
  );
  const throughWork = visible.filter((t) => t.formedVia === 'engagement').length;
  const throughNotes = visible.length - throughWork;
  const dateText = (d: number) => formatLongDate(new Date(start + d * DAY));

  return (
    <Stack gap={40}>
      <Paper
        withBorder
        radius="lg"
        p={{ base: 'sm', sm: 'lg' }}
        bg="var(--app-surface)"
        className={classes.graphCard}
      >
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" gap="sm">
            <ul className={classes.legend} aria-label="Legend">
              <li>
                <svg width="28" height="10" aria-hidden="true">
                  <line x1="2" y1="5" x2="26" y2="5" className={`${classes.edge} ${classes.work}`} />
                </svg>
                Formed through work
              </li>
              <li>
                <svg width="28" height="10" aria-hidden="true">
                  <line x1="2" y1="5" x2="26" y2="5" className={`${classes.edge} ${classes.noticed}`} />
                </svg>
                Formed through a noticed note
              </li>
              <li>
                <svg width="28" height="20" aria-hidden="true">
                  <circle cx="7" cy="10" r="4" fill="none" stroke="currentColor" strokeWidth="1.5" />
                  <circle cx="19" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.5" />
                </svg>
                Larger: more work completed together
              </li>
            </ul>
          </Group>
          <a href="#network-list" className={classes.skip}>
            Skip the picture, go to the list
          </a>
          <NetworkGraph me={network.member} ties={network.ties} visible={visible} asOf={asOf} />
          <Text size="sm" aria-live="polite" data-testid="network-summary">
            <Text span fw={650} inherit>
              {day >= totalDays ? 'Today' : `On ${formatLongDate(asOf)}`}:
            </Text>{' '}
            {visible.length} {visible.length === 1 ? 'tie' : 'ties'} — {throughWork} through work,{' '}
            {throughNotes} through noticed {throughNotes === 1 ? 'note' : 'notes'}.
          </Text>
          <div className={classes.sliderWrap}>
            <Text id="network-slider-label" size="sm" fw={600} mb={6}>
              Show your network as it was on
            </Text>
            <Slider
              min={0}
              max={Math.max(1, totalDays)}
              step={1}
              value={day}
              onChange={setDay}
              disabled={totalDays === 0}
              label={(d) => formatShortDate(new Date(start + d * DAY))}
              thumbLabel="Show your network as it was on"
              thumbValueText={dateText}
              marks={[
                { value: 0, label: formatShortDate(new Date(start)) },
                { value: Math.max(1, totalDays), label: 'Today' },
              ]}
              aria-describedby="network-slider-label"
            />
          </div>
          {network.truncated && (
            <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden="true" />}>
              The picture shows your newest {network.ties.length} ties; the slider still starts at your first.
            </Alert>
          )}
        </Stack>
      </Paper>
      <TieList visible={visible} />
    </Stack>
  );
}

function TieList({ visible }: { visible: Network['ties'] }) {
  return (
    <section aria-labelledby="network-list-heading" id="network-list" tabIndex={-1}>
      <Title order={2} id="network-list-heading" fz={{ base: 20, sm: 22 }} mb={4}>
        The same ties as a list
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        In the order they formed, up to the slider’s date.
      </Text>
      <Box
        component="ul"
        hiddenFrom="sm"
        className={classes.tieList}
        data-testid="network-list-phone"
        aria-label="Your ties in the order they formed"
      >
        {visible.map((tie) => (
          <li key={tie.id}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <MemberAvatar name={tie.member.name} size={32} />
              <Stack gap={2} miw={0}>
                <MemberLink handle={tie.member.handle} fw={650} size="sm">
                  {tie.member.name}
                </MemberLink>
                <Text size="sm">
                  {tie.formedVia === 'engagement' ? 'Through work' : 'Through a noticed note'} ·{' '}
                  {formatShortDate(tie.formedAt)} · {workTogether(tie.completedTogether)}
                </Text>
                <Text size="xs" c="dimmed">
                  {tie.formedLabel}
                </Text>
              </Stack>
            </Group>
          </li>
        ))}
      </Box>
      <Box visibleFrom="sm">
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" striped highlightOnHover data-testid="network-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Member</Table.Th>
                <Table.Th scope="col">Tie formed</Table.Th>
                <Table.Th scope="col">How</Table.Th>
                <Table.Th scope="col">Work together</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {visible.map((tie) => (
                <Table.Tr key={tie.id}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <MemberAvatar name={tie.member.name} size={30} />
                      <MemberLink handle={tie.member.handle} fw={650} size="sm">
                        {tie.member.name}
                      </MemberLink>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {formatShortDate(tie.formedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      <Badge
                        variant="light"
                        color={tie.formedVia === 'engagement' ? 'stream' : 'orange'}
                        tt="none"
                        size="sm"
                        style={{ alignSelf: 'flex-start' }}
                        styles={{
                          label: { color: tie.formedVia === 'engagement' ? '#0a4654' : '#9a3412' },
                        }}
                      >
                        {tie.formedVia === 'engagement' ? 'Through work' : 'Noticed note'}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {tie.formedLabel}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{workTogether(tie.completedTogether)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>
    </section>
  );
}
