import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../../../support/sharedDir.js';

/** Official URL paths -> the shared copies, so a loopback server can stand in for crd.gov.pl and GitHub. */
export const MIRROR_PATHS: Record<string, string> = {
  '/wzor/2025/06/25/13775/schemat.xsd': 'fa3/schemat_FA(3)_v1-0E.xsd',
  '/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/StrukturyDanych_v10-0E.xsd': 'fa3/bazowe/StrukturyDanych_v10-0E.xsd',
  '/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/ElementarneTypyDanych_v10-0E.xsd': 'fa3/bazowe/ElementarneTypyDanych_v10-0E.xsd',
  '/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/KodyKrajow_v10-0E.xsd': 'fa3/bazowe/KodyKrajow_v10-0E.xsd',
  '/CIRFMF/ksef-docs/main/faktury/upo/schemy/upo-v4-3.xsd': 'upo/v4-3/upo-v4-3.xsd',
  '/CIRFMF/ksef-docs/main/auth/schemy/schemat_auth_v2-1.xsd': 'auth/schemat_auth_v2-1.xsd',
};

export interface SchemaMirror {
  readonly base: string;
  readonly requests: string[];
  /** Paths answered with this status instead of the file. */
  readonly failures: Map<string, number>;
  /** Paths answered with these bytes instead of the file. */
  readonly overrides: Map<string, string>;
  close(): Promise<void>;
}

export async function startSchemaMirror(): Promise<SchemaMirror> {
  const requests: string[] = [];
  const failures = new Map<string, number>();
  const overrides = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const status = failures.get(path);
    if (status !== undefined) { res.writeHead(status).end(); return; }
    const override = overrides.get(path);
    if (override !== undefined) { res.writeHead(200, { 'content-type': 'application/xml' }).end(override); return; }
    const local = MIRROR_PATHS[path];
    if (!local) { res.writeHead(404).end(); return; }
    readFile(join(SCHEMAS_DIR, local)).then(
      (body) => res.writeHead(200, { 'content-type': 'application/xml' }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    failures,
    overrides,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
