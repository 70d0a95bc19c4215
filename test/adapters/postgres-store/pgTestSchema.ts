import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test database's URL; CI sets it (.ci/run). Without it the PostgreSQL tests fail rather than pass unseen. */
export function pgTestUrl(): string {
  const url = process.env.KSEF_GATEWAY_TEST_PG_URL;
  if (!url) {
    throw new Error('KSEF_GATEWAY_TEST_PG_URL is not set: the PostgreSQL store tests need it, e.g. '
      + 'KSEF_GATEWAY_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test (see docs/postgres.md)');
  }
  return url;
}

/** A schema name no other test file uses, so test files can run in parallel on one database. */
export function testSchemaName(): string {
  return `ksefgw_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgTestUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function queryAs<R extends pg.QueryResultRow>(schema: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: pgTestUrl(), options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
