import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { GatewayError } from '../../../errors/GatewayError.js';
import type { ErpDocument, Receipt } from '../../../plugin-api/types.js';
import type { DocumentIntake } from '../../../plugins/DocumentIntake.js';
import { CLI_SOURCE } from '../../../plugins/OutcomeRouter.js';
import { decodeText, type OtherEncodings } from '../../../text/decodeText.js';
import { decodeXml } from '../../../text/decodeXml.js';

export interface SubmitFilesOptions {
  readonly urgent: boolean;
  /** An XML file that declares another encoding than UTF-8: refused, or transcoded exactly. */
  readonly otherEncodings: OtherEncodings;
}

export interface SubmittedFile {
  readonly file: string;
  readonly receipt?: Receipt;
  /** The file could not be read as a document at all. */
  readonly error?: string;
}

/**
 * `submit`: each file (FA(3) XML or canonical JSON) into the durable outbox as source `cli`, ERP id = file name
 * without extension. A bad file is reported and never stops the others.
 */
export async function submitFiles(intake: DocumentIntake, files: readonly string[], opts: SubmitFilesOptions, onEach?: () => void): Promise<SubmittedFile[]> {
  const { urgent } = opts;
  const results: SubmittedFile[] = [];
  for (const file of files) {
    try {
      const bytes = await readFile(file);
      const isJson = extname(file).toLowerCase() === '.json';
      // Never a lossy 'utf8' read: a byte that is not UTF-8 would become U+FFFD in a legal document.
      const decoded = isJson ? decodeText(bytes, { source: file }) : decodeXml(bytes, { otherEncodings: opts.otherEncodings, source: file });
      if (!decoded.ok) throw new GatewayError(decoded.error.code, 'data', decoded.error.message, { location: file });
      const text = decoded.text;
      const erpId = basename(file, extname(file));
      let document: ErpDocument;
      if (isJson) {
        let invoice: unknown;
        try {
          invoice = JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch (cause) {
          throw new GatewayError('GW_CLI_BAD_JSON', 'data', `${file}: not valid JSON: ${(cause as Error).message}`, { location: file });
        }
        document = { erpId, urgent, payload: { format: 'fa3-json', invoice } };
      } else {
        document = { erpId, urgent, payload: { format: 'fa3-xml', xml: text } };
      }
      results.push({ file, receipt: await intake.submit(CLI_SOURCE, document) });
    } catch (err) {
      results.push({ file, error: (err as Error).message });
    }
    onEach?.();
  }
  return results;
}
