import type { DraftBuyer, DraftSeller } from '../../../../core/plugin-api/index.js';

export const seller: DraftSeller = { nip: '5265877635', name: 'Sprzedawca Sp. z o.o.', address: { country: 'PL', line1: 'ul. Prosta 1', line2: '00-001 Warszawa' } };
export const buyer: DraftBuyer = { id: { type: 'nip', nip: '7352765225' }, name: 'Nabywca S.A.', address: { country: 'PL', line1: 'ul. Krzywa 2', line2: '30-001 Kraków' } };
export const NOW = new Date('2026-09-20T10:00:00Z');
