import 'reflect-metadata';
import * as xmldom from '@xmldom/xmldom';
import xpath from 'xpath';
import * as xadesjs from 'xadesjs';

let ready = false;

/** xadesjs needs a WebCrypto engine and a DOM once per process: Node's own `globalThis.crypto` and xmldom. */
export function xadesRuntime(): typeof xadesjs {
  if (!ready) {
    xadesjs.Application.setEngine('NodeJS', globalThis.crypto as unknown as Crypto);
    xadesjs.setNodeDependencies({
      XMLSerializer: xmldom.XMLSerializer,
      DOMParser: xmldom.DOMParser,
      DOMImplementation: xmldom.DOMImplementation,
      xpath,
    });
    ready = true;
  }
  return xadesjs;
}
