import { describe, expect, it } from 'vitest';
import { END_MARKER, replaceGenerated, START_MARKER } from './doc.js';

describe('replaceGenerated', () => {
  it('replaces only what lies between the markers', () => {
    const doc = `# Title\n\nintro\n\n${START_MARKER}\nold table\n${END_MARKER}\n\n## Changes\nkept\n`;
    const out = replaceGenerated(doc, 'new table');
    expect(out).toContain('intro');
    expect(out).toContain('## Changes\nkept');
    expect(out).toContain(`${START_MARKER}\nnew table\n${END_MARKER}`);
    expect(out).not.toContain('old table');
  });

  it('appends a results section to a document without markers', () => {
    const out = replaceGenerated('# Notes\n\nhand written\n', 'table');
    expect(out.startsWith('# Notes\n\nhand written\n')).toBe(true);
    expect(out).toContain(`${START_MARKER}\ntable\n${END_MARKER}`);
  });
});
