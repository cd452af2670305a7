// Mantine's reset, variables and global rules; each component's own styles come with the chunk that uses it
// (scripts/mantine-styles.ts), so the first paint carries only the CSS it shows.
import '@mantine/core/styles/baseline.layer.css';
import '@mantine/core/styles/default-css-variables.layer.css';
import '@mantine/core/styles/global.layer.css';
import './styles/global.css';

import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { createQueryClient } from './api/queryClient';
import { nameComboboxListboxes } from './lib/listboxNames';
import { COLOR_SCHEME_KEY, cssVariablesResolver, theme } from './lib/theme';
import { router } from './router';

const queryClient = createQueryClient();
// Light, dark or the system's ("auto", the default), kept in localStorage; public/color-scheme.js applies it
// before the first paint.
const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_KEY });
nameComboboxListboxes();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
    >
      <QueryClientProvider client={queryClient}>
        {/* Bottom right: a toast never covers the header's bell and account menu (on a phone it spans the
            bottom edge). */}
        <Notifications position="bottom-right" zIndex={1000} />
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
