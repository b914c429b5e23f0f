import { element, text, toXmlDocument, type XmlElement } from './xml-writer.js';

/**
 * One answer, two formats, by the Spark convention GeoReport v2 prescribes: an XML element with
 * repeated children is a JSON array, an element with named children a JSON object, an element's
 * text a JSON scalar (an empty element: null).
 */

export type SparkScalar = string | number | boolean | null;
export type SparkValue = SparkScalar | SparkObject | SparkList;
export interface SparkObject {
  readonly [key: string]: SparkValue;
}

/** A list: in XML each item is an element named `itemName`. */
export class SparkList {
  constructor(
    readonly itemName: string,
    readonly items: readonly SparkValue[],
  ) {}
}

export const list = (itemName: string, items: readonly SparkValue[]) => new SparkList(itemName, items);

function isObject(value: SparkValue): value is SparkObject {
  return value !== null && typeof value === 'object' && !(value instanceof SparkList);
}

/** The JSON form of a value. */
export function toSparkJson(value: SparkValue): unknown {
  if (value instanceof SparkList) return value.items.map(toSparkJson);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSparkJson(v)]));
  return value;
}

/** The XML element of a value. */
export function toSparkXml(name: string, value: SparkValue): XmlElement {
  if (value instanceof SparkList)
    return element(
      name,
      value.items.map((item) => toSparkXml(value.itemName, item)),
    );
  if (isObject(value))
    return element(
      name,
      Object.entries(value).map(([k, v]) => toSparkXml(k, v)),
    );
  return text(name, value);
}

export type Open311Format = 'xml' | 'json';

export const contentTypes: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** The body of an answer with root element `root`, in the format asked for. */
export function renderSpark(format: Open311Format, root: string, value: SparkValue): string {
  return format === 'json' ? JSON.stringify(toSparkJson(value)) : toXmlDocument(toSparkXml(root, value));
}
