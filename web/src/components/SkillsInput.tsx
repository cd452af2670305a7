import { TagsInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useSkillSuggestions } from '../api/skills';
import { normaliseSkill, normaliseSkills } from '../../../packages/rules';

interface SkillsInputProps {
  /** The input's id (e.g. so a link can focus it). */
  id?: string;
  label?: string;
  value: string[];
  onChange: (skills: string[]) => void;
  max: number;
  error?: string | undefined;
  description?: string;
}

/**
 * Skill tags with suggestions from skills already used on this instance. Tags are normalised as they
 * are added ("Type Script" → type-script), exactly as the server stores them, and the description says what
 * the tag being typed will become before it is added. Skills in any script are kept ("日本語").
 */
export function SkillsInput({
  id,
  label = 'Skills',
  value,
  onChange,
  max,
  error,
  description,
}: SkillsInputProps) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 200);
  const suggestions = useSkillSuggestions(debouncedSearch).data ?? [];
  const atLimit = value.length >= max;
  // What the tag being typed will become, shown before it is added (issue 10: visibly normalised).
  const typed = search.trim();
  const tag = normaliseSkill(typed);
  const preview = !typed
    ? ''
    : !tag
      ? ` “${typed}” has no letters or digits, so it cannot be a skill.`
      : tag !== typed
        ? ` “${typed}” will be added as “${tag}”.`
        : '';

  return (
    <TagsInput
      id={id}
      label={label}
      description={`${description ? `${description} ` : ''}${value.length} of ${max} — press Enter or comma to add.${preview}`}
      placeholder={atLimit ? undefined : 'e.g. typescript, user research'}
      value={value}
      onChange={(next) => onChange(normaliseSkills(next).slice(0, max))}
      searchValue={search}
      onSearchChange={setSearch}
      data={suggestions.filter((skill) => !value.includes(skill))}
      maxTags={max}
      error={error}
      clearable
      clearButtonProps={{ 'aria-label': 'Clear all' }}
      withScrollArea={false}
      comboboxProps={{ shadow: 'md' }}
    />
  );
}
