import type { MessageKey } from "./en";

export const de: Record<MessageKey, string> = {
  "app.loading": "Wird geladen …",

  "photoshelter.title": "PhotoShelter",
  "photoshelter.galleries": "Galerien",
  "photoshelter.images": "Bilder",
  "allportal.title": "4ALLPORTAL",
  "allportal.products": "Produkte",

  "empty.galleries.title": "Noch keine Galerien",
  "empty.galleries.live":
    "Verbinden Sie Ihr PhotoShelter-Konto und synchronisieren Sie; Ihre Galerien erscheinen dann hier.",
  "empty.galleries.demo":
    "In den Demo-Arbeitsbereich wurde noch nichts synchronisiert. Seine Galerien erscheinen hier nach der ersten Synchronisierung.",
  "empty.images.title": "Keine Bilder",
  "empty.images.body":
    "Sobald Galerien synchronisiert sind, wählen Sie links eine aus, um ihre Bilder hier zu sehen.",
  "empty.products.title": "Noch keine Produkte",
  "empty.products.live":
    "Verbinden Sie Ihr 4ALLPORTAL-Konto und synchronisieren Sie; Produkte und ihre SKUs erscheinen dann hier.",
  "empty.products.demo":
    "In den Demo-Arbeitsbereich wurde noch nichts synchronisiert. Seine Produkte erscheinen hier nach der ersten Synchronisierung.",

  "cached.galleries": "Galerien im Cache: {count}",
  "cached.images": "Bilder im Cache: {count}",
  "cached.products": "Produkte im Cache: {count}",

  "status.loading": "Verbindung zum Kern …",
  "status.failed": "Kern nicht erreichbar",
  "status.workspace.demo": "Demo-Arbeitsbereich",
  "status.workspace.live": "Arbeitsbereich",
  "status.nothingSynced": "Noch nichts synchronisiert",
  "status.counts": "{galleries} Galerien · {images} Bilder · {products} Produkte · {links} Verknüpfungen",
  "status.dataDir": "Datenordner",
  "status.schema": "Cache-Schema {version}",
  "status.version": "Shelflink {version}",

  "problem.title": "Shelflink kann seinen Arbeitsbereich nicht öffnen",
  "problem.statusTitle": "Shelflink konnte seinen Status nicht laden",
  "problem.retry": "Erneut versuchen",
};
