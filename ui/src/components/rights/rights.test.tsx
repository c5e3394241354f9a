import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../backend/Backend";
import type { FakeHandlers } from "../../backend/fake";
import type { AffectedProduct } from "../../bindings/AffectedProduct";
import type { ExpiryReview } from "../../bindings/ExpiryReview";
import type { ReviewAsset } from "../../bindings/ReviewAsset";
import { appStatus, renderApp } from "../../test/render";

const hoodie: AffectedProduct = {
  id: "p1",
  sku: "MH02-XS-Black",
  name: "Teton Pullover Hoodie",
  campaigns: ["Spring 26"],
  owner: "u7",
  owner_name: "Anna Berg",
  role: "hero",
  link_state: "confirmed",
  link_flag: "expired",
};
const tee: AffectedProduct = { ...hoodie, id: "p2", sku: "WT09-M-White", name: "Breathe-Easy Tank", campaigns: [], link_flag: null };

const asset = (overrides: Partial<ReviewAsset>): ReviewAsset => ({
  id: "I1",
  file_name: "mh02-black_main.jpg",
  status: "expiring",
  licence_end: "2026-12-10",
  days_left: 6,
  verdict: "expiring",
  reason: "Licence ends on 2026-12-10 (in 6 days)",
  products: [hoodie],
  ...overrides,
});

const review: ExpiryReview = {
  today: "2026-12-04",
  within_days: 30,
  expiring: [
    asset({}),
    asset({ id: "I3", file_name: "wt09-white_back.jpg", licence_end: "2026-12-25", days_left: 21, products: [tee] }),
    asset({ id: "I4", file_name: "unused.jpg", licence_end: "2026-12-16", days_left: 12, products: [] }),
  ],
  expired_linked: [
    asset({
      id: "I2",
      file_name: "mh02-black_side.jpg",
      status: "expired",
      licence_end: "2026-11-20",
      days_left: -14,
      verdict: "expired",
      reason: "Licence ended on 2026-11-20",
    }),
  ],
  by_campaign: [],
  by_owner: [],
};

async function openRights(handlers: FakeHandlers) {
  const rendered = renderApp({
    app_status: () => appStatus(),
    rights_review: () => review,
    rights_restricted: () => ({
      assets: [
        {
          id: "I9",
          file_name: "model-shot.jpg",
          licence_end: null,
          reason: "Restricted: no model release recorded",
          products: [tee],
        },
      ],
    }),
    ...handlers,
  });
  fireEvent.click(await screen.findByTestId("view-rights"));
  return rendered;
}

const shownIds = () => screen.queryAllByTestId(/^rights-row-/).map((r) => r.dataset.testid);

describe("the Rights review view", () => {
  it("shows expired, expiring and restricted images with the products affected", async () => {
    const { backend } = await openRights({});
    await screen.findByTestId("rights-table");
    expect(shownIds()).toEqual(["rights-row-I2", "rights-row-I1", "rights-row-I3", "rights-row-I4", "rights-row-I9"]);
    expect(screen.getByTestId("rights-status-I2").textContent).toBe("Expired");
    expect(screen.getByTestId("rights-status-I1").textContent).toBe("Ends in 6 days");
    expect(screen.getByTestId("rights-status-I9").textContent).toBe("Restricted");
    expect(screen.getByTestId("rights-products-I1").textContent).toBe("MH02-XS-Black");
    expect(screen.getByTestId("rights-products-I4").textContent).toBe("Not linked");
    expect(backend.calls).toContainEqual({ command: "rights_review", request: { within_days: 30 } });
  });

  it("filters by expired, 7/14/30 days and restricted", async () => {
    await openRights({});
    await screen.findByTestId("rights-table");

    fireEvent.click(screen.getByTestId("rights-filter-7"));
    expect(shownIds()).toEqual(["rights-row-I2", "rights-row-I1", "rights-row-I9"]);
    fireEvent.click(screen.getByTestId("rights-filter-14"));
    expect(shownIds()).toEqual(["rights-row-I2", "rights-row-I1", "rights-row-I4", "rights-row-I9"]);
    fireEvent.click(screen.getByTestId("rights-filter-expired"));
    fireEvent.click(screen.getByTestId("rights-filter-restricted"));
    expect(shownIds()).toEqual(["rights-row-I1", "rights-row-I4"]);
    fireEvent.click(screen.getByTestId("rights-filter-14"));
    expect(screen.getByText("Nothing to review")).toBeTruthy();
  });

  it("plots one row per product, or per campaign", async () => {
    await openRights({});
    const axis = await screen.findByTestId("rights-axis");
    const labels = () => within(axis).getAllByTestId("rights-axis-row").map((g) => g.querySelector("text")?.textContent);
    expect(labels()).toEqual(["MH02-XS-Black · Teton Pullover Hoodie", "Not linked", "WT09-M-White · Breathe-Easy Tank"]);
    expect(axis.querySelectorAll("circle")).toHaveLength(5);

    fireEvent.click(screen.getByTestId("rights-group-campaign"));
    expect(labels()).toEqual(["Spring 26", "Not linked", "No campaign"]);
  });

  it("exports the review as CSV and shows where it went", async () => {
    const { backend } = await openRights({
      rights_review_export: () => ({ path: "/home/ana/Downloads/rights-review-2026-12-04.csv", rows: 4 }),
    });
    fireEvent.click(await screen.findByTestId("rights-export"));
    expect((await screen.findByTestId("rights-export-result")).textContent).toBe(
      "Exported 4 rows to /home/ana/Downloads/rights-review-2026-12-04.csv",
    );
    expect(backend.calls).toContainEqual({ command: "rights_review_export", request: { within_days: 30, folder: null } });
  });

  it("shows the reason when the export or the review fails", async () => {
    let fail = true;
    await openRights({
      rights_review: () => {
        if (fail) throw new BackendError({ code: "internal", message: "cannot gather the expiry review: database is locked" });
        return review;
      },
      rights_review_export: () => {
        throw new BackendError({ code: "internal", message: "cannot write /home/ana/Downloads/r.csv: disk full" });
      },
    });
    expect((await screen.findByRole("alert")).textContent).toContain(
      "The rights review could not be gathered: cannot gather the expiry review: database is locked",
    );
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByTestId("rights-table");
    fireEvent.click(screen.getByTestId("rights-export"));
    expect((await screen.findByTestId("rights-export-result")).textContent).toBe(
      "cannot write /home/ana/Downloads/r.csv: disk full",
    );
  });

  it("says what to do when nothing needs review", async () => {
    await openRights({
      rights_review: () => ({ ...review, expiring: [], expired_linked: [] }),
      rights_restricted: () => ({ assets: [] }),
    });
    expect(await screen.findByText(/sync again to bring the rights up to date/)).toBeTruthy();
  });
});
