/** One photo of a report being written, as the photo picker shows it. */
export interface PhotoItem {
  /** Local key (list rendering, retries). */
  key: string;
  status: 'compressing' | 'uploading' | 'done' | 'ready' | 'failed';
  /** Upload progress 0…1. */
  progress: number;
  /** A small data URL: shown in the grid and kept with the draft. */
  thumb: string;
  width: number;
  height: number;
  /** The compressed JPEG while it is needed (to upload, retry, or keep offline). */
  blob: Blob | null;
  /** The server's id once uploaded. */
  id: string | null;
  /** Why it failed, in the UI language; `retryable` when sending again may help. */
  error: string;
  retryable: boolean;
}

/** Whether every photo is settled (none compressing or uploading). */
export const photosSettled = (items: readonly PhotoItem[]): boolean =>
  items.every((p) => p.status !== 'compressing' && p.status !== 'uploading');
