import type { Command } from 'commander';
import { encodeCertificateCredential } from '../../credentials/CertificateCredentialRecord.js';
import { authMethodFor } from '../../pipeline/authMethodFor.js';
import { openCredentialsEnv, type CredentialsEnv } from '../credentials/credentialsEnv.js';
import { formatStatus } from '../credentials/formatStatus.js';
import { createSelfSignedCredential } from '../../credentials/createSelfSignedCredential.js';
import { credentialStatus } from '../../credentials/credentialStatus.js';
import { importSigningCredential } from '../../credentials/importSigningCredential.js';
import { readCredentialFiles } from '../../credentials/readCredentialFiles.js';
import { renewCertificate } from '../credentials/renewCertificate.js';
import { GatewayError } from '../../errors/GatewayError.js';
import { ExitCode, reportFatal } from '../exitCodes.js';

type Common = { config?: string; nip?: string };

const nipOf = (o: Common): string => {
  const nip = o.nip ?? process.env.KSEF_NIP;
  if (!nip || !/^\d{10}$/.test(nip)) throw new GatewayError('GW_CREDENTIALS_NIP', 'config', '--nip (or KSEF_NIP) must be a 10-digit NIP', { location: '--nip' });
  return nip;
};

/** Runs a command with the vault open, reporting errors with the documented exit codes (never a secret). */
function run<T extends Common>(fn: (env: CredentialsEnv, o: T) => Promise<void>): (o: T) => Promise<void> {
  return async (o) => {
    let env: CredentialsEnv | undefined;
    try {
      env = await openCredentialsEnv({ config: o.config });
      await fn(env, o);
    } catch (e) {
      reportFatal(e);
    } finally {
      await env?.close();
    }
  };
}

const out = (text: string): void => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); };

