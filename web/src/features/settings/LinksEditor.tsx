import { ActionIcon, Button, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { FieldErrors } from '../../lib/validation';
import { LIMITS } from '../../lib/validation';
import classes from './LinksEditor.module.css';

export interface LinkRow {
  key: string;
  label: string;
  url: string;
}

interface LinksEditorProps {
  rows: LinkRow[];
  onChange: (rows: LinkRow[]) => void;
  errors: FieldErrors;
}

let nextKey = 0;
export function newLinkRow(label = '', url = ''): LinkRow {
  nextKey += 1;
  return { key: `link-${nextKey}`, label, url };
}

/** Label + address rows (a website, a portfolio, code), up to ten. */
export function LinksEditor({ rows, onChange, errors }: LinksEditorProps) {
  const update = (index: number, patch: Partial<LinkRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const remove = (index: number) => onChange(rows.filter((_, i) => i !== index));

  return (
    <Fieldset legend="Links" variant="unstyled" className={classes.fieldset}>
      <Text size="sm" c="dimmed" mb="sm">
        Your website, portfolio, code or writing. Up to {LIMITS.linksMax}.
      </Text>
      <Stack gap="sm">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed" fs="italic">
            No links yet.
          </Text>
        )}
        {rows.map((row, index) => (
          <div key={row.key} className={classes.row}>
            <TextInput
              label="Label"
              aria-label={`Link ${index + 1} label`}
              placeholder="Website"
              maxLength={LIMITS.linkLabelMax}
              value={row.label}
              onChange={(e) => update(index, { label: e.currentTarget.value })}
              error={errors[`links.${index}.label`]}
              className={classes.label}
            />
            <TextInput
              label="URL"
              aria-label={`Link ${index + 1} URL`}
              type="url"
              placeholder="https://example.org"
              value={row.url}
              onChange={(e) => update(index, { url: e.currentTarget.value })}
              error={errors[`links.${index}.url`]}
              className={classes.url}
            />
            <ActionIcon
              variant="subtle"
              color="red.9"
              size={42}
              onClick={() => remove(index)}
              aria-label={`Remove link ${index + 1}${row.label ? ` (${row.label})` : ''}`}
              className={classes.remove}
            >
              <IconTrash size={18} aria-hidden="true" />
            </ActionIcon>
          </div>
        ))}
        {errors.links && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert">
            {errors.links}
          </Text>
        )}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden="true" />}
            onClick={() => onChange([...rows, newLinkRow()])}
            disabled={rows.length >= LIMITS.linksMax}
          >
            Add link
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
