import {
  Alert,
  Anchor,
  Button,
  Collapse,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconEye, IconEyeOff, IconInfoCircle } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { useTieChoices, type OverflowDetail, type Visibility } from '../../api/overflow';
import { FormAlert } from '../../components/FormAlert';
import { Markdown } from '../../components/Markdown';
import { SkillsInput } from '../../components/SkillsInput';
import { splitApiError } from '../../lib/apiErrors';
import { todayIsoDate } from '../../lib/format';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import {
  checkIsoDate,
  checkMaxLength,
  collectErrors,
  hasErrors,
  LIMITS,
  type FieldErrors,
} from '../../lib/validation';
import { withCount } from '../../lib/counter';

export const OVERFLOW_LIMITS = {
  titleMin: LIMITS.overflowTitleMin,
  titleMax: LIMITS.overflowTitleMax,
  briefMax: LIMITS.overflowBriefMax,
  skillsMax: LIMITS.overflowSkillsMax,
  effortMax: LIMITS.effortHoursMax,
};

interface OverflowValues {
  title: string;
  brief: string;
  skills: string[];
  effortHours: number | '';
  dueOn: string;
  visibility: Visibility;
  askHandle: string | null;
}

const FIELDS = ['title', 'brief', 'skills', 'effortHours', 'dueOn', 'visibility', 'askHandle'];

function validate(values: OverflowValues, today: string): FieldErrors {
  const title = values.title.trim();
  return collectErrors({
    title: !title
      ? 'Give the overflow a title.'
      : title.length < OVERFLOW_LIMITS.titleMin
        ? `Use at least ${OVERFLOW_LIMITS.titleMin} characters.`
        : checkMaxLength(title, OVERFLOW_LIMITS.titleMax),
    brief: values.brief.trim()
      ? checkMaxLength(values.brief, OVERFLOW_LIMITS.briefMax)
      : 'Describe the work: what is needed and what done looks like.',
    skills: values.skills.length === 0 ? 'Add at least one skill the work needs.' : undefined,
    effortHours:
      values.effortHours === ''
        ? 'Estimate the effort in hours.'
        : values.effortHours < 1 || values.effortHours > OVERFLOW_LIMITS.effortMax
          ? `Between 1 and ${OVERFLOW_LIMITS.effortMax} hours: split bigger work.`
          : undefined,
    dueOn: values.dueOn
      ? (checkIsoDate(values.dueOn) ?? (values.dueOn < today ? 'Choose today or a later date.' : undefined))
      : undefined,
    askHandle: values.visibility === 'ask' && !values.askHandle ? 'Choose whom to ask.' : undefined,
  });
}

interface OverflowFormProps {
  overflow?: OverflowDetail;
  submitLabel: string;
  saving: boolean;
  onSubmit: (body: Schemas['NewOverflowInput'], handlers: { onError: (error: Error) => void }) => void;
  onCancel: () => void;
}

