import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Collapse,
  Group,
  List,
  Modal,
  Paper,
  Radio,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconEye, IconLock, IconMessageCircle, IconSend } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import {
  useCompleteEngagement,
  useRequestRevision,
  useSubmitDelivery,
  type Engagement,
} from '../../api/engagements';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { checkHttpUrl, checkMaxLength, collectErrors, hasErrors, LIMITS } from '../../lib/validation';

const NOTE_MAX = LIMITS.deliveryNoteMax;
const LINKS_MAX = LIMITS.deliveryLinksMax;
const ENDORSEMENT_MAX = LIMITS.endorsementMax;

function parseLinks(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The helper delivers: a note on what was done, and links to the result. */
export function DeliveryForm({ engagement }: { engagement: Engagement }) {
  const deliver = useSubmitDelivery();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState({
    note: '',
    links: '',
  });
  const [notePrivate, setNotePrivate] = useState(false);
  const detailsByDefault = engagement.detailsPublicByDefault;
  const details = notePrivate
    ? `the title “${engagement.overflow.title}” (with the endorsement as its summary; this note and your links stay private)`
    : `the title “${engagement.overflow.title}”, this note and your first link`;

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const links = parseLinks(values.links);
    const badLink = links.find((link) => checkHttpUrl(link));
    const problems = collectErrors({
      note: values.note.trim()
        ? checkMaxLength(values.note, NOTE_MAX)
        : 'Say what you did and how to check it.',
      links:
        links.length > LINKS_MAX
          ? `At most ${LINKS_MAX} links.`
          : badLink
            ? `“${badLink}” is not a full web address (https://…).`
            : undefined,
    });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    deliver.mutate(
      { id: engagement.id, body: { note: values.note.trim(), links, notePrivate } },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            title: 'Delivered',
            message: `${engagement.owner.name} has been told and will review it.`,
          }),
        onError: (error) => {
          const split = splitApiError(error, ['note', 'links']);
          setErrors(split.fields);
          setFormError(split.form);
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <FormAlert message={formError} title="The delivery was not sent" />
        <Textarea
          label="Delivery note"
          required
          description="What you did, what to look at first, anything left open."
          autosize
          minRows={5}
          maxRows={16}
          maxLength={NOTE_MAX}
          value={values.note}
          onChange={(e) => setValue('note', e.currentTarget.value)}
          error={errors.note}
        />
        <Textarea
          label="Links"
          description="Optional. One web address per line: the pull request, the document, the design."
          autosize
          minRows={2}
          maxRows={10}
          placeholder="https://"
          value={values.links}
          onChange={(e) => setValue('links', e.currentTarget.value)}
          error={errors.links}
        />
        <Checkbox
          label="Keep this note private"
          description="Only you and the owner see it. Your public record then shows the owner’s endorsement instead, and the links stay between you."
          checked={notePrivate}
          onChange={(e) => setNotePrivate(e.currentTarget.checked)}
        />
        <Alert
          variant="light"
          color="gray"
          icon={notePrivate ? <IconLock size={18} /> : <IconEye size={18} />}
          title="What becomes public on your profile"
        >
          <Text size="sm">
            When {engagement.owner.name} completes the engagement, it becomes verified work on your profile
            with their rating, endorsement and the skills you showed.{' '}
            {detailsByDefault
              ? `Anyone can also see ${details}.`
              : `This is not public overflow: ${details} show only to the two of you, unless ${engagement.owner.name} allows them.`}
          </Text>
        </Alert>
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={deliver.isPending}
            leftSection={<IconSend size={18} aria-hidden="true" />}
          >
            Submit delivery
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The owner asks for changes; the engagement goes back to the helper. */
export function RevisionRequest({ engagement }: { engagement: Engagement }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const request = useRequestRevision();

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setError('Say what should change, so the helper knows what to do.');
      return;
    }
    request.mutate(
      { id: engagement.id, note: note.trim() },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Revision requested',
            message: `${engagement.helper.name} has been told and will deliver again.`,
          });
          setNote('');
          setOpen(false);
        },
      },
    );
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} bg="var(--app-surface)">
      <Stack gap="sm">
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed" maw={420}>
            Not quite there? Ask for a revision with a note. The review window starts again on the next
            delivery.
          </Text>
          <Button
            variant={open ? 'default' : 'light'}
            leftSection={<IconMessageCircle size={18} aria-hidden="true" />}
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
          >
            Request revision
          </Button>
        </Group>
        <Collapse expanded={open}>
          <form onSubmit={handleSubmit} noValidate>
            <Stack gap="sm" pt="xs">
              <FormAlert message={request.error?.message} title="The request was not sent" />
              <Textarea
                label="What should change?"
                required
                autosize
                minRows={3}
                maxRows={12}
                maxLength={NOTE_MAX}
                value={note}
                onChange={(e) => {
                  setNote(e.currentTarget.value);
                  setError(null);
                }}
                error={error}
              />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={() => setOpen(false)} disabled={request.isPending}>
                  Cancel
                </Button>
                <Button type="submit" loading={request.isPending}>
                  Send revision request
                </Button>
              </Group>
            </Stack>
          </form>
        </Collapse>
      </Stack>
    </Paper>
  );
}

