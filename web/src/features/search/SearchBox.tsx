import { ActionIcon, TextInput } from '@mantine/core';
import { IconArrowRight, IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';

interface SearchBoxProps {
  label: string;
  placeholder: string;
  value: string;
  onSearch: (q: string) => void;
}

/** The words to search for; submitted with Enter or the arrow button. Give it `key={value}` to reset it. */
export function SearchBox({ label, placeholder, value, onSearch }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form role="search" onSubmit={submit}>
      <TextInput
        type="search"
        label={label}
        placeholder={placeholder}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        maxLength={500}
        size="md"
        leftSection={<IconSearch size={18} aria-hidden="true" />}
        rightSection={
          <ActionIcon type="submit" size="lg" radius="md" aria-label="Search" variant="filled">
            <IconArrowRight size={18} aria-hidden="true" />
          </ActionIcon>
        }
        rightSectionWidth={48}
      />
    </form>
  );
}