/** The overflow form, for posting and for editing while it is open. */
export function OverflowForm({ overflow, submitLabel, saving, onSubmit, onCancel }: OverflowFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [preview, setPreview] = useState(false);
  const today = todayIsoDate();
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState<OverflowValues>(
    () => ({
      title: overflow?.title ?? '',
      brief: overflow?.brief ?? '',
      skills: overflow?.skills ?? [],
      effortHours: overflow?.effortHours ?? '',
      dueOn: overflow?.dueOn ?? '',
      visibility: overflow?.visibility ?? 'public',
      askHandle: overflow?.askMember?.handle ?? null,
    }),
  );
  const ties = useTieChoices(values.visibility === 'ask');
  const tieOptions = ties.data ?? [];
  // Keep the person already asked in the list, even if the tie list has not loaded.
  const askOptions =
    overflow?.askMember && !tieOptions.some((t) => t.value === overflow.askMember?.handle)
      ? [
          {
            value: overflow.askMember.handle,
            label: `${overflow.askMember.name} (@${overflow.askMember.handle})`,
          },
          ...tieOptions,
        ]
      : tieOptions;
  const noTies = values.visibility === 'ask' && ties.isSuccess && askOptions.length === 0;

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problems = validate(values, today);
    setErrors(problems);
    if (hasErrors(problems) || values.effortHours === '') return focusFirstInvalid(formRef.current);
    const body: Schemas['NewOverflowInput'] = {
      title: values.title.trim(),
      brief: values.brief.trim(),
      skills: values.skills,
      effortHours: values.effortHours,
      dueOn: values.dueOn || null,
      visibility: values.visibility,
      ...(values.visibility === 'ask' && values.askHandle ? { askHandle: values.askHandle } : {}),
    };
    onSubmit(body, {
      onError: (error) => {
        const split = splitApiError(error, FIELDS);
        setErrors(split.fields);
        setFormError(split.form);
        if (split.form) formRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
        focusFirstInvalid(formRef.current);
      },
    });
  };

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate>
      <Stack gap="lg">
        <FormAlert message={formError} title="This could not be saved" />
        <TextInput
          label="Title"
          required
          data-autofocus
          description={withCount('One line: what needs doing.', values.title, OVERFLOW_LIMITS.titleMax)}
          maxLength={OVERFLOW_LIMITS.titleMax}
          placeholder="e.g. Review the onboarding emails for tone"
          value={values.title}
          onChange={(e) => setValue('title', e.currentTarget.value)}
          error={errors.title}
        />
        <Stack gap={6}>
          <Textarea
            label="Brief"
            required
            description={withCount(
              'Context, what done looks like, and anything a helper needs. Markdown works: **bold**, lists, links.',
              values.brief,
              OVERFLOW_LIMITS.briefMax,
            )}
            maxLength={OVERFLOW_LIMITS.briefMax}
            autosize
            minRows={6}
            maxRows={20}
            value={values.brief}
            onChange={(e) => setValue('brief', e.currentTarget.value)}
            error={errors.brief}
          />
          <Group justify="space-between" gap="xs">
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={
                preview ? (
                  <IconEyeOff size={14} aria-hidden="true" />
                ) : (
                  <IconEye size={14} aria-hidden="true" />
                )
              }
              onClick={() => setPreview((p) => !p)}
              aria-expanded={preview}
              disabled={!values.brief.trim()}
            >
              {preview ? 'Hide preview' : 'Preview the brief'}
            </Button>
            <Text size="xs" c="dimmed">
              {values.brief.length.toLocaleString('en')} / {OVERFLOW_LIMITS.briefMax.toLocaleString('en')}
            </Text>
          </Group>
          <Collapse expanded={preview && !!values.brief.trim()}>
            <Paper withBorder p="md" bg="var(--app-subtle)">
              <Markdown>{values.brief}</Markdown>
            </Paper>
          </Collapse>
        </Stack>
        <SkillsInput
          label="Skills"
          value={values.skills}
          onChange={(skills) => setValue('skills', skills)}
          max={OVERFLOW_LIMITS.skillsMax}
          error={errors.skills}
          description="What the work needs (1 to 10)."
        />
        <Group grow gap="md" align="flex-start" wrap="wrap">
          <NumberInput
            label="Effort (hours)"
            required
            description="Your honest estimate, 1 to 200."
            min={1}
            max={OVERFLOW_LIMITS.effortMax}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={values.effortHours}
            onChange={(value) =>
              setValue('effortHours', typeof value === 'number' ? value : value === '' ? '' : Number(value))
            }
            error={errors.effortHours}
            miw={180}
          />
          <TextInput
            label="Due date"
            type="date"
            description="Optional. Unassigned overflow expires after it."
            min={today}
            max="9999-12-31"
            value={values.dueOn}
            onChange={(e) => setValue('dueOn', e.currentTarget.value)}
            error={errors.dueOn}
            miw={180}
          />
        </Group>
        <Radio.Group
          label="Visibility"
          description="Who can see it and offer."
          value={values.visibility}
          onChange={(value) => setValue('visibility', value as Visibility)}
          error={errors.visibility}
        >
          <Stack gap="sm" mt="xs">
            <Radio value="public" label="Public" description="Anyone, even people who are not signed in." />
            <Radio value="members" label="Members only" description="Signed-in members of this instance." />
            <Radio
              value="ask"
              label="Ask one of your ties"
              description="A direct ask to one person you have already worked with."
            />
          </Stack>
        </Radio.Group>
        {values.visibility === 'ask' && (
          <Stack gap="xs">
            <Select
              label="Ask whom"
              required
              placeholder={ties.isPending ? 'Loading your ties…' : noTies ? 'No ties yet' : 'Choose a tie'}
              data={askOptions}
              value={values.askHandle}
              onChange={(handle) => setValue('askHandle', handle)}
              searchable
              nothingFoundMessage="None of your ties matches"
              error={errors.askHandle}
            />
            {noTies && (
              <Alert variant="light" color="stream" icon={<IconInfoCircle size={20} aria-hidden="true" />}>
                You have no ties yet. Ties form when an engagement completes or someone accepts your noticed
                note: offer before you ask. Post it publicly or to members for now, or{' '}
                <Anchor
                  component={Link}
                  to="/board"
                  inherit
                  fw={700}
                  c="var(--app-accent-text)"
                  underline="always"
                >
                  help someone on the board
                </Anchor>
                .
              </Alert>
            )}
            {ties.isError && <FormAlert message={ties.error.message} />}
          </Stack>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
