import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** A calm deep teal: the rider's slipstream. Shade 7 (the primary) passes AA with white text. */
const stream: MantineColorsTuple = [
  '#e8f5f7',
  '#d3eaee',
  '#a7d4dc',
  '#78bdc9',
  '#52a9b9',
  '#3a9caf',
  '#2b8a9e',
  '#1f7386',
  '#155d6d',
  '#0a4654',
];

export const theme = createTheme({
  primaryColor: 'stream',
  // The same shade in dark: white text on shade 4 (the usual dark choice) is below AA.
  primaryShade: { light: 7, dark: 7 },
  colors: { stream },
  autoContrast: true,
  defaultRadius: 'md',
  cursorType: 'pointer',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: {
    fontFamily:
      'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    fontWeight: '700',
  },
  components: {
    // Required fields are marked with `required` (announced by screen readers) but without a visual
    // asterisk: it would become part of the label's text. Optional fields say so in their description.
    InputWrapper: { defaultProps: { withAsterisk: false } },
    Button: { defaultProps: { fw: 600 } },
    // Mantine's notification close button has no name, and its description grey is below AA.
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      styles: {
        description: { color: 'var(--ld-gray-7--dark-1)' },
      },
    },
    Modal: {
      defaultProps: { radius: 'lg' },
      styles: { title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } },
    },
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'lg' } },
    TextInput: { defaultProps: { size: 'md' } },
    PasswordInput: {
      defaultProps: {
        size: 'md',
        visibilityToggleButtonProps: { 'aria-label': 'Show or hide the characters' },
      },
    },
    Textarea: { defaultProps: { size: 'md' } },
    Select: { defaultProps: { size: 'md' } },
    NumberInput: { defaultProps: { size: 'md' } },
    TagsInput: { defaultProps: { size: 'md' } },
  },
});

/**
 * Mantine's default "dimmed" grey and error red are below WCAG AA on white, and on its dark greys too; these
 * keep the same feel with enough contrast (≥ 4.5:1) in both schemes.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5a6169',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': '#7a828a',
    '--mantine-color-body': '#ffffff',
  },
  dark: {
    '--mantine-color-dimmed': '#a3a3a3',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    '--mantine-color-placeholder': '#8c8c8c',
  },
});

/** Where the chosen colour scheme is kept; web/public/color-scheme.js reads the same key before the first paint. */
export const COLOR_SCHEME_KEY = 'slipstream-color-scheme';
