/**
 * What may stay in Latin letters on a Chinese page: names, units and codes, as officials write
 * them too (MW in a data table, PM2.5, CSV, the product's own name). Anything else in Latin
 * letters on a zh page is English someone forgot to translate. Shared by the message-table
 * parity test and the Playwright check of zh pages. Pure: safe everywhere.
 */
export const LATIN_ALLOWED: ReadonlySet<string> = new Set(
  [
    // Product, city and standards names
    "TwinOps", "Shenzhen", "Natural", "Earth", "SSO", "OIDC", "OpenID", "NGSI", "LD", "OGC", "SensorThings", "MQTT", "SMTP", "HTTP", "HTTPS",
    "DCAT", "Frictionless", "GeoJSON", "WGS", "JSON", "CSV", "PNG", "PDF", "API", "URL", "URN", "ID", "IP", "TLS", "UTC", "QR", "SSE",
    "WeCom", "Webhook", "webhook", "admin", "Bearer", "WebGL", "UTF", "BOM", "GIS", "QGIS", "ArcGIS", "GDAL",
    // "OGC API – Features" is a standard's name; "English" names the other language on the switch.
    "Features", "English",
    // Units and measures
    "MW", "MWh", "kW", "kWh", "GW", "GWh", "kV", "km", "h", "min", "dB", "s", "ms", "m", "kg", "t", "TEU", "PM", "AQI", "Hz", "KB", "MB", "GB",
    // Codes
    "ER", "ICU", "SLA", "KPI", "CO", "NO", "SO",
  ].map((w) => w.toLowerCase()),
);

/**
 * The Latin words of `text` that are not names, units or codes, in order of appearance. Words
 * inside identifiers (`urn:ngsi-ld:Substation:…`, e-mail addresses, paths) are not prose and
 * are skipped.
 */
export function englishLeftIn(text: string): string[] {
  const out: string[] = [];
  for (const token of text.split(/[\s\u3000-\u303f\uff00-\uffef（）「」《》、，。：；！？·]+/)) {
    if (!token || /[:@/\\_=]|\.\w/.test(token)) continue;
    // Lower-case hyphenated codes (`baoan-3`, `yantian-yict-gate`) are asset ids, not prose.
    if (/^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(token)) continue;
    for (const word of token.match(/[A-Za-z]{2,}/g) ?? []) {
      if (!LATIN_ALLOWED.has(word.toLowerCase())) out.push(word);
    }
  }
  return out;
}
