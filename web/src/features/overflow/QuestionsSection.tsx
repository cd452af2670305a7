import {
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye, IconEyeOff, IconMessageQuestion } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { SelfMember } from '../../api/client';
import type { OverflowDetail } from '../../api/overflow';
import {
  useAnswerQuestion,
  useAskQuestion,
  useHideQuestion,
  useQuestions,
  type Question,
} from '../../api/questions';
import { FormAlert } from '../../components/FormAlert';
import { Markdown } from '../../components/Markdown';
import { ReportAction } from '../moderation/ReportAction';
import { MemberAvatar } from '../../components/MemberAvatar';
import { formatDateTime } from '../../lib/format';
import { LIMITS } from '../../lib/validation';
import { MemberLink } from '../../components/MemberLink';

/**
 * Questions on a posting, answered by its owner in the open: everyone who can see the overflow reads them;
 * members ask while it is open; the owner answers (and edits an answer) and hides a question, or shows it again.
 */
export function QuestionsSection({
  overflow,
  member,
}: {
  overflow: OverflowDetail;
  member: SelfMember | null;
}) {
  const questions = useQuestions(overflow.id);
  const items = questions.data?.pages.flatMap((p) => p.items) ?? [];
  const viewer = questions.data?.pages[0]?.viewer;
  const isOwner = overflow.viewer.isOwner;

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'xl' }}
      bg="var(--app-surface)"
      component="section"
      aria-labelledby="questions-heading"
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} fz="xl" id="questions-heading">
            Questions
          </Title>
          <Text size="sm" c="dimmed">
            {isOwner
              ? 'Answer in the open: everyone who can see this overflow reads the questions and your answers. Hide a question that does not belong here.'
              : `Ask ${overflow.owner.name} about the work before you offer. Questions and answers are visible to everyone who can see this overflow.`}
          </Text>
        </Stack>
        {!isOwner &&
          (viewer?.canAsk ? (
            <AskForm overflowId={overflow.id} />
          ) : !member ? (
            <SignInPrompt />
          ) : viewer?.askBlockedReason ? (
            <Text size="sm">{viewer.askBlockedReason}</Text>
          ) : null)}
        {questions.isPending ? (
          <Stack gap="sm" aria-label="Loading questions">
            <Skeleton height={72} />
            <Skeleton height={72} />
          </Stack>
        ) : questions.isError ? (
          <FormAlert message={questions.error.message} title="We could not load the questions" />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No questions yet.
          </Text>
        ) : (
          <Stack component="ul" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((q) => (
              <li key={q.id}>
                <QuestionItem
                  question={q}
                  overflow={overflow}
                  isOwner={isOwner}
                  canReport={Boolean(member) && member?.id !== q.asker.id}
                />
              </li>
            ))}
          </Stack>
        )}
        {questions.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              onClick={() => void questions.fetchNextPage()}
              loading={questions.isFetchingNextPage}
            >
              Show older questions
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function SignInPrompt() {
  const location = useLocation();
  return (
    <Group gap="sm" wrap="wrap">
      <Text size="sm">Sign in to ask a question.</Text>
      <Anchor
        component={Link}
        to={`/signin?next=${encodeURIComponent(location.pathname)}`}
        size="sm"
        fw={650}
        c="var(--app-accent-text)"
      >
        Sign in
      </Anchor>
    </Group>
  );
}

function AskForm({ overflowId }: { overflowId: string }) {
  const ask = useAskQuestion(overflowId);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (text.length < LIMITS.questionMin) {
      setError(`Ask in at least ${LIMITS.questionMin} characters.`);
      return;
    }
    setError(undefined);
    ask.mutate(text, {
      onSuccess: () => {
        setBody('');
        notifications.show({
          color: 'teal',
          title: 'Question sent',
          message: 'The owner is notified. You will hear when they answer.',
        });
      },
    });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="sm">
        <FormAlert message={ask.error?.message} title="Your question was not sent" />
        <Textarea
          label="Your question"
          description="Markdown works. Keep it about the work; the answer is public too."
          autosize
          minRows={2}
          maxRows={8}
          maxLength={LIMITS.questionMax}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={error}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={ask.isPending}
            leftSection={<IconMessageQuestion size={18} aria-hidden="true" />}
          >
            Ask
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function QuestionItem({
  question,
  overflow,
  isOwner,
  canReport,
}: {
  question: Question;
  overflow: OverflowDetail;
  isOwner: boolean;
  canReport: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const hide = useHideQuestion(overflow.id);
  const label = `Question from ${question.asker.name}`;
  return (
    <Box
      component="article"
      aria-label={label}
      p="md"
      style={{
        border: '1px solid var(--app-border)',
        borderRadius: 'var(--mantine-radius-md)',
        background: question.hidden ? 'var(--app-subtle)' : undefined,
      }}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <MemberAvatar name={question.asker.name} size={32} />
            <Stack gap={0} miw={0}>
              <MemberLink
                handle={question.asker.handle}
                fw={650}
                size="sm"
                c="var(--mantine-color-text)"
                style={{ overflowWrap: 'anywhere' }}
              >
                {question.asker.name}
              </MemberLink>
              <Text size="xs" c="dimmed">
                {formatDateTime(question.createdAt)}
              </Text>
            </Stack>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {question.hidden && (
              <Badge color="gray" variant="light" c="var(--mantine-color-text)" tt="none">
                Hidden from everyone but you
              </Badge>
            )}
            {canReport && !question.hidden && (
              <ReportAction
                subjectType="question"
                subjectId={question.id}
                label={`the question from ${question.asker.name}`}
              />
            )}
          </Group>
        </Group>
        <Box style={{ overflowWrap: 'anywhere' }}>
          <Markdown>{question.body}</Markdown>
        </Box>
        {question.answer !== null && !editing && (
          <Box
            pl="md"
            style={{ borderLeft: '3px solid var(--mantine-color-stream-4)', overflowWrap: 'anywhere' }}
          >
            <Text size="xs" fw={700} c="var(--app-text-soft)" tt="uppercase" mb={4}>
              Answer from {overflow.owner.name}
            </Text>
            <Markdown>{question.answer}</Markdown>
          </Box>
        )}
        {question.answer === null && !isOwner && (
          <Text size="sm" c="dimmed">
            Not answered yet.
          </Text>
        )}
        {isOwner && (
          <>
            {question.answer === null || editing ? (
              <AnswerForm question={question} overflowId={overflow.id} onDone={() => setEditing(false)} />
            ) : null}
            <Group gap="sm" justify="flex-end">
              {question.answer !== null && !editing && (
                <Button variant="default" size="xs" onClick={() => setEditing(true)}>
                  Edit answer
                </Button>
              )}
              <Button
                variant="subtle"
                size="xs"
                color="gray"
                c="var(--mantine-color-text)"
                loading={hide.isPending}
                leftSection={
                  question.hidden ? (
                    <IconEye size={14} aria-hidden="true" />
                  ) : (
                    <IconEyeOff size={14} aria-hidden="true" />
                  )
                }
                onClick={() => hide.mutate({ questionId: question.id, hidden: !question.hidden })}
                aria-label={`${question.hidden ? 'Show' : 'Hide'} the question from ${question.asker.name}`}
              >
                {question.hidden ? 'Show again' : 'Hide'}
              </Button>
            </Group>
            <FormAlert message={hide.error?.message} />
          </>
        )}
      </Stack>
    </Box>
  );
}

function AnswerForm({
  question,
  overflowId,
  onDone,
}: {
  question: Question;
  overflowId: string;
  onDone: () => void;
}) {
  const answer = useAnswerQuestion(overflowId);
  const [text, setText] = useState(question.answer ?? '');
  const [error, setError] = useState<string | undefined>();
  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setError('Write an answer.');
      return;
    }
    setError(undefined);
    answer.mutate(
      { questionId: question.id, answer: text.trim() },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: question.answer === null ? 'Answer posted' : 'Answer updated',
            message:
              question.answer === null && !question.hidden
                ? `${question.asker.name} is notified.`
                : 'Everyone who can see the question reads it.',
          });
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="xs">
        <FormAlert message={answer.error?.message} title="Your answer was not saved" />
        <Textarea
          label={question.answer === null ? 'Your answer' : 'Edit your answer'}
          description="Markdown works. Everyone who can see this overflow reads it."
          autosize
          minRows={2}
          maxRows={10}
          maxLength={LIMITS.answerMax}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={error}
        />
        <Group justify="flex-end" gap="sm">
          {question.answer !== null && (
            <Button variant="default" size="xs" onClick={onDone} disabled={answer.isPending}>
              Cancel
            </Button>
          )}
          <Button type="submit" size="xs" loading={answer.isPending}>
            {question.answer === null ? 'Post answer' : 'Save answer'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
