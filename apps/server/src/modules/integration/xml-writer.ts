/**
 * A small XML writer for the Open311 answers: elements and text only (the GeoReport v2 format
 * has no attributes and no namespaces), UTF-8 declared, text escaped, characters XML 1.0 forbids
 * dropped. Enough for the spec and nothing more, so there is nothing to misuse.
 */

export type XmlText = string | number | boolean | null | undefined;

/** An element: a name and either text or child elements. */
export interface XmlElement {
  name: string;
  text?: XmlText;
  children?: readonly XmlElement[];
}

const namePattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Characters XML 1.0 does not allow at all (C0 controls but tab, newline, return; lone surrogates; U+FFFE/F). */
const forbidden =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content (quotes too, so the same function is safe anywhere). */
export function escapeXmlText(value: string): string {
  return value
    .replace(forbidden, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function textOf(value: XmlText): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return String(value);
}

function render(element: XmlElement, depth: number, out: string[]): void {
  if (!namePattern.test(element.name)) throw new Error(`not an XML element name: ${element.name}`);
  const pad = '  '.repeat(depth);
  if (element.children !== undefined) {
    if (element.children.length === 0) {
      out.push(`${pad}<${element.name}/>`);
      return;
    }
    out.push(`${pad}<${element.name}>`);
    for (const child of element.children) render(child, depth + 1, out);
    out.push(`${pad}</${element.name}>`);
    return;
  }
  const text = textOf(element.text);
  out.push(
    text === '' ? `${pad}<${element.name}/>` : `${pad}<${element.name}>${escapeXmlText(text)}</${element.name}>`,
  );
}

/** The document: the XML declaration with UTF-8, then the root element, indented. */
export function toXmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, 0, out);
  return `${out.join('\n')}\n`;
}

/** An element with text. */
export const text = (name: string, value: XmlText): XmlElement => ({ name, text: value });

/** An element with children. */
export const element = (name: string, children: readonly XmlElement[]): XmlElement => ({ name, children });
