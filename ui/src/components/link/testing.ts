// Records as the core returns them, for the Link area's tests.
import { afterAll, beforeAll } from "vitest";
import type { AssetDetail } from "../../bindings/AssetDetail";
import type { AssetHit } from "../../bindings/AssetHit";
import type { AssetQuery } from "../../bindings/AssetQuery";
import type { ProductDetail } from "../../bindings/ProductDetail";
import type { ProductHit } from "../../bindings/ProductHit";
import type { ProductLink } from "../../bindings/ProductLink";
import type { ProductPage } from "../../bindings/ProductPage";
import type { ProductQuery } from "../../bindings/ProductQuery";

export function assetHit(n: number, overrides: Partial<AssetHit> = {}): AssetHit {
  const id = `I${String(n).padStart(5, "0")}`;
  return {
    id,
    file_name: `SKU-${n}_front_v1.jpg`,
    title: null,
    caption: null,
    keywords: [],
    width: 4000,
    height: 5000,
    approval: "approved",
    verdict: "ok",
    licence_end: null,
    days_left: null,
    links: 0,
    thumb_base: `https://c.example/img/${id}`,
    thumb_token: "tok",
    fingerprint: `fp${n}`,
    uploaded_at: "2026-03-01T10:00:00Z",
    ...overrides,
  };
}

/** A `search_assets` handler paging over `all`, as the core pages. */
export function assetPages(all: AssetHit[]) {
  return (q: AssetQuery) => {
    const limit = q.limit || 50;
    return { items: all.slice(q.offset, q.offset + limit), total: all.length, offset: q.offset, limit };
  };
}

export function productHit(n: number, overrides: Partial<ProductHit> = {}): ProductHit {
  return {
    id: `P${n}`,
    sku: `SKU-${n}`,
    name: `Product ${n}`,
    category: "Men/Jackets",
    campaigns: ["Spring 2026"],
    owner: "u1",
    owner_name: "Ana Weber",
    parent: null,
    colour: null,
    size: null,
    status: "active",
    links: 0,
    flagged_links: 0,
    ...overrides,
  };
}

export function productPages(all: ProductHit[]) {
  return (q: ProductQuery): ProductPage => {
    const limit = q.limit || 50;
    return { items: all.slice(q.offset, q.offset + limit), total: all.length, offset: q.offset, limit };
  };
}

export function assetDetail(overrides: Partial<AssetDetail> = {}): AssetDetail {
  return {
    id: "I00001",
    file_name: "SKU-1_front_v1.jpg",
    file_size: 2_400_000,
    width: 4000,
    height: 5000,
    title: "Trail jacket, front",
    caption: "Model in the trail jacket on a grey backdrop",
    headline: null,
    credit: "Studio Nord",
    copyright: "© 2026 Brand Co",
    author: "Jonas Berg",
    keywords: ["jacket", "outdoor"],
    rating: 4,
    flagged: false,
    approval: "approved",
    approval_source: "shelflink",
    uploaded_at: "2026-03-01T10:00:00Z",
    updated_at: "2026-03-02T10:00:00Z",
    thumb_base: "https://c.example/img/I00001",
    thumb_token: "tok",
    fingerprint: "fp1",
    deleted: false,
    rights: {
      licence_start: null,
      licence_end: {
        value: { kind: "day", date: "2026-12-10", offset_minutes: null },
        source: { origin: "photo_shelter", field: "License.license_etime" },
      },
      licence_type: null,
      licence_holder: null,
      usage_terms: { value: "Web and print, Europe", source: { origin: "photo_shelter", field: "usage" } },
      copyright: null,
      credit: null,
      model_release: null,
      property_release: null,
      regions: null,
      channels: null,
      conflicts: [],
    },
    verdict: { kind: "expiring", days: 6, on: "2026-12-10", window: 30 },
    verdict_kind: "expiring",
    verdict_reason: "the licence ends in 6 days (on 2026-12-10)",
    galleries: [{ id: "G1", name: "Jackets", path: "Spring 2026 / Jackets" }],
    links: [],
    versions: null,
    ...overrides,
  };
}

export function productLink(asset: string, overrides: Partial<ProductLink> = {}): ProductLink {
  return {
    link_id: Number(asset.replace(/\D/g, "")),
    asset,
    file_name: `${asset}.jpg`,
    role: "gallery",
    position: 0,
    state: "confirmed",
    state_reason: null,
    origin: "user",
    flag: null,
    flag_reason: null,
    verdict: "ok",
    thumb_base: null,
    thumb_token: null,
    fingerprint: null,
    ...overrides,
  };
}

export function productDetail(overrides: Partial<ProductDetail> = {}): ProductDetail {
  return {
    id: "P1",
    sku: "SKU-1",
    name: "Trail jacket",
    description: "Waterproof shell",
    category: "Men/Jackets",
    campaigns: ["Spring 2026"],
    owner: "u1",
    owner_name: "Ana Weber",
    colour: "Navy",
    size: null,
    status: "active",
    mod_time: null,
    deleted: false,
    parent: null,
    variants: [],
    links: [],
    ...overrides,
  };
}

/** jsdom lays nothing out: give scroll containers a size so the virtualizers render rows. */
export function withLayout(width = 700, height = 600) {
  const w = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientWidth");
  const h = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => width });
    Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => height });
  });
  afterAll(() => {
    if (w) Object.defineProperty(HTMLElement.prototype, "clientWidth", w);
    if (h) Object.defineProperty(HTMLElement.prototype, "clientHeight", h);
  });
}
