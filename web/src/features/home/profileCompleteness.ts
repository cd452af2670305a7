import type { SelfMember } from '../../api/client';

export interface ChecklistItem {
  key: string;
  label: string;
  hint: string;
  done: boolean;
  action: { label: string; to: string };
}

/** What a profile needs before it speaks for its owner: who they are, what they do, and proof. */
export function profileChecklist(member: SelfMember, workRecordCount: number | undefined): ChecklistItem[] {
  return [
    {
      key: 'headline',
      label: 'Write a headline',
      hint: 'One line on what you do, shown under your name.',
      done: member.headline.trim().length > 0,
      action: { label: 'Add a headline', to: '/settings/profile?focus=headline' },
    },
    {
      key: 'bio',
      label: 'Tell your story in a short bio',
      hint: 'What you are good at and what you want to learn next.',
      done: member.bio.trim().length > 0,
      action: { label: 'Write your bio', to: '/settings/profile?focus=bio' },
    },
    {
      key: 'skills',
      label: 'List your skills',
      hint: 'They decide which overflow you are shown.',
      done: member.skills.length > 0,
      action: { label: 'Add skills', to: '/settings/profile?focus=skills' },
    },
    {
      key: 'work',
      label: 'Add a work record',
      hint: 'Something you shipped, wrote or presented. Work is the profile.',
      done: (workRecordCount ?? 0) > 0,
      action: { label: 'Add your first work record', to: '/settings/work?add=1' },
    },
  ];
}
