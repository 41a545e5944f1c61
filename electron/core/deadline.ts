// Waiting on a server with a limit: quitting, or an import, never hangs on a
// team database that stopped answering.

/** `work`'s value, or null when it has not settled within `ms` (it then runs on, a failure ignored). */
export async function beforeDeadline<T>(work: Promise<T>, ms: number): Promise<{ value: T } | null> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([work.then((value) => ({ value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
