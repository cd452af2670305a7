// A Vite plugin: each Mantine component brings its own stylesheet, so the CSS of a page is the CSS of the
// components it uses, in the chunk that uses them (Vite splits CSS along the JavaScript chunks). Mantine
// ships one `<Name>.module.mjs` (its class names) per stylesheet `styles/<Name>.layer.css`; the plugin adds
// the import to that module. The `.layer.css` files put Mantine in `@layer mantine`, so the app's own CSS
// modules win over it whatever order the chunks load in. web/src/main.tsx imports the shared base (reset,
// variables, global) itself.
import type { Plugin } from 'vite';

const CORE_MODULE = /[\\/]@mantine[\\/]core[\\/]esm[\\/].*[\\/](\w+)\.module\.mjs$/;
const NOTIFICATIONS_MODULE = /[\\/]@mantine[\\/]notifications[\\/]esm[\\/]Notifications\.module\.mjs$/;

export function mantineStylesPerComponent(): Plugin {
  return {
    name: 'slipstream-mantine-styles',
    transform(code, id) {
      const core = CORE_MODULE.exec(id);
      if (core) return { code: `import '@mantine/core/styles/${core[1]}.layer.css';\n${code}`, map: null };
      if (NOTIFICATIONS_MODULE.test(id))
        return { code: `import '@mantine/notifications/styles.layer.css';\n${code}`, map: null };
      return undefined;
    },
  };
}
