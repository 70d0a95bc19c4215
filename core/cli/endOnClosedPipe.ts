/**
 * `ksef-gateway status | head`: once the reader has gone, further writes fail with EPIPE. That is the reader's
 * choice, not an error: end quietly with the exit code the command had, instead of a stack trace.
 */
export function endOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
    throw err;
  });
}
