// The system-wide "log a call" shortcut, from Settings. Another application may
// already own the keys: that is logged and the app carries on without it.
import { globalShortcut } from 'electron';
import type { SettingsService } from '../core/settings';

export interface ShortcutOptions {
  settings: Pick<SettingsService, 'get' | 'events'>;
  onPress(): void;
  log?: (msg: string) => void;
}

/** Registers the shortcut now and again whenever the setting changes; returns the undo. */
export function setupGlobalShortcut(opts: ShortcutOptions): () => void {
  let active: string | null = null;

  const apply = (accelerator: string) => {
    if (accelerator === active) return;
    if (active) globalShortcut.unregister(active);
    active = null;
    if (!accelerator) return;
    try {
      if (globalShortcut.register(accelerator, () => opts.onPress())) active = accelerator;
      else opts.log?.(`The shortcut ${accelerator} is taken by another application; it is not active.`);
    } catch (err) {
      opts.log?.(`The shortcut ${accelerator} could not be registered: ${(err as Error).message}`);
    }
  };

  const onChange = (next: { globalShortcut: string }) => apply(next.globalShortcut);
  apply(opts.settings.get().globalShortcut);
  opts.settings.events.on('change', onChange);
  return () => {
    opts.settings.events.off('change', onChange);
    if (active) globalShortcut.unregister(active);
    active = null;
  };
}
