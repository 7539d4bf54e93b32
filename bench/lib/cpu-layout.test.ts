import { describe, expect, it } from 'vitest';
import { describeCpuLayout, planCpuLayout } from './cpu-layout.js';

describe('planCpuLayout', () => {
  it('gives one of two cores to the servers and the other to the load generator', () => {
    expect(planCpuLayout(2, true)).toEqual({ servers: '0', loadGenerator: '1' });
  });

  it('splits larger machines in halves, the odd core to the load generator', () => {
    expect(planCpuLayout(4, true)).toEqual({ servers: '0-1', loadGenerator: '2-3' });
    expect(planCpuLayout(5, true)).toEqual({ servers: '0-1', loadGenerator: '2-4' });
  });

  it('pins nothing on one core or without taskset, and says so', () => {
    expect(planCpuLayout(1, true)).toBeNull();
    expect(planCpuLayout(8, false)).toBeNull();
    expect(describeCpuLayout(null)).toMatch(/unpinned/);
    expect(describeCpuLayout({ servers: '0', loadGenerator: '1' })).toBe('servers pinned to CPU 0, load generator to CPU 1 (taskset)');
  });
});