const RATING_WORDS: Record<string, string> = {
  '1': 'Poor',
  '2': 'Fair',
  '3': 'Good',
  '4': 'Very good',
  '5': 'Outstanding',
};

interface ReviewValues {
  rating: string;
  endorsement: string;
  skills: string[];
}

/** What the verified record will hold: the last delivery's note (or the endorsement, if the note is private). */
function recordPreview(engagement: Engagement, endorsement: string) {
  const delivery = [...engagement.events].reverse().find((ev) => ev.kind === 'delivered');
  const notePrivate = delivery?.notePrivate ?? false;
  return {
    title: engagement.overflow.title,
    summary: notePrivate ? endorsement : (delivery?.note ?? ''),
    link: notePrivate ? null : (delivery?.links[0] ?? null),
    notePrivate,
  };
}

/** The owner completes with a review: rating, endorsement, skills demonstrated. */
export function CompletionForm({ engagement }: { engagement: Engagement }) {
  const complete = useCompleteEngagement();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState<ReviewValues>({
    rating: '',
    endorsement: '',
    skills: [],
  });
  const [confirming, setConfirming] = useState(false);
  const [detailsPublic, setDetailsPublic] = useState(engagement.detailsPublicByDefault);

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problems = collectErrors({
      rating: values.rating ? undefined : 'Choose a rating from 1 to 5.',
      endorsement: values.endorsement.trim()
        ? checkMaxLength(values.endorsement, ENDORSEMENT_MAX)
        : 'Write a sentence or two about the work: it appears on their profile.',
    });
    setErrors(problems);
    if (hasErrors(problems)) {
      if (problems.rating) {
        requestAnimationFrame(() =>
          formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus(),
        );
        return;
      }
      return focusFirstInvalid(formRef.current);
    }
    // Completing publishes verified work: say what first, and let the owner choose.
    setConfirming(true);
  };

  const confirm = () => {
    complete.mutate(
      {
        id: engagement.id,
        body: {
          rating: Number(values.rating),
          endorsement: values.endorsement.trim(),
          skills: values.skills,
          detailsPublic,
        },
      },
      {
        onSuccess: () => {
          setConfirming(false);
          notifications.show({
            color: 'teal',
            title: 'Engagement completed',
            message: `${engagement.helper.name} now has verified work on their profile, and you have a tie.`,
          });
        },
        onError: (error) => {
          setConfirming(false);
          const split = splitApiError(error, ['rating', 'endorsement', 'skills']);
          setErrors(split.fields);
          setFormError(split.form);
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };
  const preview = recordPreview(engagement, values.endorsement.trim());

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate>
      <Stack gap="lg">
        <FormAlert message={formError} title="The engagement was not completed" />
        <Radio.Group
          label="Rating"
          description="1 is poor, 5 is outstanding."
          value={values.rating}
          onChange={(rating) => setValue('rating', rating)}
          error={errors.rating}
          required
        >
          <Group gap="lg" mt="xs">
            {['1', '2', '3', '4', '5'].map((r) => (
              <Radio key={r} value={r} label={r} size="md" />
            ))}
          </Group>
        </Radio.Group>
        {values.rating && (
          <Text size="sm" c="dimmed" mt={-12} aria-live="polite">
            {RATING_WORDS[values.rating]}
          </Text>
        )}
        <Textarea
          label="Endorsement"
          required
          description="Shown with the verified work on their profile. What did they do well?"
          autosize
          minRows={3}
          maxRows={10}
          maxLength={ENDORSEMENT_MAX}
          value={values.endorsement}
          onChange={(e) => setValue('endorsement', e.currentTarget.value)}
          error={errors.endorsement}
        />
        {engagement.overflow.skills.length > 0 && (
          <Checkbox.Group
            label="Skills demonstrated"
            description="Which of the overflow’s skills they showed. These go on the verified work."
            value={values.skills}
            onChange={(skills) => setValue('skills', skills)}
            error={errors.skills}
          >
            <Group gap="md" mt="xs">
              {engagement.overflow.skills.map((skill) => (
                <Checkbox key={skill} value={skill} label={skill} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={complete.isPending}
            leftSection={<IconCheck size={18} aria-hidden="true" />}
          >
            Complete engagement
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Complete and verify"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack gap="md">
          <Text size="sm">
            This completes the engagement and adds verified work to {engagement.helper.name}’s profile. It
            cannot be undone.
          </Text>
          <Switch
            checked={detailsPublic}
            onChange={(e) => setDetailsPublic(e.currentTarget.checked)}
            label="Allow the work’s details on their public profile"
            description={
              engagement.detailsPublicByDefault
                ? 'This is public overflow, so its details are public unless you say no.'
                : 'This is not public overflow, so its details stay private unless you allow them.'
            }
          />
          <Paper
            withBorder
            p="md"
            bg="var(--app-subtle)"
            aria-labelledby="record-preview-heading"
            component="section"
          >
            <Stack gap={6}>
              <Group gap="xs">
                <Title order={3} fz="sm" id="record-preview-heading">
                  What others will see
                </Title>
                <Badge color="teal.9" variant="filled" size="sm">
                  Verified
                </Badge>
              </Group>
              <Text fw={650}>{detailsPublic ? preview.title : 'Verified work for a member'}</Text>
              {detailsPublic && preview.summary && (
                <Text size="sm" lineClamp={4}>
                  {preview.summary}
                </Text>
              )}
              {detailsPublic && preview.link && (
                <Anchor href={preview.link} size="sm" target="_blank" rel="noopener noreferrer nofollow">
                  {preview.link}
                </Anchor>
              )}
              <List size="sm" spacing={2}>
                <List.Item>Rating: {values.rating ? `${values.rating} of 5` : 'none'}</List.Item>
                <List.Item>Endorsement: “{values.endorsement.trim()}”</List.Item>
                <List.Item>
                  Skills: {values.skills.length > 0 ? values.skills.join(', ') : 'none chosen'}
                </List.Item>
                {detailsPublic && <List.Item>Verified by you, named on the record</List.Item>}
              </List>
              {preview.notePrivate && (
                <Text size="xs" c="dimmed">
                  {engagement.helper.name} kept their delivery note private: the summary is your endorsement.
                </Text>
              )}
              {!detailsPublic && (
                <Text size="xs" c="dimmed">
                  The title, delivery note and links show only to {engagement.helper.name} and you.
                </Text>
              )}
            </Stack>
          </Paper>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={complete.isPending}>
              Go back
            </Button>
            <Button
              onClick={confirm}
              loading={complete.isPending}
              leftSection={<IconCheck size={18} aria-hidden="true" />}
            >
              Complete and verify
            </Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}
