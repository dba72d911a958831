/** Where a body nests deeper than allowed: the path of keys and indexes down to the container that goes too deep. */
export interface TooDeep {
  path: string;
}

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COLON = 0x3a; // :
const COMMA = 0x2c; // ,

interface Frame {
  object: boolean;
  key: string;
  index: number;
  expectingKey: boolean;
}

/** The path a frame stack names, shortened: enough to say which field was nested too deeply. */
const pathOf = (frames: Frame[]) =>
  frames
    .slice(0, 12)
    .map((frame) => (frame.object ? frame.key : String(frame.index)))
    .join('.');

/**
 * Scans raw JSON text once, without recursion and without parsing it, and stops at the first container
 * nested deeper than `maxDepth`: a hostile body costs microseconds however deep it goes. Returns where it
 * went too deep, or null. Malformed text is left for the parser to refuse.
 */
export function tooDeep(text: string, maxDepth: number): TooDeep | null {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      for (i = start; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
      const top = frames.at(-1);
      if (top?.object && top.expectingKey) top.key = text.slice(start, Math.min(i, start + 100));
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (frames.length >= maxDepth) return { path: pathOf(frames) };
      frames.push({ object: c === OPEN_OBJECT, key: '', index: 0, expectingKey: c === OPEN_OBJECT });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      frames.pop();
    } else if (c === COLON) {
      const top = frames.at(-1);
      if (top) top.expectingKey = false;
    } else if (c === COMMA) {
      const top = frames.at(-1);
      if (top?.object) top.expectingKey = true;
      else if (top) top.index++;
    }
  }
  return null;
}
