import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BackendError } from "../../backend/Backend";
import type { FakeHandlers } from "../../backend/fake";
import type { SuggestionView } from "../../bindings/SuggestionView";
import { appStatus, renderApp } from "../../test/render";

const suggestion = (overrides: Partial<SuggestionView>): SuggestionView => ({
  asset: "I1",
  file_name: "MH02-XS-Black_main.jpg",
  product: "p1",
  sku: "MH02-XS-Black",
  product_name: "Teton Pullover Hoodie",
  product_images: 0,
  confidence: 0.95,
  rule: "sku_in_file_name",
  rules: ["sku_in_file_name"],
  reason: "The file name contains the SKU MH02-XS-Black",
  ...overrides,
});

const main = suggestion({});
const expired = suggestion({
  asset: "I2",
  file_name: "WT09-M-White_back.jpg",
  product: "p2",
  sku: "WT09-M-White",
  product_images: 3,
  confidence: 0.8,
  rule: "sku_part_in_file_name",
  reason: 'The file name contains "wt09", the distinctive part of SKU WT09-M-White',
});

async function openSuggestions(handlers: FakeHandlers) {
  const rendered = renderApp({ app_status: () => appStatus(), ...handlers });
  fireEvent.click(await screen.findByTestId("view-suggestions"));
  return rendered;
}

describe("the Suggestions view", () => {
  it("lists proposed links with the rule that fired and the confidence", async () => {
    const { backend } = await openSuggestions({
      suggestions_list: () => ({ total: 2, suggestions: [main, expired] }),
    });
    const row = await screen.findByTestId("suggestion-I1-p1");
    expect(row.textContent).toContain("SKU in file name");
    expect(row.textContent).toContain("would be its first image (hero)");
    expect(screen.getByTestId("suggestion-confidence-I1-p1").textContent).toBe("95%");
    expect(screen.getByTestId("suggestion-I2-p2").textContent).toContain("Part of the SKU in file name");
    expect(screen.getByTestId("suggestions-total").textContent).toBe("2 proposed links");
    expect(backend.calls).toContainEqual({ command: "suggestions_list", request: { offset: 0, limit: 200 } });
  });

  it("accepts one through the core's link, and shows why another is refused", async () => {
    let listed = [main, expired];
    const { backend } = await openSuggestions({
      suggestions_list: () => ({ total: listed.length, suggestions: listed }),
      suggestions_accept: ({ items }) => {
        listed = listed.filter((s) => s.asset !== "I1");
        return {
          outcomes: items.map((i) =>
            i.asset === "I1"
              ? { asset: "I1", product: "p1", link_id: 12, warning: null, refused: null }
              : {
                  asset: i.asset,
                  product: i.product,
                  link_id: null,
                  warning: null,
                  refused: "WT09-M-White_back.jpg cannot be linked: the licence expired on 2020-01-01",
                },
          ),
        };
      },
    });
    fireEvent.click(await screen.findByTestId("suggestion-select-I1-p1"));
    fireEvent.click(screen.getByTestId("suggestion-select-I2-p2"));
    fireEvent.click(screen.getByTestId("suggestions-accept-selected"));

    expect((await screen.findByTestId("suggestions-notice")).textContent).toBe("Linked: 1. Refused: 1.");
    expect((await screen.findByTestId("suggestion-refused-I2-p2")).textContent).toBe(
      "WT09-M-White_back.jpg cannot be linked: the licence expired on 2020-01-01",
    );
    expect(screen.queryByTestId("suggestion-I1-p1")).toBeNull();
    expect(backend.calls.find((c) => c.command === "suggestions_accept")?.request).toEqual({
      items: [
        { asset: "I1", product: "p1", rule: "sku_in_file_name" },
        { asset: "I2", product: "p2", rule: "sku_part_in_file_name" },
      ],
    });
  });

  it("rejects with the keyboard after selecting every suggestion", async () => {
    let listed = [main, expired];
    const { backend } = await openSuggestions({
      suggestions_list: () => ({ total: listed.length, suggestions: listed }),
      suggestions_reject: ({ items }) => {
        listed = [];
        return { rejected: items.length };
      },
    });
    await screen.findByTestId("suggestion-I1-p1");
    fireEvent.keyDown(window, { key: "a", ctrlKey: true });
    expect(screen.getByTestId("suggestions-accept-selected").textContent).toBe("Accept selected (2)");
    fireEvent.keyDown(window, { key: "x" });

    expect((await screen.findByTestId("suggestions-notice")).textContent).toBe(
      "Rejected 2; they will not be proposed again.",
    );
    expect(await screen.findByText("No suggestions")).toBeTruthy();
    expect(backend.calls.find((c) => c.command === "suggestions_reject")?.request).toEqual({
      items: [
        { asset: "I1", product: "p1", rule: "sku_in_file_name" },
        { asset: "I2", product: "p2", rule: "sku_part_in_file_name" },
      ],
    });
  });

  it("says what to do when there is nothing to suggest, and when they cannot be worked out", async () => {
    let fail = true;
    await openSuggestions({
      suggestions_list: () => {
        if (fail) throw new BackendError({ code: "internal", message: "cannot gather the assets: database is locked" });
        return { total: 0, suggestions: [] };
      },
    });
    expect((await screen.findByRole("alert")).textContent).toContain(
      "The suggestions could not be worked out: cannot gather the assets: database is locked",
    );
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText(/link images by hand in the Link view/)).toBeTruthy();
  });

  it("shows a failed accept without losing the list", async () => {
    await openSuggestions({
      suggestions_list: () => ({ total: 1, suggestions: [main] }),
      suggestions_accept: () => {
        throw new BackendError({ code: "not_found", message: "there is no image I1: refresh the suggestions" });
      },
    });
    fireEvent.click(await screen.findByTestId("suggestion-accept-I1-p1"));
    expect((await screen.findByTestId("suggestions-problem")).textContent).toBe(
      "there is no image I1: refresh the suggestions",
    );
    expect(screen.getByTestId("suggestion-I1-p1")).toBeTruthy();
  });
});
