import { describe, expect, it } from "vitest";
import { assetThumbUrl, thumbOrigin } from "./thumbs";

describe("thumbnail URLs", () => {
  const asset = { id: "I00042", thumb_base: "https://c.example/img-get2/I00042", fingerprint: "tok1:5521:2026" };

  it("name the image, the box and the fingerprint on the thumb scheme", () => {
    expect(assetThumbUrl(asset, 320, "thumb://localhost/")).toBe(
      "thumb://localhost/ps/I00042/320?v=tok1%3A5521%3A2026",
    );
  });

  it("use the http spelling of the scheme on Windows", () => {
    const origin = thumbOrigin("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120");
    expect(origin).toBe("http://thumb.localhost/");
    expect(assetThumbUrl({ ...asset, fingerprint: null }, 160, origin)).toBe("http://thumb.localhost/ps/I00042/160");
    expect(thumbOrigin("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15")).toBe("thumb://localhost/");
  });

  it("give no URL for an image without a rendition", () => {
    expect(assetThumbUrl({ ...asset, thumb_base: null }, 320)).toBeNull();
  });
});
