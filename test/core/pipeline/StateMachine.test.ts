import { assertTransition, canTransition, sourcesOf } from '../../../core/pipeline/StateMachine.js';

describe('StateMachine', () => {
  it('allows the issue path received -> queued -> sending -> sent -> accepted -> delivered', () => {
    const path = ['received', 'queued', 'sending', 'sent', 'accepted', 'delivered'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1], path[i])).toBe(true);
  });

  it('never leaves a terminal state and never skips from queued to accepted', () => {
    expect(canTransition('invalid', 'queued')).toBe(false);
    expect(canTransition('delivered', 'queued')).toBe(false);
    expect(canTransition('queued', 'accepted')).toBe(false);
    expect(() => assertTransition('accepted', 'queued', 'doc-1')).toThrow(/doc-1 cannot go from accepted to queued/);
  });

  it('lists the source states of a target', () => {
    expect(sourcesOf('delivered').sort()).toEqual(['accepted', 'rejected']);
    expect(sourcesOf('queued').sort()).toEqual(['received', 'sending', 'sent']);
  });
});
