import { describe, expect, it } from 'vitest';
import { embeddedDefaultConfig, SAMPLE_ADMIN_KEY, SAMPLE_USER_KEY } from './load-config.js';
import { judgeStartUp } from './start-up-safety.js';
import type { AppConfig } from './types.js';

const config = (executor: 'mock' | 'ssh', keys: [string, string], enabled = true): AppConfig => {
  const c = structuredClone(embeddedDefaultConfig());
  c.glusterfs.executor = executor;
  c.auth = { ...c.auth, enabled, adminKey: keys[0], userKey: keys[1] };
  return c;
};
const SAMPLE: [string, string] = [SAMPLE_ADMIN_KEY, SAMPLE_USER_KEY];
const OWN: [string, string] = ['k1-long-and-secret', 'k2-long-and-secret'];
const fromFile = { fromConfigFile: true, demo: false };

describe('start-up safety (issue 11, finding 9)', () => {
  it('refuses a config file that serves the mock with the sample keys', () => {
    expect(judgeStartUp(config('mock', SAMPLE), fromFile).refusal).toMatch(/^config: glusterfs.executor is "mock" and jwt keys are the published samples/);
  });

  it('lets it run as a demo, and the built-in defaults are one', () => {
    expect(judgeStartUp(config('mock', SAMPLE), { fromConfigFile: true, demo: true })).toEqual({
      warnings: ['demo: the mock executor runs no command on any node; its volumes do not exist'],
    });
    expect(judgeStartUp(config('mock', SAMPLE), { fromConfigFile: false, demo: false })).toEqual({ warnings: [] });
  });

  it('warns about either one alone', () => {
    expect(judgeStartUp(config('mock', OWN), fromFile)).toEqual({
      warnings: ['glusterfs.executor is "mock": no command reaches any node and the volumes it reports do not exist'],
    });
    expect(judgeStartUp(config('ssh', SAMPLE), fromFile).warnings).toEqual([
      'jwt keys are the published samples ("My Secret"): set your own before any real use',
    ]);
    expect(judgeStartUp(config('ssh', OWN), fromFile)).toEqual({ warnings: [] });
  });

  it('does not count keys when auth is off', () => {
    expect(judgeStartUp(config('mock', SAMPLE, false), fromFile).refusal).toBeUndefined();
  });
});
