import { IconBriefcase, IconFileText, IconMicrophone, IconPackage, IconSparkles } from '@tabler/icons-react';
import type { WorkKind } from '../../api/client';

export const WORK_KINDS: { value: WorkKind; label: string }[] = [
  { value: 'project', label: 'Project' },
  { value: 'talk', label: 'Talk' },
  { value: 'writing', label: 'Writing' },
  { value: 'delivery', label: 'Delivery' },
  { value: 'other', label: 'Other' },
];

export function workKindLabel(kind: WorkKind): string {
  return WORK_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

/** A small decorative icon for each kind of work. */
export function WorkKindIcon({ kind, size = 14 }: { kind: WorkKind; size?: number }) {
  const props = { size, 'aria-hidden': true } as const;
  switch (kind) {
    case 'project':
      return <IconBriefcase {...props} />;
    case 'talk':
      return <IconMicrophone {...props} />;
    case 'writing':
      return <IconFileText {...props} />;
    case 'delivery':
      return <IconPackage {...props} />;
    default:
      return <IconSparkles {...props} />;
  }
}
