export function electronBinary(): { path: string; missing: null } | { path: null; missing: string };
