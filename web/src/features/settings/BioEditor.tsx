import { Input, Paper, Tabs, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Markdown } from '../../components/Markdown';
import { LIMITS } from '../../lib/validation';

interface BioEditorProps {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}

/** The bio is Markdown: write it, then preview it exactly as the profile will show it. */
export function BioEditor({ value, onChange, error }: BioEditorProps) {
  const [tab, setTab] = useState<string | null>('write');
  const id = 'profile-bio';
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;

  return (
    <Input.Wrapper
      id={id}
      label="Bio"
      size="md"
      description={`Markdown works: **bold**, _italic_, lists and links. ${value.length.toLocaleString('en')} of ${LIMITS.bioMax.toLocaleString('en')} characters.`}
      descriptionProps={{ id: descriptionId }}
      error={error}
      errorProps={{ id: errorId }}
      inputWrapperOrder={['label', 'description', 'input', 'error']}
    >
      <Tabs value={tab} onChange={setTab} mt={6} variant="outline" radius="md">
        <Tabs.List>
          <Tabs.Tab value="write">Write</Tabs.Tab>
          <Tabs.Tab value="preview">Preview</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="xs">
          <Textarea
            id={id}
            aria-describedby={error ? `${descriptionId} ${errorId}` : descriptionId}
            autosize
            minRows={6}
            maxRows={18}
            value={value}
            onChange={(e) => onChange(e.currentTarget.value)}
            error={Boolean(error)}
            placeholder="What you are good at, what you are learning, the kind of overflow you like to help with."
          />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs">
          <Paper withBorder p="md" mih={150} bg="var(--app-subtle)">
            {value.trim() ? (
              <Markdown>{value}</Markdown>
            ) : (
              <Text c="dimmed" size="sm">
                Nothing to preview yet.
              </Text>
            )}
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </Input.Wrapper>
  );
}
