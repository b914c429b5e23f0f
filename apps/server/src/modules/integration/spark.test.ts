import { describe, expect, it } from 'vitest';
import { list, renderSpark, toSparkJson } from './spark.js';

describe('one answer in both formats (the Spark convention)', () => {
  const value = list('service', [
    { service_code: '001', metadata: true, group: null, values: list('value', [{ key: 'a' }]) },
  ]);

  it('makes a list a JSON array and repeated XML elements', () => {
    expect(toSparkJson(value)).toEqual([{ service_code: '001', metadata: true, group: null, values: [{ key: 'a' }] }]);
    expect(renderSpark('xml', 'services', value)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<services>',
        '  <service>',
        '    <service_code>001</service_code>',
        '    <metadata>true</metadata>',
        '    <group/>',
        '    <values>',
        '      <value>',
        '        <key>a</key>',
        '      </value>',
        '    </values>',
        '  </service>',
        '</services>',
        '',
      ].join('\n'),
    );
  });

  it('renders an empty list as an empty array and an empty element', () => {
    expect(renderSpark('json', 'errors', list('error', []))).toBe('[]');
    expect(renderSpark('xml', 'errors', list('error', []))).toContain('<errors/>');
  });
});
