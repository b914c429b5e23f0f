import { describe, expect, it } from 'vitest';
import { element, escapeXmlText, text, toXmlDocument } from './xml-writer.js';

describe('the XML writer', () => {
  it('declares UTF-8 and nests elements with their text', () => {
    const doc = toXmlDocument(
      element('services', [element('service', [text('service_code', '001'), text('metadata', true)])]),
    );
    expect(doc).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<services>\n  <service>\n    <service_code>001</service_code>\n    <metadata>true</metadata>\n  </service>\n</services>\n',
    );
  });

  it('escapes markup in text and drops characters XML 1.0 forbids', () => {
    expect(escapeXmlText('a < b & "c" > \'d\'')).toBe('a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;');
    expect(escapeXmlText('bell\u0007 ok\ttab\nline')).toBe('bell ok\ttab\nline');
    expect(toXmlDocument(text('description', '</description><x>'))).toContain(
      '<description>&lt;/description&gt;&lt;x&gt;</description>',
    );
    expect(escapeXmlText('噪音 🙂')).toBe('噪音 🙂');
  });

  it('writes empty text and empty lists as empty elements, and refuses names that are not XML names', () => {
    expect(toXmlDocument(element('root', [text('a', null), text('b', ''), element('c', [])]))).toContain(
      '  <a/>\n  <b/>\n  <c/>',
    );
    expect(() => toXmlDocument(text('bad name', 'x'))).toThrow(/not an XML element name/);
    expect(() => toXmlDocument(text('n', Number.NaN))).toThrow(/finite/);
  });
});
