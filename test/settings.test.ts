// package.json's contributes.configuration and the settings the server reads must agree.
import { strict as assert } from 'assert';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../server/src/core/index';
import { CHECK_SETTING_KEYS, DEFAULT_SETTINGS, readSettings } from '../server/src/shared/settings';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(path.join(__dirname, '..', 'package.json'));
const props: Record<string, { default: unknown; enum?: string[] }> = pkg.contributes.configuration.properties;

describe('settings', () => {
  it('every check setting in package.json is a CheckConfig field with the same default, and vice versa', () => {
    const declared = Object.keys(props).filter((k) => k.startsWith('corroborate.check.')).map((k) => k.slice('corroborate.check.'.length)).sort();
    assert.deepEqual(declared, [...CHECK_SETTING_KEYS].sort());
    for (const key of CHECK_SETTING_KEYS) {
      const def = (DEFAULT_CONFIG as Record<string, unknown>)[key];
      assert.deepEqual(props[`corroborate.check.${key}`].default, def === undefined ? '' : def, key);
    }
  });

  it('corpus settings in package.json match the server defaults', () => {
    assert.deepEqual(props['corroborate.corpus.paths'].default, DEFAULT_SETTINGS.corpus.paths);
    assert.equal(props['corroborate.corpus.includeBundled'].default, DEFAULT_SETTINGS.corpus.includeBundled);
    assert.equal(props['corroborate.corpus.watch'].default, DEFAULT_SETTINGS.corpus.watch);
  });

  it('bad values from a client fall back to the defaults', () => {
    const { settings, config } = readSettings({ corpus: { paths: 'not-a-list', includeBundled: 'yes' }, check: { alteredQuoteSeverity: 'loud', shortQuoteWords: '3', checkDates: false } });
    assert.deepEqual(settings.corpus.paths, []);
    assert.equal(settings.corpus.includeBundled, true);
    assert.equal(config.alteredQuoteSeverity, 'warning');
    assert.equal(config.shortQuoteWords, 2);
    assert.equal(config.checkDates, false);
  });
});
