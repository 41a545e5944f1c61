// The one way out of the app to the web. Only https: links leave: file:, smb:,
// javascript: and custom schemes could run or reveal things on the agent's PC.
import { shell } from 'electron';

/** The URL when it may be opened in the system browser, otherwise null. */
export function externalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // Credentials in a link are a phishing trick ("https://bank.com@evil.example").
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  return url.href;
}

/** Opens an https: URL in the default browser; anything else is refused (false). */
export async function openExternal(raw: string): Promise<boolean> {
  const url = externalUrl(raw);
  if (!url) return false;
  await shell.openExternal(url);
  return true;
}
