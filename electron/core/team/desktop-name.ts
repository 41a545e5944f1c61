// How a desktop is named to the team: user and computer, since one PC shared
// between shifts, or a terminal server, holds several desktops.
import { hostname, userInfo } from 'node:os';

export function desktopName(): string {
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    // No user entry (some containers): the computer's name alone.
  }
  return user ? `${user}@${hostname()}` : hostname();
}
