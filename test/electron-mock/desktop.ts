// The desktop around the window: safeStorage, shell, menus, tray, global
// shortcuts, notifications and dialogs.
import { EventEmitter } from 'node:events';
import { mockState, type Template } from './state';
import type { MockNativeImage } from './windows';

// ---- safeStorage -----------------------------------------------------------

const SAFE_PREFIX = Buffer.from('mock-safestorage:');
const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));

export const safeStorage = {
  isEncryptionAvailable: () => mockState.safeStorage.available,
  getSelectedStorageBackend: () => mockState.safeStorage.backend,
  encryptString(plain: string): Buffer {
    if (!mockState.safeStorage.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    return Buffer.concat([SAFE_PREFIX, xor(Buffer.from(plain, 'utf8'))]);
  },
  decryptString(data: Buffer): string {
    if (!mockState.safeStorage.available) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    if (!data.subarray(0, SAFE_PREFIX.length).equals(SAFE_PREFIX)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return xor(data.subarray(SAFE_PREFIX.length)).toString('utf8');
  },
};

// ---- shell, menu, tray, shortcuts, notifications ---------------------------

export const shell = {
  async openExternal(url: string) {
    mockState.openedExternal.push(url);
  },
  showItemInFolder(path: string) {
    mockState.shownInFolder.push(path);
  },
};

export class MockMenu {
  constructor(readonly items: Template[]) {}
  /** Depth-first search by label or id. */
  find(labelOrId: string): Template | null {
    const walk = (items: Template[]): Template | null => {
      for (const i of items) {
        if (i.label === labelOrId || i.id === labelOrId) return i;
        const sub = Array.isArray(i.submenu) ? walk(i.submenu) : i.submenu instanceof MockMenu ? walk(i.submenu.items) : null;
        if (sub) return sub;
      }
      return null;
    };
    return walk(this.items);
  }
}

export const Menu = {
  buildFromTemplate: (template: Template[]) => new MockMenu(template),
  setApplicationMenu(menu: MockMenu | null) {
    mockState.applicationMenu = menu;
  },
  getApplicationMenu: () => mockState.applicationMenu,
};

export class Tray extends EventEmitter {
  tooltip = '';
  contextMenu: MockMenu | null = null;
  private destroyed = false;
  constructor(readonly image: MockNativeImage | string) {
    super();
    mockState.trays.push(this);
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setContextMenu(m: MockMenu | null) {
    this.contextMenu = m;
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export const globalShortcut = {
  register(accelerator: string, callback: () => void): boolean {
    if (!/^([A-Za-z]+\+)*[A-Za-z0-9,]+$/.test(accelerator)) throw new Error(`Failed to parse accelerator: ${accelerator}`);
    if (mockState.takenShortcuts.has(accelerator) || mockState.shortcuts.has(accelerator)) return false;
    mockState.shortcuts.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string) {
    mockState.shortcuts.delete(accelerator);
  },
  unregisterAll() {
    mockState.shortcuts.clear();
  },
  isRegistered: (accelerator: string) => mockState.shortcuts.has(accelerator),
};

export class Notification extends EventEmitter {
  static isSupported() {
    return mockState.notificationsSupported;
  }
  shown = false;
  constructor(readonly options: { title?: string; body?: string; silent?: boolean; [k: string]: unknown } = {}) {
    super();
  }
  show() {
    this.shown = true;
    mockState.notifications.push(this);
  }
  close() {
    this.emit('close');
  }
}

export const dialog = {
  showErrorBox(title: string, content: string) {
    mockState.errorBoxes.push({ title, content });
  },
  /** Answers with `mockState.saveDialogAnswer` (null = the user cancelled). */
  async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    const options = (args.length > 1 ? args[1] : args[0]) as Template;
    mockState.saveDialogs.push(options);
    const answer = mockState.saveDialogAnswer;
    return answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer };
  },
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    mockState.messageBoxes.push((args.length > 1 ? args[1] : args[0]) as Template);
    return { response: 0, checkboxChecked: false };
  },
};
