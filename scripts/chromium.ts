/**
 * Debian's Chromium as the project drives it headless (the browser tests and the screenshots):
 * where it is, and the flags that keep it off a closed network and out of a sandbox it cannot make
 * as root.
 */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
