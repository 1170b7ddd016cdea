// Test helpers for the plots: a strict XML well-formedness check (linkedom's
// XML parser is lenient: it silently repairs mismatched tags), then a parse
// with linkedom's DOMParser for queries.
import { DOMParser } from 'linkedom';

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITY = /^&(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;

/** Where `xml` breaks XML well-formedness, or undefined when it is well formed. */
export function xmlError(xml: string): string | undefined {
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const checkText = (text: string, at: number): string | undefined => {
    for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
      if (!ENTITY.test(text.slice(k))) return `bare '&' at ${at + k}`;
    }
    return undefined;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) return 'unterminated XML declaration';
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.trim() !== '' && stack.length === 0) return `text outside the root at ${i}`;
    const bad = checkText(text, i);
    if (bad !== undefined) return bad;
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return `unterminated comment at ${i}`;
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) return `bad CDATA at ${i}`;
      i = end + 3;
      continue;
    }
    if (xml.startsWith('</', i)) {
      const name = NAME.exec(xml.slice(i + 2))?.[0];
      if (name === undefined) return `bad end tag at ${i}`;
      let j = i + 2 + name.length;
      while (/\s/.test(xml[j] ?? '')) j++;
      if (xml[j] !== '>') return `bad end tag </${name} at ${i}`;
      const open = stack.pop();
      if (open !== name) return `</${name}> at ${i} closes <${open ?? '(nothing)'}>`;
      i = j + 1;
      continue;
    }
    const name = NAME.exec(xml.slice(i + 1))?.[0];
    if (name === undefined) return `bare '<' at ${i}`;
    if (stack.length === 0 && ++roots > 1) return `second root element <${name}> at ${i}`;
    let j = i + 1 + name.length;
    const attributes = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j))?.[0] ?? '';
      j += ws.length;
      if (xml.startsWith('/>', j)) {
        j += 2;
        break;
      }
      if (xml[j] === '>') {
        stack.push(name);
        j += 1;
        break;
      }
      if (ws === '') return `missing space before an attribute of <${name}> at ${j}`;
      const attr = NAME.exec(xml.slice(j))?.[0];
      if (attr === undefined) return `bad attribute in <${name}> at ${j}`;
      if (attributes.has(attr)) return `duplicate attribute ${attr} in <${name}> at ${j}`;
      attributes.add(attr);
      j += attr.length;
      const eq = /^\s*=\s*/.exec(xml.slice(j))?.[0];
      if (eq === undefined) return `attribute ${attr} of <${name}> has no value at ${j}`;
      j += eq.length;
      const quote = xml[j];
      if (quote !== '"' && quote !== "'") return `unquoted attribute ${attr} of <${name}> at ${j}`;
      const end = xml.indexOf(quote, j + 1);
      if (end < 0) return `unterminated attribute ${attr} of <${name}>`;
      const value = xml.slice(j + 1, end);
      if (value.includes('<')) return `'<' in attribute ${attr} of <${name}> at ${j}`;
      const badValue = checkText(value, j + 1);
      if (badValue !== undefined) return `${badValue} (attribute ${attr} of <${name}>)`;
      j = end + 1;
    }
    i = j;
  }
  if (stack.length > 0) return `unclosed <${stack.join('> <')}>`;
  if (roots !== 1) return 'no root element';
  return undefined;
}

/** A parsed element, with the few DOM methods the tests use. */
export interface SvgNode {
  readonly tagName: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<SvgNode> & { length: number };
  querySelector(selector: string): SvgNode | null;
}

/**
 * Check that `svg` is a well-formed standalone SVG document with the SVG
 * namespace on its root, and return the root element.
 */
export function parseSvg(svg: string): SvgNode {
  const error = xmlError(svg);
  if (error !== undefined) throw new Error(`not well-formed XML: ${error}`);
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml') as unknown as { documentElement: SvgNode };
  const root = doc.documentElement;
  if (root.tagName !== 'svg') throw new Error(`root element is <${root.tagName}>, not <svg>`);
  if (root.getAttribute('xmlns') !== 'http://www.w3.org/2000/svg') throw new Error('root <svg> lacks the SVG xmlns');
  return root;
}

/** All elements matching `selector` under `node`. */
export function all(node: SvgNode, selector: string): SvgNode[] {
  return [...node.querySelectorAll(selector)];
}

/** Points of a path drawn by Plot's line mark (one M or L command each). */
export function pathPoints(path: SvgNode): number {
  return (path.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0;
}

/** The panels of a figure (`<g class="brenier-panel">`). */
export function panels(root: SvgNode): SvgNode[] {
  return all(root, 'g.brenier-panel');
}
