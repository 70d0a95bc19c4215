import type { BuiltinPlugins } from './resolvePlugin.js';

/** The plugins a config may name by id alone (`use: folder-inbox`); loaded only when used. */
export const builtinPlugins: BuiltinPlugins = {
  'folder-inbox': () => import('../../plugins/folder-inbox/index.js'),
  csv: () => import('../../plugins/csv/index.js'),
  template: () => import('../../plugins/template/index.js'),
  sap: () => import('../../plugins/sap/index.js'),
  rest: () => import('../../plugins/rest/index.js'),
};
