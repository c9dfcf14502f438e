/**
 * Intl formatters are costly to construct (tens to hundreds of microseconds each) and cheap to
 * reuse; charts format hundreds of axis labels per update. One instance per locale and options.
 * Bounded by the handful of option sets the app uses.
 */
const dateTime = new Map<string, Intl.DateTimeFormat>();
const number = new Map<string, Intl.NumberFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateTime.get(key);
  if (!f) dateTime.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = number.get(key);
  if (!f) number.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}
