import { describe, expect, it } from "vitest";
import { de } from "./de";
import { en } from "./en";
import { detectLocale, translate } from "./index";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("UI strings", () => {
  it("picks the first supported language the user prefers", () => {
    expect(detectLocale(["fr-FR", "de-AT", "en"])).toBe("de");
    expect(detectLocale(["en-GB", "de"])).toBe("en");
    expect(detectLocale(["fr"])).toBe("en");
    expect(detectLocale([])).toBe("en");
  });

  it("fills placeholders", () => {
    expect(translate("de", "status.schema", { version: 3 })).toBe("Cache-Schema 3");
    expect(translate("en", "cached.images", { count: 12 })).toBe("Images in the cache: 12");
  });

  it("has every English string in German, with the same placeholders", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(de[key].trim(), key).not.toBe("");
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
