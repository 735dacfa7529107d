/**
 * Safe HTML building: every value interpolated into `html\`...\`` is escaped unless it is
 * already `SafeHtml` (built by this module). Data from the warehouse or the manifest can
 * therefore never open a tag or an attribute, whatever its text.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML (or inline SVG) text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Markup that is already safe to emit as is. Only this module and trusted constants make it. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Template tag: the literal parts are trusted markup, the interpolated values are escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trusted constant markup (CSS, fixed fragments); never pass data through it. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A coordinate or size for SVG/CSS: finite, rounded to 0.1 so the file stays small. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '0';
  return String(Math.round(n * 10) / 10);
}

/** A CSS percentage for inline bars, clamped to 0..100. */
export function pct(part: number, whole: number): string {
  const p = whole > 0 ? (part / whole) * 100 : 0;
  return `${num(Math.min(100, Math.max(0, p)))}%`;
}
