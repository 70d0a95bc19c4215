import type { LayoutTable } from './IdocLayout.js';

/**
 * The INVOIC02 segment layouts (release 7.x/S/4), as field name and length in SDATA order; offsets follow from the
 * order. Built from public DDIC listings of the segment definitions. `confidence` says how sure that listing was:
 * `memory` layouts (E1EDK04, E1EDK28, E1EDKA3) must be checked against the customer's own system, which is why a
 * customer's IDOCTYPE_READ_COMPLETE output (WE60 / RFC) overrides any segment here (IdocLayout.fromReadComplete).
 */
export const INVOIC02_LAYOUT: LayoutTable = {
  idocType: 'INVOIC02',
  segments: {
    E1EDK01: { parent: null, confidence: 'partial', fields: 'ACTION:3 KZABS:1 CURCY:3 HWAER:3 WKURS:12 ZTERM:17 KUNDEUINR:20 EIGENUINR:20 BSART:4 BELNR:35 NTGEW:18 BRGEW:18 GEWEI:3 FKART_RL:4 ABLAD:25 BSTZD:4 VSART:2 VSART_BEZ:20 RECIPNT_NO:10 KZAZU:1 AUTLF:1 AUGRU:3 AUGRU_BEZ:40 ABRVW:3 ABRVW_BEZ:20 FKTYP:1 LIFSK:2 LIFSK_BEZ:20 EMPST:25 ABTNR:4 DELCO:3 WKURS_M:12 LANDTX:3 STCEG_L:3' },
    E1EDKA1: { parent: null, confidence: 'partial', fields: 'PARVW:3 PARTN:17 LIFNR:17 NAME1:35 NAME2:35 NAME3:35 NAME4:35 STRAS:35 STRS2:35 PFACH:35 ORT01:35 COUNC:9 PSTLZ:9 PSTL2:9 LAND1:3 ABLAD:35 PERNR:30 PARNR:30 TELF1:25 TELF2:25 TELBX:25 TELFX:25 TELTX:25 TELX1:25 SPRAS:1 ANRED:15 ORT02:35 HAUSN:6 STOCK:6 REGIO:3 PARGE:1 ISOAL:2 ISONU:2 FCODE:20 IHREZ:30 BNAME:35 PAORG:30 ORGTX:35 PAGRU:30 KNREF:30 ILNNR:70 PFORT:35 SPRAS_ISO:2 TITLE:15' },
    E1EDKA3: { parent: 'E1EDKA1', confidence: 'memory', fields: 'QUALP:3 STDPN:70' },
    E1EDK02: { parent: null, confidence: 'confirmed', fields: 'QUALF:3 BELNR:35 POSNR:6 DATUM:8 UZEIT:6' },
    E1EDK03: { parent: null, confidence: 'confirmed', fields: 'IDDAT:3 DATUM:8 UZEIT:6' },
    E1EDK04: { parent: null, confidence: 'memory', fields: 'MWSKZ:7 MSATZ:17 MWSBT:18 TXJCD:15 KTEXT:50' },
    E1EDK05: { parent: null, confidence: 'confirmed', fields: 'ALCKZ:3 KSCHL:4 KOTXT:80 BETRG:18 KPERC:8 KRATE:15 UPRBS:9 MEAUN:3 KOBTR:18 MWSKZ:7 MSATZ:17 KOEIN:3' },
    E1EDK14: { parent: null, confidence: 'partial', fields: 'QUALF:3 ORGID:35' },
    E1EDK17: { parent: null, confidence: 'partial', fields: 'QUALF:3 LKOND:3 LKTEXT:70' },
    E1EDK18: { parent: null, confidence: 'partial', fields: 'QUALF:3 TAGE:8 PRZNT:8 ZTERM_TXT:70' },
    E1EDKT1: { parent: null, confidence: 'partial', fields: 'TDID:4 TSSPRAS:3 TSSPRAS_ISO:2 TDOBJECT:10 TDOBNAME:70' },
    E1EDKT2: { parent: 'E1EDKT1', confidence: 'partial', fields: 'TDLINE:70 TDFORMAT:2' },
    E1EDK28: { parent: null, confidence: 'memory', fields: 'BCOUN:3 BRNUM:17 BNAME:70 BALOC:70 ACNUM:30 ACNAM:35 BIBAN:34' },
    E1EDP01: { parent: null, confidence: 'confirmed', fields: 'POSEX:6 ACTION:3 PSTYP:1 KZABS:1 MENGE:15 MENEE:3 BMNG2:15 PMENE:3 ABFTZ:7 VPREI:15 PEINH:9 NETWR:18 ANETW:18 SKFBP:18 NTGEW:18 GEWEI:3 EINKZ:1 CURCY:3 PREIS:18 MATKL:9 UEPOS:6 GRKOR:3 EVERS:7 BPUMN:6 BPUMZ:6 ABGRU:2 ABGRT:40 ANTLF:1 FIXMG:1 KZAZU:1 BRGEW:18 PSTYV:4 EMPST:25 ABTNR:4 ABRVW:3 WERKS:4 LPRIO:2 LPRIO_BEZ:20 ROUTE:6 ROUTE_BEZ:40 LGORT:4 VSTEL:4 DELCO:3 MATNR:35 VALTG:2 HIPOS:6 HIEVW:1 POSGUID:22 MATNR_EXTERNAL:40 MATNR_VERSION:10 MATNR_GUID:32 IUID_RELEVANT:1 SGT_RCAT:16 SGT_SCAT:16 HANDOVERLOC:10 MATNR_LONG:40 REQ_SEG_LONG:40 STK_SEG_LONG:40 EXPECTED_VALUE:31 LIMIT_AMOUNT:31' },
    E1EDP02: { parent: 'E1EDP01', confidence: 'partial', fields: 'QUALF:3 BELNR:35 ZEILE:6 DATUM:8 UZEIT:6 BSARK:35 IHREZ:30' },
    E1EDP03: { parent: 'E1EDP01', confidence: 'partial', fields: 'IDDAT:3 DATUM:8 UZEIT:6' },
    E1EDP04: { parent: 'E1EDP01', confidence: 'partial', fields: 'MWSKZ:7 MSATZ:17 MWSBT:18 TXJCD:15 KTEXT:50 TXDAT:8' },
    E1EDP05: { parent: 'E1EDP01', confidence: 'confirmed', fields: 'ALCKZ:3 KSCHL:4 KOTXT:80 BETRG:18 KPERC:8 KRATE:15 UPRBS:9 MEAUN:3 KOBTR:18 MENGE:15 PREIS:15 MWSKZ:7 MSATZ:17 KOEIN:3 CURTP:2 KOBAS:18' },
    E1EDP19: { parent: 'E1EDP01', confidence: 'partial', fields: 'QUALF:3 IDTNR:35 KTEXT:70 MFRPN:42 MFRNR:10 IDTNR_EXTERNAL:40 IDTNR_VERSION:10 IDTNR_GUID:32 IDTNR_LONG:40' },
    E1EDP26: { parent: 'E1EDP01', confidence: 'confirmed', fields: 'QUALF:3 BETRG:18' },
    E1EDPA1: { parent: 'E1EDP01', confidence: 'partial', fields: 'PARVW:3 PARTN:17 LIFNR:17 NAME1:35 NAME2:35 NAME3:35 NAME4:35 STRAS:35 STRS2:35 PFACH:35 ORT01:35 COUNC:9 PSTLZ:9 PSTL2:9 LAND1:3 ABLAD:35 PERNR:30 PARNR:30 TELF1:25 TELF2:25 TELBX:25 TELFX:25 TELTX:25 TELX1:25 SPRAS:1 ANRED:15 ORT02:35 HAUSN:6 STOCK:6 REGIO:3 PARGE:1 ISOAL:2 ISONU:2 FCODE:20 IHREZ:30 BNAME:35 PAORG:30 ORGTX:35 PAGRU:30 KNREF:30 ILNNR:70 PFORT:35 SPRAS_ISO:2 TITLE:15' },
    E1EDPT1: { parent: 'E1EDP01', confidence: 'partial', fields: 'TDID:4 TSSPRAS:3 TSSPRAS_ISO:2' },
    E1EDPT2: { parent: 'E1EDPT1', confidence: 'partial', fields: 'TDLINE:70 TDFORMAT:2' },
    E1EDS01: { parent: null, confidence: 'confirmed', fields: 'SUMID:3 SUMME:18 SUNIT:3 WAERQ:3' },
  },
};
