// Sets the colour scheme before the first paint (a classic script in <head>, from this file so the
// Content-Security-Policy needs no inline script): the member's choice in localStorage (light, dark or
// auto), else the system setting. The app's MantineProvider reads and writes the same key
// (COLOR_SCHEME_KEY in web/src/lib/theme.ts) and follows system changes while "auto".
/* global window, document */
(function () {
  var scheme = 'light';
  try {
    var chosen = window.localStorage.getItem('slipstream-color-scheme');
    var auto = chosen !== 'light' && chosen !== 'dark';
    scheme = auto ? (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : chosen;
  } catch {
    // Storage blocked: follow the system through the media query alone.
    if (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches) scheme = 'dark';
  }
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();
