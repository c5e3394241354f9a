import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The app loads the built files from `dist/` (tauri.conf.json → build.frontendDist);
// there is no dev server in the loop.
export default defineConfig({
  plugins: [react()],
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    setupFiles: ["src/test/setup.ts"],
  },
});
