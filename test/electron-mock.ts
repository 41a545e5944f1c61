// Placeholder until the desktop shell lands; replaced by the shared electron mock.
export {};
