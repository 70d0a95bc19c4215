import type { LayoutTable } from '../idoc/IdocLayout.js';

/**
 * The status IDoc segments the gateway sends back into SAP, for the RFC route where they travel as EDI_DD40 records
 * (over HTTP they go as IDoc-XML, where lengths matter less). Release 4.6+ lengths; `memory`: check in WE60.
 */
export const STATUS_LAYOUT: LayoutTable = {
  idocType: 'SYSTAT01/ALEAUD01',
  segments: {
    E1STATS: {
      parent: null, confidence: 'memory',
      fields: 'TABNAM:10 MANDT:3 DOCNUM:16 LOGDAT:8 LOGTIM:6 STATUS:2 UNAME:12 REPID:30 ROUTID:30 STACOD:8 STATXT:70 SEGNUM:6 SEGFLD:30 '
        + 'REFINT:14 REFGRP:14 REFMES:14 ARCKEY:70 STAMID:20 STAMNO:3 STAPA1:50 STAPA2:50 STAPA3:50 STAPA4:50 STATYP:1',
    },
    E1ADHDR: { parent: null, confidence: 'memory', fields: 'MESTYP:6 MESCOD:3 MESFCT:3 MESTYP_LNG:30' },
    E1STATE: {
      parent: 'E1ADHDR', confidence: 'memory',
      fields: 'DOCNUM:16 STATUS:2 STACOD:8 STATXT:70 STAPA1:20 STAPA2:20 STAPA3:20 STAPA4:20 STATYP:1 STAMQU:3 STAMID:20 STAMNO:3 '
        + 'STAPA1_LNG:50 STAPA2_LNG:50 STAPA3_LNG:50 STAPA4_LNG:50',
    },
    E1PRTOB: { parent: 'E1STATE', confidence: 'memory', fields: 'DOCNUM:16 OBJTYPE:10 OBJKEY:70 LOGSYS:10' },
  },
};
