import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Resolves on the first SIGINT or SIGTERM, so a long-running process can close cleanly (the queue
 * lets running jobs finish, the embedded database is stopped). A second signal while it closes
 * exits at once: Ctrl-C twice always works.
 */
export function untilShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const force = () => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.once('SIGINT', first);
    process.once('SIGTERM', first);
  });
}

/** True when `moduleUrl` is the script Node was started with, not a module the CLI or a test imported. */
export function isEntryPoint(moduleUrl: string, argv1: string | undefined): boolean {
  if (argv1 === undefined) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(argv1)).href;
  } catch {
    return false;
  }
}
