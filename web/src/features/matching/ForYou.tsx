import { Anchor, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import {
  IconCrown,
  IconLayoutList,
  IconLogin,
  IconRosetteDiscountCheck,
  IconSparkles,
  IconUserEdit,
} from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useRecommendations, type RecommendedOverflow } from '../../api/matching';
import { useCurrentMember } from '../../api/session';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { OverflowCard } from '../overflow/OverflowCard';
import classes from './ForYou.module.css';

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** The board shows For you at `?view=for-you`; an old "best match" link (`?sort=match`) opens it too. */
export const isForYou = (params: URLSearchParams) =>
  params.get('view') === 'for-you' || params.get('sort') === 'match';

/** The board's two views, as links (each is an address of its own, so it can be shared and survives "back"). */
export function BoardViews({ forYou }: { forYou: boolean }) {
  const [params] = useSearchParams();
  const all = new URLSearchParams(params);
  all.delete('view');
  if (all.get('sort') === 'match') all.delete('sort');
  const allHref = all.size > 0 ? `/board?${all.toString()}` : '/board';
  return (
    <nav aria-label="Board views" className={classes.views}>
      <Link to={allHref} className={classes.view} aria-current={forYou ? undefined : 'page'}>
        <IconLayoutList size={16} aria-hidden="true" />
        All open overflow
      </Link>
      <Link to="/board?view=for-you" className={classes.view} aria-current={forYou ? 'page' : undefined}>
        <IconSparkles size={16} aria-hidden="true" />
        For you
      </Link>
    </nav>
  );
}

/** The board's "For you" view: open overflow ranked by how well it fits the member's proven and claimed skills. */
export function ForYou() {
  return (
    <section aria-label="Overflow for you" className={classes.panel}>
      <ForYouContent />
    </section>
  );
}

function ForYouContent() {
  const member = useCurrentMember();
  if (member === undefined) return <Skeleton height={170} aria-label="Loading" />;
  if (!member) {
    return (
      <EmptyState
        icon={<IconSparkles size={26} />}
        title="Overflow picked for you"
        action={
          <Group gap="sm" justify="center">
            <Button
              component={Link}
              to="/signin?next=%2Fboard%3Fview%3Dfor-you"
              leftSection={<IconLogin size={18} aria-hidden="true" />}
            >
              Sign in
            </Button>
            <Button component={Link} to="/signup" variant="default">
              Create an account
            </Button>
          </Group>
        }
      >
        Sign in and this tab lists open overflow that needs what you have proven in verified work, then the
        skills on your profile.
      </EmptyState>
    );
  }
  return <Recommendations />;
}

function Recommendations() {
  const recs = useRecommendations(true);
  const items = recs.data?.pages.flatMap((page) => page.items) ?? [];
  const basis = recs.data?.pages[0]?.basis;

  if (recs.isPending) {
    return (
      <Stack gap="md" aria-label="Loading recommendations">
        <Skeleton height={170} />
        <Skeleton height={170} />
        <Skeleton height={170} />
      </Stack>
    );
  }
  if (recs.isError) return <FormAlert message={recs.error.message} title="We could not load your picks" />;
  if (basis && basis.verifiedSkills.length === 0 && basis.declaredSkills.length === 0) {
    return (
      <EmptyState
        icon={<IconUserEdit size={26} />}
        title="Add your skills to get picks"
        action={
          <Button component={Link} to="/settings/profile" variant="light">
            Add skills to your profile
          </Button>
        }
      >
        “For you” matches open overflow to the skills on your profile and, above all, to the skills of your
        verified work.
      </EmptyState>
    );
  }
  if (items.length === 0) {
    return (
      <EmptyState icon={<IconSparkles size={26} />} title="Nothing new for your skills right now">
        No open overflow needs {list([...(basis?.verifiedSkills ?? []), ...(basis?.declaredSkills ?? [])])}{' '}
        that you have not offered on yet. Browse the whole board, or check back soon.
      </EmptyState>
    );
  }
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" aria-live="polite">
        Picked for you: overflow needing the skills of your verified work comes first, then the skills on your
        profile; among equals, owners with strong merit, then the freshest.{' '}
        <Anchor component={Link} to="/settings/profile" inherit c="var(--app-accent-text)" fw={600}>
          Edit your skills
        </Anchor>
      </Text>
      <Stack component="ul" gap="md" className={classes.list}>
        {items.map((overflow) => (
          <li key={overflow.id}>
            <OverflowCard
              overflow={overflow}
              showMatch
              mySkills={new Set([...overflow.match.verifiedSkills, ...overflow.match.declaredSkills])}
              footer={<WhyThis match={overflow.match} />}
            />
          </li>
        ))}
      </Stack>
      {recs.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void recs.fetchNextPage()}
            loading={recs.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Why this overflow is on the member's list, in words. */
function WhyThis({ match }: { match: RecommendedOverflow['match'] }) {
  return (
    <ul className={classes.why} aria-label="Why this is for you">
      {match.verifiedSkills.length > 0 && (
        <li className={classes.reason} data-kind="verified">
          <IconRosetteDiscountCheck size={16} aria-hidden="true" />
          <span>Your verified work in {list(match.verifiedSkills)}</span>
        </li>
      )}
      {match.declaredSkills.length > 0 && (
        <li className={classes.reason} data-kind="declared">
          <IconSparkles size={16} aria-hidden="true" />
          <span>On your profile: {list(match.declaredSkills)}</span>
        </li>
      )}
      {match.ownerMeritBand && (
        <li className={classes.reason} data-kind="merit">
          <IconCrown size={16} aria-hidden="true" />
          <span>Owner’s merit: {match.ownerMeritBand}</span>
        </li>
      )}
    </ul>
  );
}
