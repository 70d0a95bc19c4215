/**
 * Node's own warnings about a file handle some earlier code left open, printed when the garbage collector finds it:
 * they surface in whatever test file the worker runs at that moment, so a runner that captures a command's stderr
 * in-process passes them through instead of blaming the command for them. Nothing else is dropped.
 */
const GC_WARNING = /^\(node:\d+\) (Warning: Closing file descriptor \d+ on garbage collection|\[DEP0137\] DeprecationWarning: Closing a FileHandle object on garbage collection is deprecated\..*)\n?$/;

export function isRuntimeGcWarning(chunk: string): boolean {
  return GC_WARNING.test(chunk);
}
