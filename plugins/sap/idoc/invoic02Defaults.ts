import { IdocLayout } from './IdocLayout.js';
import { INVOIC02_LAYOUT } from './invoic02Layout.js';

let cached: IdocLayout | undefined;

/** The project's INVOIC02 layout, built once. */
export function invoic02Layout(): IdocLayout {
  cached ??= IdocLayout.fromTable(INVOIC02_LAYOUT);
  return cached;
}
