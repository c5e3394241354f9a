// UI strings by key, in English and German. Components never hold display text themselves.
import { createContext, type ReactNode, useCallback, useContext } from "react";
import { de } from "./de";
import { en, type MessageKey } from "./en";

export type Locale = "en" | "de";
export type { MessageKey };
export type Params = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, de };

/** The first supported language among the user's preferred ones, else English. */
export function detectLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split("-")[0];
    if (language === "de" || language === "en") return language;
  }
  return "en";
}

/** The text of `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const LocaleContext = createContext<Locale>("en");

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useT(): (key: MessageKey, params?: Params) => string {
  const locale = useContext(LocaleContext);
  return useCallback((key, params) => translate(locale, key, params), [locale]);
}

/** The language the window speaks (for dates and numbers). */
export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** A time from the core (RFC 3339) as people read it in `locale`; `fallback` when absent. */
export function formatTime(locale: Locale, value: string | null | undefined, fallback = "—"): string {
  if (!value) return fallback;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** A day (`YYYY-MM-DD`) as people read it in `locale`. */
export function formatDay(locale: Locale, day: string): string {
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(date);
}
