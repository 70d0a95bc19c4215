/**
 * Which draft field each part of the completed FA(3) came from, so that an XSD or rule finding at
 * `Fa/FaWiersz[3]/P_12` names `/lines/2/vatRate` (and through the plugin's sources, the CSV cell) too.
 * Lookups fall back to the nearest mapped ancestor: `Podmiot2/Adres/AdresL1` -> `/buyer/address` if only that is known.
 */
export class FieldMap {
  private readonly byPath = new Map<string, string>();

  set(fa3Path: string, pointer: string): void {
    this.byPath.set(fa3Path, pointer);
  }

  /** Maps `fa3Base/<element>` to `pointerBase/<field>` for each pair (`''`: the base itself, a computed value). */
  setAll(fa3Base: string, pointerBase: string, pairs: Readonly<Record<string, string>>): void {
    this.set(fa3Base, pointerBase);
    for (const [element, field] of Object.entries(pairs)) this.set(`${fa3Base}/${element}`, field ? `${pointerBase}/${field}` : pointerBase);
  }

  pointerFor(fa3Path: string): string | undefined {
    for (let p = fa3Path; p; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') {
      const hit = this.byPath.get(p);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}
