/**
 * A small XML reader for gluster's `--xml` output: elements, attributes, text and the five
 * predefined entities (plus numeric ones). No DTDs, namespaces or processing beyond skipping them.
 * Gluster's XML is machine-written and simple, which is why a dependency is not worth it.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const decode = (raw: string): string =>
  raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
const TAG = /<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;

const parseAttributes = (raw: string): Record<string, string> => {
  const attributes: Record<string, string> = {};
  for (const match of raw.matchAll(ATTRIBUTE)) attributes[match[1] ?? ''] = decode(match[3] ?? match[4] ?? '');
  return attributes;
};

/** Index just past a `<?...?>`, `<!--...-->` or `<!...>` at `at`, or -1 when none starts there. */
const skipMarkup = (xml: string, at: number): number => {
  const [open, close] = xml.startsWith('<?', at)
    ? ['<?', '?>']
    : xml.startsWith('<!--', at)
      ? ['<!--', '-->']
      : xml.startsWith('<!', at)
        ? ['<!', '>']
        : ['', ''];
  if (open === '') return -1;
  const end = xml.indexOf(close, at + open.length);
  if (end < 0) throw new Error('unterminated XML markup');
  return end + close.length;
};

/** Parses a document and returns its root element; throws on malformed input. */
export const parseXml = (xml: string): XmlElement => {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const current = stack[stack.length - 1] as XmlElement;
    if (lt < 0 || lt > at) {
      current.text += decode(xml.slice(at, lt < 0 ? xml.length : lt));
      if (lt < 0) break;
    }
    const skipped = skipMarkup(xml, lt);
    if (skipped >= 0) {
      at = skipped;
      continue;
    }
    TAG.lastIndex = lt;
    const tag = TAG.exec(xml);
    if (!tag) throw new Error(`malformed XML at offset ${lt}`);
    const [whole, closing, name = '', rawAttributes = '', selfClosing] = tag;
    at = lt + whole.length;
    if (closing) {
      if (current.name !== name) throw new Error(`mismatched XML end tag </${name}>`);
      stack.pop();
      continue;
    }
    const element: XmlElement = { name, attributes: parseAttributes(rawAttributes), children: [], text: '' };
    current.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error('unterminated XML element');
  const top = root.children[0];
  if (!top) throw new Error('empty XML document');
  return top;
};

export const child = (element: XmlElement | undefined, name: string): XmlElement | undefined =>
  element?.children.find((c) => c.name === name);

export const children = (element: XmlElement | undefined, name: string): XmlElement[] =>
  element?.children.filter((c) => c.name === name) ?? [];

/** Follows a path of child names; the text of the last one, trimmed ('' when missing). */
export const textAt = (element: XmlElement | undefined, ...path: string[]): string => {
  let node = element;
  for (const name of path) node = child(node, name);
  return node?.text.trim() ?? '';
};
