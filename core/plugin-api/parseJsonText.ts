/**
 * Parses a JSON document read from a file or a request, naming the document in the error. A leading byte-order
 * mark (Windows editors and Excel add one) is ignored, as RFC 8259 allows, rather than reported as JSON's
 * "Unexpected token", which would send an operator looking for an invisible character.
 *
 * @example
 * ```ts
 * const invoice = parseJsonText(await readFile(path, 'utf8'), basename(path));
 * // throws "FV-1.json: not valid JSON: ..." for a broken file
 * ```
 */
export function parseJsonText(text: string, documentName: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new Error(`${documentName}: not valid JSON: ${(err as Error).message}`);
  }
}
