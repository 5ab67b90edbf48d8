import type { Locale } from '@lifecircle/shared';

/**
 * The locale of a request's user-facing messages: English when the query has
 * `lang=en` or the first Accept-Language entry is English, else zh-CN (the
 * residents' language). The query is read from the raw URL so the answer is
 * the same before and after validation.
 */
export function requestLocale(url: string, acceptLanguage: string | undefined): Locale {
  const queryStart = url.indexOf('?');
  if (queryStart >= 0) {
    const lang = new URLSearchParams(url.slice(queryStart + 1)).get('lang');
    if (lang !== null) return lang.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  }
  return acceptLanguage !== undefined && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'zh-CN';
}
