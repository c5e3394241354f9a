// English: the reference set of UI strings. Every other language must have every key.
export const en = {
  "app.loading": "Loading…",

  "photoshelter.title": "PhotoShelter",
  "photoshelter.galleries": "Galleries",
  "photoshelter.images": "Images",
  "allportal.title": "4ALLPORTAL",
  "allportal.products": "Products",

  "empty.galleries.title": "No galleries yet",
  "empty.galleries.live":
    "Connect your PhotoShelter account and run a sync; your galleries will be listed here.",
  "empty.galleries.demo":
    "Nothing has been synced into the demo workspace yet. Its galleries will be listed here after the first sync.",
  "empty.images.title": "No images to show",
  "empty.images.body": "Once galleries are synced, pick one on the left to see its images here.",
  "empty.products.title": "No products yet",
  "empty.products.live":
    "Connect your 4ALLPORTAL account and run a sync; products and their SKUs will be listed here.",
  "empty.products.demo":
    "Nothing has been synced into the demo workspace yet. Its products will be listed here after the first sync.",

  "cached.galleries": "Galleries in the cache: {count}",
  "cached.images": "Images in the cache: {count}",
  "cached.products": "Products in the cache: {count}",

  "status.loading": "Connecting to the core…",
  "status.failed": "Core unavailable",
  "status.workspace.demo": "Demo workspace",
  "status.workspace.live": "Live workspace",
  "status.nothingSynced": "Nothing synced yet",
  "status.counts": "{galleries} galleries · {images} images · {products} products · {links} links",
  "status.dataDir": "Data folder",
  "status.schema": "Cache schema {version}",
  "status.version": "Shelflink {version}",

  "problem.title": "Shelflink cannot open its workspace",
  "problem.statusTitle": "Shelflink could not load its status",
  "problem.retry": "Try again",
} as const;

export type MessageKey = keyof typeof en;
