// Turning the review into what the view shows: the filters, the rows of the time axis.
import type { ExpiryReview } from "../../bindings/ExpiryReview";
import type { RestrictedAsset } from "../../bindings/RestrictedAsset";
import type { ReviewAsset } from "../../bindings/ReviewAsset";

export type Window = 7 | 14 | 30;
export const WINDOWS: readonly Window[] = [7, 14, 30];

export interface Filters {
  expired: boolean;
  /** Expiring within this many days; null = not shown. */
  within: Window | null;
  restricted: boolean;
}

export type GroupBy = "product" | "campaign";

/** One image in the view, whatever brought it there. */
export interface ReviewItem {
  id: string;
  file_name: string;
  status: "expired" | "expiring" | "restricted";
  licence_end: string | null;
  days_left: number | null;
  reason: string;
  products: ReviewAsset["products"];
}

export function items(review: ExpiryReview, restricted: RestrictedAsset[], filters: Filters): ReviewItem[] {
  const out: ReviewItem[] = [];
  if (filters.expired) out.push(...review.expired_linked.map(fromReview));
  if (filters.within !== null) {
    const within = filters.within;
    out.push(...review.expiring.filter((a) => a.days_left <= within).map(fromReview));
  }
  if (filters.restricted) {
    out.push(
      ...restricted.map((a) => ({
        id: a.id,
        file_name: a.file_name,
        status: "restricted" as const,
        licence_end: a.licence_end,
        days_left: null,
        reason: a.reason,
        products: a.products,
      })),
    );
  }
  return out;
}

function fromReview(a: ReviewAsset): ReviewItem {
  return {
    id: a.id,
    file_name: a.file_name,
    status: a.status,
    licence_end: a.licence_end,
    days_left: a.days_left,
    reason: a.reason,
    products: a.products,
  };
}

/** One row of the time axis: a product or a campaign, with its images. */
export interface AxisRow {
  key: string;
  label: string;
  items: ReviewItem[];
}

/** Rows by product (SKU) or campaign; images linked nowhere form the row `unlinked`. */
export function rows(list: ReviewItem[], by: GroupBy, unlinked: string, noCampaign: string): AxisRow[] {
  const map = new Map<string, AxisRow>();
  const add = (key: string, label: string, item: ReviewItem) => {
    const row = map.get(key) ?? { key, label, items: [] };
    if (!row.items.some((i) => i.id === item.id)) row.items.push(item);
    map.set(key, row);
  };
  for (const item of list) {
    if (item.products.length === 0) add("\u0000unlinked", unlinked, item);
    for (const p of item.products) {
      if (by === "product") add(`p:${p.id}`, p.sku ? `${p.sku} · ${p.name}` : p.name, item);
      else if (p.campaigns.length === 0) add("\u0000none", noCampaign, item);
      else for (const c of p.campaigns) add(`c:${c}`, c, item);
    }
  }
  const soonest = (row: AxisRow) => Math.min(...row.items.map((i) => i.days_left ?? Number.MAX_SAFE_INTEGER));
  return [...map.values()].sort((a, b) => soonest(a) - soonest(b) || a.label.localeCompare(b.label));
}

const DAY = 86_400_000;

/** Days between two `YYYY-MM-DD` days (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

/** The day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
