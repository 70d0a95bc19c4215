/**
 * Which draft field each part of the completed FA(3) came from, so that an XSD or rule finding at
 * `Fa/FaWiersz[3]/P_12` names `/lines/2/vatRate` (and through the plugin's sources, the CSV cell) too.
 * Lookups fall back to the nearest mapped ancestor: `Podmiot2/Adres/AdresL1` -> `/buyer/address` if only that is known.
 *
 * Every completed draft fills one, but only a draft with findings reads it: `setAll` keeps its pairs as given and
 * they are joined into paths on lookup (building two strings per element of every line cost about 4 % of a
 * CSV-to-outbox run's main thread). A later mapping of a path wins over an earlier one, however it was made.
 */
export class FieldMap {
  private readonly byPath = new Map<string, { readonly pointer: string; readonly seq: number }>();
  private readonly groups = new Map<string, { readonly pointerBase: string; readonly pairs: Readonly<Record<string, string>>; readonly seq: number }>();
  private seq = 0;

  set(fa3Path: string, pointer: string): void {
    this.byPath.set(fa3Path, { pointer, seq: this.seq++ });
  }

  /** Maps `fa3Base/<element>` to `pointerBase/<field>` for each pair (`''`: the base itself, a computed value). */
  setAll(fa3Base: string, pointerBase: string, pairs: Readonly<Record<string, string>>): void {
    this.set(fa3Base, pointerBase);
    this.groups.set(fa3Base, { pointerBase, pairs, seq: this.seq++ });
  }

  pointerFor(fa3Path: string): string | undefined {
    for (let p = fa3Path; p; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') {
      const hit = this.exact(p);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  private exact(path: string): string | undefined {
    const direct = this.byPath.get(path);
    const cut = path.lastIndexOf('/');
    const group = cut > 0 ? this.groups.get(path.slice(0, cut)) : undefined;
    const element = path.slice(cut + 1);
    const field = group && Object.hasOwn(group.pairs, element) ? group.pairs[element] : undefined;
    if (field === undefined || group === undefined) return direct?.pointer;
    if (direct !== undefined && direct.seq > group.seq) return direct.pointer;
    return field ? `${group.pointerBase}/${field}` : group.pointerBase;
  }
}
