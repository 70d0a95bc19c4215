import { Command } from 'commander';
import * as fa3 from './commands/fa3.js';
import * as schemas from './commands/schemas.js';
import * as simulator from './commands/simulator.js';
import * as send from './commands/send.js';
import * as token from './commands/token.js';
import * as gateway from './commands/gateway.js';
import * as credentials from './commands/credentials.js';
import * as csv from './commands/csv.js';
import * as sap from './commands/sap.js';
import * as apiKey from './commands/apiKey.js';
import * as db from './commands/db.js';
import * as purchases from './commands/purchases.js';
import * as notify from './commands/notify.js';
import * as draft from './commands/draft.js';
import * as consoleUsers from './commands/consoleUsers.js';

/** Builds the `ksef-gateway` command line; each command group lives in its own module. */
export function buildProgram(): Command {
  const program = new Command('ksef-gateway')
    .description('Gateway between ERP systems and KSeF 2.0')
    .version('0.1.0')
    .showHelpAfterError()
    // Usage errors end with our documented code 2 (docs/cli.md) instead of commander's 1, which means "invalid document".
    .exitOverride();
  for (const group of [gateway, purchases, notify, fa3, draft, schemas, send, token, credentials, db, csv, sap, apiKey, consoleUsers, simulator]) group.register(program);
  return program;
}
