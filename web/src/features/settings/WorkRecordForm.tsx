import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useRef } from 'react';
import type { WorkKind, WorkRecord } from '../../api/client';
import { useCreateWorkRecord, useUpdateWorkRecord } from '../../api/members';
import { FormAlert } from '../../components/FormAlert';
import { SkillsInput } from '../../components/SkillsInput';
import { splitApiError } from '../../lib/apiErrors';
import { todayIsoDate } from '../../lib/format';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import {
  checkHttpUrl,
  checkIsoDate,
  checkMaxLength,
  collectErrors,
  hasErrors,
  LIMITS,
  type FieldErrors,
} from '../../lib/validation';
import { WORK_KINDS } from '../profile/workKinds';
import { withCount } from '../../lib/counter';

interface WorkRecordFormProps {
  /** The record to edit; a new record when absent. */
  record?: WorkRecord;
  onDone: (saved: WorkRecord) => void;
  onCancel: () => void;
}

interface WorkValues {
  title: string;
  summary: string;
  url: string;
  kind: WorkKind | '';
  date: string;
  skills: string[];
}

const FIELDS = ['title', 'summary', 'url', 'kind', 'date', 'skills'];

function validate(values: WorkValues): FieldErrors {
  return collectErrors({
    title: values.title.trim()
      ? checkMaxLength(values.title.trim(), LIMITS.workTitleMax)
      : 'Give the work a title.',
    summary: checkMaxLength(values.summary, LIMITS.workSummaryMax),
    url: values.url.trim() ? checkHttpUrl(values.url.trim()) : undefined,
    kind: values.kind ? undefined : 'Choose what kind of work this is.',
    date: checkIsoDate(values.date),
    skills:
      values.skills.length > LIMITS.workSkillsMax
        ? `At most ${LIMITS.workSkillsMax} skills per work record.`
        : undefined,
  });
}

export function WorkRecordForm({ record, onDone, onCancel }: WorkRecordFormProps) {
  const create = useCreateWorkRecord();
  const update = useUpdateWorkRecord();
  const saving = create.isPending || update.isPending;
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState<WorkValues>(() => ({
    title: record?.title ?? '',
    summary: record?.summary ?? '',
    url: record?.url ?? '',
    kind: record?.kind ?? 'project',
    date: record?.date ?? todayIsoDate(),
    skills: record?.skills ?? [],
  }));

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setFormError(null);
    const problems = validate(values);
    setErrors(problems);
    if (hasErrors(problems) || !values.kind) return focusFirstInvalid(formRef.current);
    const body = {
      title: values.title.trim(),
      summary: values.summary.trim(),
      url: values.url.trim() || null,
      kind: values.kind,
      date: values.date,
      skills: values.skills,
    };
    const handlers = {
      onSuccess: onDone,
      onError: (error: Error) => {
        const split = splitApiError(error, FIELDS);
        setErrors(split.fields);
        setFormError(split.form);
        focusFirstInvalid(formRef.current);
      },
    };
    if (record) update.mutate({ id: record.id, body }, handlers);
    else create.mutate(body, handlers);
  };

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput
          label="Title"
          required
          data-autofocus
          maxLength={LIMITS.workTitleMax}
          description={withCount(null, values.title, LIMITS.workTitleMax)}
          placeholder="e.g. Keyboard navigation for a booking widget"
          value={values.title}
          onChange={(e) => setValue('title', e.currentTarget.value)}
          error={errors.title}
        />
        <Textarea
          label="Summary"
          description={withCount(
            'What you did and what came of it. Plain text.',
            values.summary,
            LIMITS.workSummaryMax,
          )}
          maxLength={LIMITS.workSummaryMax}
          autosize
          minRows={3}
          maxRows={10}
          value={values.summary}
          onChange={(e) => setValue('summary', e.currentTarget.value)}
          error={errors.summary}
        />
        <TextInput
          label="Link"
          description="Where people can see the work (optional)."
          type="url"
          placeholder="https://"
          value={values.url}
          onChange={(e) => setValue('url', e.currentTarget.value)}
          error={errors.url}
        />
        <Group grow align="flex-start" gap="md" wrap="wrap">
          <Select
            label="Kind"
            required
            data={WORK_KINDS.map(({ value, label }) => ({ value, label }))}
            value={values.kind || null}
            onChange={(kind) => setValue('kind', (kind as WorkKind | null) ?? '')}
            allowDeselect={false}
            error={errors.kind}
            miw={160}
          />
          <TextInput
            label="Date"
            type="date"
            required
            max="9999-12-31"
            value={values.date}
            onChange={(e) => setValue('date', e.currentTarget.value)}
            error={errors.date}
            miw={160}
          />
        </Group>
        <SkillsInput
          value={values.skills}
          onChange={(skills) => setValue('skills', skills)}
          max={LIMITS.workSkillsMax}
          error={errors.skills}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            Save work record
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
