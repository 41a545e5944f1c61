// How a desktop is named to the team: user and computer, since one PC shared
// between shifts, or a terminal server, holds several desktops. IT may name it
// otherwise (CALLLOG_DESKTOP_NAME: a seat number, a cloned image's hostnames
// all alike).
import { hostname, userInfo } from 'node:os';

export function desktopName(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.CALLLOG_DESKTOP_NAME?.trim();
  if (named) return named.slice(0, 200);
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    // No user entry (some containers): the computer's name alone.
  }
  return user ? `${user}@${hostname()}` : hostname();
}
