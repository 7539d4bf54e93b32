import { SAMPLE_ADMIN_KEY, SAMPLE_USER_KEY } from './load-config.js';
import type { AppConfig } from './types.js';

/** How `serve` was asked to run: from a config file, and whether the operator said it is a demo. */
export interface StartUpContext {
  /** true when --config named a file (not the built-in development defaults, which are a demo). */
  fromConfigFile: boolean;
  /** --demo or HEKETI_TS_DEMO=1: the operator knows the mock serves volumes that do not exist. */
  demo: boolean;
}

export interface StartUpVerdict {
  /** Set when the server must not start; the message says why and how to proceed. */
  refusal?: string;
  warnings: string[];
}

const usesSampleKeys = (config: AppConfig): boolean =>
  config.auth.enabled && (config.auth.adminKey === SAMPLE_ADMIN_KEY || config.auth.userKey === SAMPLE_USER_KEY);

/**
 * The sample configuration (etc/heketi.json) runs the mock executor with
 * the published sample keys. A provisioner pointed at such a server gets volumes that do not exist,
 * and anyone who read the README can call it. So a config file that combines the two is refused
 * unless the operator says it is a demo; either one alone is a warning.
 */
export function judgeStartUp(config: AppConfig, context: StartUpContext): StartUpVerdict {
  const mock = config.glusterfs.executor === 'mock';
  const sample = usesSampleKeys(config);
  if (!context.fromConfigFile || context.demo) {
    return { warnings: mock && context.fromConfigFile ? ['demo: the mock executor runs no command on any node; its volumes do not exist'] : [] };
  }
  if (mock && sample) {
    return {
      refusal:
        'config: glusterfs.executor is "mock" and jwt keys are the published samples: this server would hand out volumes ' +
        'that do not exist to anyone. Set glusterfs.executor to "ssh" or "kubernetes" and your own jwt keys, or start ' +
        'with --demo (HEKETI_TS_DEMO=1) to run it as a demo',
      warnings: [],
    };
  }
  const warnings: string[] = [];
  if (mock) warnings.push('glusterfs.executor is "mock": no command reaches any node and the volumes it reports do not exist');
  if (sample) warnings.push('jwt keys are the published samples ("My Secret"): set your own before any real use');
  return { warnings };
}
