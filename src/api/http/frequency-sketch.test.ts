import { describe, expect, it } from 'vitest';
import { FrequencySketch } from './frequency-sketch.js';

describe('FrequencySketch', () => {
  it('never counts a key fewer times than it was asked for, and mostly exactly', () => {
    const sketch = new FrequencySketch(1024);
    for (let k = 0; k < 200; k++) for (let n = 0; n <= k % 7; n++) sketch.increment(`volume:${k}`);
    let exact = 0;
    for (let k = 0; k < 200; k++) {
      const estimate = sketch.estimate(`volume:${k}`);
      expect(estimate).toBeGreaterThanOrEqual((k % 7) + 1);
      if (estimate === (k % 7) + 1) exact++;
    }
    expect(exact).toBeGreaterThan(180);
    expect(sketch.estimate('never asked')).toBe(0);
  });

  it('halves every count once enough requests were counted', () => {
    const sketch = new FrequencySketch(1024, 100);
    for (let i = 0; i < 40; i++) sketch.increment('hot');
    for (let i = 0; i < 59; i++) sketch.increment(`cold:${i}`);
    expect(sketch.estimate('hot')).toBe(40);
    sketch.increment('hot'); // the 100th count
    expect(sketch.estimate('hot')).toBe(20);
  });

  it('saturates instead of wrapping around', () => {
    const sketch = new FrequencySketch(1024, 10_000);
    for (let i = 0; i < 300; i++) sketch.increment('hot');
    expect(sketch.estimate('hot')).toBe(255);
  });

  it('wants a power-of-two width', () => {
    expect(() => new FrequencySketch(1000)).toThrow('power of two');
  });
});
