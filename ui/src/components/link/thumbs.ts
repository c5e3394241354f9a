// Thumbnail URLs of the app's `thumb` URI scheme. Thumbnails never cross IPC as bytes: the
// webview loads them from the scheme, which serves them from the on-disk store.

/** The boxes the thumbnail store keeps (long edge in device pixels). */
export type ThumbPx = 160 | 320 | 640 | 1280;

/** What a row needs for its thumbnail: the image id, whether a rendition exists, and the
 * content fingerprint that makes the URL change when the pixels change. */
export interface ThumbSource {
  id: string;
  thumb_base: string | null;
  fingerprint: string | null;
}

/** `thumb://localhost/` on Linux and macOS; Windows' (and Android's) webview spells the
 * same scheme `http://thumb.localhost/`. */
export function thumbOrigin(userAgent: string = globalThis.navigator?.userAgent ?? ""): string {
  return /Windows|Android/i.test(userAgent) ? "http://thumb.localhost/" : "thumb://localhost/";
}

/** The URL of a PhotoShelter image's thumbnail in the `px` box, or null when PhotoShelter
 * gave no rendition for it (the cell keeps its placeholder). */
export function assetThumbUrl(source: ThumbSource, px: ThumbPx, origin: string = thumbOrigin()): string | null {
  if (!source.thumb_base) return null;
  const path = `${origin}ps/${encodeURIComponent(source.id)}/${px}`;
  return source.fingerprint ? `${path}?v=${encodeURIComponent(source.fingerprint)}` : path;
}
