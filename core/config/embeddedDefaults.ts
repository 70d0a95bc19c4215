/**
 * The configuration used when no file is given and `./ksef-gateway.yaml` does not exist: the demo set-up of
 * `npm start` (docs/config.md). The in-process simulator and a folder inbox; no real KSeF host, no secrets.
 */
export function embeddedDefaults(): Record<string, unknown> {
  return {
    ksef: { simulator: { enabled: true, rateLimits: 'off' } },
    // A demo should answer within seconds, not wait a minute to fill a batch.
    scheduler: { batchMaxWaitMs: 1_000 },
    // Any free port (printed at start): a demo must not fail because 9464 is taken.
    admin: { port: 0 },
    plugins: [{ use: 'folder-inbox', id: 'inbox', options: {}, pollIntervalMs: 500 }],
  };
}
