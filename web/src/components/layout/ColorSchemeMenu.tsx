import { Menu, UnstyledButton, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { IconCheck, IconMoon, IconSun, IconSunMoon } from '@tabler/icons-react';
import classes from './ColorSchemeMenu.module.css';

const OPTIONS: readonly { value: MantineColorScheme; label: string; Icon: typeof IconSun }[] = [
  { value: 'light', label: 'Light', Icon: IconSun },
  { value: 'dark', label: 'Dark', Icon: IconMoon },
  { value: 'auto', label: 'System', Icon: IconSunMoon },
];

/**
 * Light, dark or the system's setting (the default). The choice is kept in this browser (localStorage) and
 * applied before the first paint of the next visit (public/color-scheme.js).
 */
export function ColorSchemeMenu() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const current = OPTIONS.find((option) => option.value === colorScheme) ?? OPTIONS[2]!;
  const label = `Colour scheme: ${current.label.toLowerCase()}`;

  return (
    <Menu position="bottom-end" width={190} shadow="md" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <UnstyledButton aria-label={label} title={label} className={classes.trigger}>
          <current.Icon size={20} stroke={1.8} aria-hidden="true" />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Colour scheme</Menu.Label>
        {OPTIONS.map(({ value, label: optionLabel, Icon }) => (
          <Menu.Item
            key={value}
            // Mantine fixes the role to menuitem (where aria-checked is not allowed): the current choice is
            // announced as current, and the button's name says it too.
            aria-current={value === colorScheme ? 'true' : undefined}
            leftSection={<Icon size={16} aria-hidden="true" />}
            rightSection={value === colorScheme ? <IconCheck size={16} aria-hidden="true" /> : null}
            onClick={() => setColorScheme(value)}
          >
            {optionLabel}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
