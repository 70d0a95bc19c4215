/**
 * Modules a gateway loads only when its configuration uses them (the simulator, node-postgres, the XML-signature
 * stack, nodemailer, openid-client), so that one that does not use them does not carry them in memory. `load` runs
 * at the first call and once per process: concurrent first imports of one CommonJS package trip some ESM loaders
 * (Jest's among them), so a loader that needs several modules imports them one after another.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}