/** Registers the `credentials` command group (docs/certificates.md). */
export function register(program: Command): void {
  const group = program.command('credentials').description('certificates for KSeF authentication (XAdES) and KSeF certificates; tokens stay under `token`')
    .option('--config <file>', 'gateway config file');
  const withConfig = <T extends Common>(c: Command): T => ({ ...group.opts<Common>(), ...c.opts<T>() });

  group.command('status').description('method, permissions and expiry of every stored credential (never a secret)')
    .option('--json', 'machine-readable output')
    .action(async (_o: unknown, cmd: Command) => run<Common & { json?: boolean }>(async (env, o) => {
      const reports = await credentialStatus(env.vault, { chosen: env.chosen });
      out(o.json ? JSON.stringify(reports, null, 2) : formatStatus(reports));
      if (reports.some((r) => r.certificate && r.certificate.expiry.level !== 'ok' && r.inUse !== false)) process.exitCode = ExitCode.invalid;
    })(withConfig(cmd)));

  group.command('import').description('store a certificate and its key (PKCS#12, or PEM certificate + key) for a context, encrypted in the vault')
    .option('--nip <nip>', 'context NIP (default KSEF_NIP)')
    .option('--p12 <file>', 'PKCS#12 (.p12/.pfx) file').option('--cert <file>', 'PEM certificate').option('--key <file>', 'PEM private key')
    .option('--password-env <var>', 'environment variable holding the PKCS#12 password or PEM passphrase', 'KSEF_GATEWAY_CERT_PASSWORD')
    .option('--rsa-padding <padding>', 'RSA keys: pkcs1 or pss', 'pkcs1')
    .option('--fingerprint', 'authenticate by the certificate fingerprint (no NIP/PESEL in the subject)')
    .action(async (_o: unknown, cmd: Command) => run<Common & { p12?: string; cert?: string; key?: string; passwordEnv: string; rsaPadding: string; fingerprint?: boolean }>(async (env, o) => {
      const nip = nipOf(o);
      if (o.rsaPadding !== 'pkcs1' && o.rsaPadding !== 'pss') throw new GatewayError('GW_CREDENTIALS_OPTION', 'config', '--rsa-padding is pkcs1 or pss', { location: '--rsa-padding' });
      const material = await readCredentialFiles({ p12: o.p12, cert: o.cert, key: o.key, password: process.env[o.passwordEnv] });
      const credential = await importSigningCredential(material, { rsaPadding: o.rsaPadding, source: o.p12 ?? o.cert });
      await env.vault.put({ contextNip: nip, kind: 'certificate', secret: encodeCertificateCredential(material, {
        origin: 'external', rsaPadding: o.rsaPadding, subjectIdentifierType: o.fingerprint ? 'certificateFingerprint' : 'certificateSubject' }) });
      out(`certificate stored for context ${nip} (${credential.scheme}); set credential.kind: certificate for it in the config`);
    })(withConfig(cmd)));

  group.command('self-signed').description('make a self-signed seal for the TEST environment or the simulator (KSeF TEST accepts them) and store it')
    .option('--nip <nip>', 'context NIP (default KSEF_NIP)')
    .option('--key <algorithm>', 'ec or rsa', 'ec').option('--days <n>', 'validity in days', '365')
    .action(async (_o: unknown, cmd: Command) => run<Common & { key: string; days: string }>(async (env, o) => {
      const nip = nipOf(o);
      if (env.isProduction) throw new GatewayError('GW_CREDENTIALS_SELF_SIGNED_PRD', 'config', 'KSeF production does not accept self-signed certificates');
      if (o.key !== 'ec' && o.key !== 'rsa') throw new GatewayError('GW_CREDENTIALS_OPTION', 'config', '--key is ec or rsa', { location: '--key' });
      const material = await createSelfSignedCredential({ subject: `CN=ksef-gateway ${nip}, O=ksef-gateway test, 2.5.4.97=VATPL-${nip}, C=PL`, keyAlgorithm: o.key, validDays: Number(o.days) });
      await env.vault.put({ contextNip: nip, kind: 'certificate', secret: encodeCertificateCredential(material, { origin: 'self-signed' }) });
      out(`self-signed certificate stored for context ${nip}`);
    })(withConfig(cmd)));

  group.command('enroll').description('request a KSeF Authentication certificate (authenticates with the stored certificate) and store it')
    .option('--nip <nip>', 'context NIP (default KSEF_NIP)').option('--name <name>', 'certificate name (5-100 letters, digits, _ - space)')
    .option('--key <algorithm>', 'ec (recommended by KSeF) or rsa', 'ec')
    .action(async (_o: unknown, cmd: Command) => run<Common & { name?: string; key: string }>(async (env, o) => {
      const nip = nipOf(o);
      const client = env.client(nip, await authMethodFor(env.vault, nip, 'certificate'));
      try {
        const r = await renewCertificate(env.vault, nip, client.certificates, { certificateName: o.name, keyAlgorithm: o.key === 'rsa' ? 'rsa' : 'ec' });
        out(`KSeF certificate ${r.serialNumber} stored for context ${nip}, valid until ${r.notAfter}${r.revoked ? `; ${r.revoked} revoked as superseded` : ''}`);
      } finally {
        await client.close();
      }
    })(withConfig(cmd)));

  group.command('renew').description('replace the stored certificate with a new KSeF certificate before it expires (the old KSeF one is revoked after)')
    .option('--nip <nip>', 'context NIP (default KSEF_NIP)').option('--name <name>', 'name of the new certificate')
    .action(async (_o: unknown, cmd: Command) => run<Common & { name?: string }>(async (env, o) => {
      const nip = nipOf(o);
      const client = env.client(nip, await authMethodFor(env.vault, nip, 'certificate'));
      try {
        const r = await renewCertificate(env.vault, nip, client.certificates, { certificateName: o.name });
        out(`renewed: KSeF certificate ${r.serialNumber} valid until ${r.notAfter}${r.revoked ? `; ${r.revoked} revoked as superseded` : ''}`);
      } finally {
        await client.close();
      }
    })(withConfig(cmd)));

  group.command('list').description('KSeF certificates of the subject (KSeF /certificates/query)')
    .option('--nip <nip>', 'context NIP (default KSEF_NIP)').option('--status <status>', 'Active | Blocked | Revoked | Expired')
    .action(async (_o: unknown, cmd: Command) => run<Common & { status?: 'Active' | 'Blocked' | 'Revoked' | 'Expired' }>(async (env, o) => {
      const nip = nipOf(o);
      const client = env.client(nip, await authMethodFor(env.vault, nip, env.chosen.get(nip) ?? 'certificate'));
      try {
        const { certificates } = await client.certificates.query({ status: o.status }, { pageSize: 50 });
        out(certificates.map((c) => `${c.certificateSerialNumber}  ${c.type}  ${c.status}  ${c.validFrom} .. ${c.validTo}  ${c.name}`).join('\n') || 'no certificates');
      } finally {
        await client.close();
      }
    })(withConfig(cmd)));

  group.command('revoke').description('revoke a KSeF certificate (needs a certificate-authenticated session)')
    .option('--nip <nip>', 'context NIP (default KSEF_NIP)').requiredOption('--serial <serial>', '16-hex KSeF serial number')
    .option('--reason <reason>', 'Unspecified | Superseded | KeyCompromise', 'Unspecified')
    .action(async (_o: unknown, cmd: Command) => run<Common & { serial: string; reason: 'Unspecified' | 'Superseded' | 'KeyCompromise' }>(async (env, o) => {
      const nip = nipOf(o);
      const client = env.client(nip, await authMethodFor(env.vault, nip, 'certificate'));
      try {
        await client.certificates.revoke(o.serial.toUpperCase(), o.reason);
        const info = await env.vault.info(nip, 'certificate');
        if (info?.referenceNumber === o.serial.toUpperCase()) await env.vault.markStatus(nip, 'certificate', 'revoked', `revoked: ${o.reason}`);
        out(`certificate ${o.serial.toUpperCase()} revoked`);
      } finally {
        await client.close();
      }
    })(withConfig(cmd)));
}
