import { Badge, Button, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconRosetteDiscountCheck, IconUserEdit } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useWorkRecordPages, type WorkPage } from '../../api/members';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { NoticeWorkButton } from './NoticeWork';
import { WorkRecordCard } from './WorkRecordCard';

interface WorkSectionProps {
  handle: string;
  verified: boolean;
  firstPage: WorkPage & { total: number };
  firstPageUpdatedAt: number;
  isOwn: boolean;
  /** When set, a signed-in visitor can notice each record (not on their own profile). */
  noticeAs?: { memberName: string };
}

/** "Verified work" or "Self-reported work": the first page from the profile, then "Load more". */
export function WorkSection({
  handle,
  verified,
  firstPage,
  firstPageUpdatedAt,
  isOwn,
  noticeAs,
}: WorkSectionProps) {
  const pages = useWorkRecordPages(handle, verified, { firstPage, firstPageUpdatedAt });
  const records = pages.data?.pages.flatMap((page) => page.items) ?? firstPage.items;
  const title = verified ? 'Verified work' : 'Self-reported work';
  const headingId = verified ? 'verified-work' : 'self-reported-work';

  return (
    <section aria-labelledby={headingId}>
      <Group gap="sm" mb={4} align="center">
        <Title order={2} id={headingId} fz={{ base: 20, sm: 22 }}>
          {title}
        </Title>
        {firstPage.total > 0 && (
          <Badge variant="light" color="gray" size="md" circle={firstPage.total < 10}>
            <VisuallyHidden>
              {firstPage.total === 1 ? '1 record' : `${firstPage.total} records`}
            </VisuallyHidden>
            <span aria-hidden="true">{firstPage.total}</span>
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {verified
          ? 'Delivered in completed engagements, accepted and endorsed by the person helped.'
          : 'Added by the member. Not yet confirmed by anyone else.'}
      </Text>

      {records.length === 0 ? (
        verified ? (
          <EmptyState icon={<IconRosetteDiscountCheck size={26} />} title="No verified work yet">
            Verified work appears here when someone this member helped completes the engagement and endorses
            it.
          </EmptyState>
        ) : (
          <EmptyState
            icon={<IconUserEdit size={26} />}
            title="Nothing self-reported yet"
            action={
              isOwn ? (
                <Button component={Link} to="/settings/work" variant="light">
                  Add a work record
                </Button>
              ) : undefined
            }
          >
            {isOwn
              ? 'Add something you have shipped, written or presented, so people can see what you do.'
              : 'This member has not added any work of their own yet.'}
          </EmptyState>
        )
      ) : (
        <Stack gap="md">
          {records.map((record) => (
            <WorkRecordCard
              key={record.id}
              record={record}
              actions={
                noticeAs ? <NoticeWorkButton record={record} memberName={noticeAs.memberName} /> : undefined
              }
            />
          ))}
        </Stack>
      )}

      {pages.isFetchNextPageError && <FormAlert message={pages.error?.message} />}
      {pages.hasNextPage && (
        <Group justify="center" mt="lg">
          <Button
            variant="default"
            onClick={() => void pages.fetchNextPage()}
            loading={pages.isFetchingNextPage}
          >
            Load more
            <VisuallyHidden> {verified ? 'verified work' : 'self-reported work'}</VisuallyHidden>
          </Button>
        </Group>
      )}
    </section>
  );
}
