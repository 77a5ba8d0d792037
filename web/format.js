// Numbers as the visitor's locale writes them: computed values (number, integer, currency,
// percent) and question units. Formatting only; the values come from the core.
import { intlLocale } from './i18n.js';

// Units Intl.NumberFormat knows by name (ECMA-402 sanctioned units) accept "hours" or "hour".
const INTL_UNITS = new Set([
  'hour',
  'day',
  'week',
  'month',
  'year',
  'minute',
  'second',
  'percent',
  'kilogram',
  'kilometer',
  'meter',
  'liter',
  'gigabyte',
  'megabyte',
  'terabyte',
]);

/** @param {unknown} unit */
function intlUnit(unit) {
  if (typeof unit !== 'string') return null;
  const singular = unit.toLowerCase().replace(/s$/, '');
  return INTL_UNITS.has(singular) ? singular : null;
}

/**
 * @param {unknown} value
 * @param {{format?: string, unit?: string, lang?: string, currency?: string}} [options]
 * @returns {string}
 */
export function formatValue(value, { format = 'number', unit, lang = 'en', currency = 'USD' } = {}) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  const locale = intlLocale(lang);
  try {
    if (format === 'currency' || unit === 'currency') {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2,
      }).format(value);
    }
    // A percent value is in percent units (42 means 42 %), like the result's `percent`.
    if (format === 'percent')
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
    const digits = format === 'integer' ? 0 : 2;
    const named = intlUnit(unit);
    if (named)
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: named,
        unitDisplay: 'long',
        maximumFractionDigits: digits,
      }).format(value);
    const text = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
    return unit ? `${text} ${unit}` : text;
  } catch {
    return String(value); // an unknown currency code must not break the page
  }
}

// The short marker shown beside a number input: "$", "¥", "hours".
/**
 * @param {string | undefined} unit
 * @param {{lang?: string, currency?: string}} [options]
 * @returns {string}
 */
export function unitLabel(unit, { lang = 'en', currency = 'USD' } = {}) {
  if (!unit) return '';
  if (unit === 'currency') {
    try {
      const part = new Intl.NumberFormat(intlLocale(lang), { style: 'currency', currency })
        .formatToParts(0)
        .find((p) => p.type === 'currency');
      return part ? part.value : currency;
    } catch {
      return currency;
    }
  }
  const named = intlUnit(unit);
  if (named) {
    const parts = new Intl.NumberFormat(intlLocale(lang), {
      style: 'unit',
      unit: named,
      unitDisplay: 'long',
    }).formatToParts(2);
    const label = parts
      .filter((p) => p.type === 'unit')
      .map((p) => p.value)
      .join('')
      .trim();
    if (label) return label;
  }
  return unit;
}
