// Passwords never shown: in URLs however malformed, and as whole secrets only (not inside other words).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactText, redactUrl, redactUrls, scrubSecrets } from '../../src/core/redact';
import { parseDatasourceUrl, DatasourceError } from '../../src/core/datasource/index';
import { scrub } from '../../src/core/datasource/errors';

test('redactUrl hides the password of well-formed and malformed URLs', () => {
  const cases: [string, string][] = [
    ['postgres://ann:Sup3r@h:5432/d', 'postgres://ann:***@h:5432/d'],
    ['postgres:ann:Sup3r@h/d', 'postgres:ann:***@h/d'],
    [' postgres://ann:Sup3r@h/d', ' postgres://ann:***@h/d'],
    ['\tmysql://ann:Sup3r@h/d ', '\tmysql://ann:***@h/d '],
    ['mysql://u:p@ss/w@rd@h/d', 'mysql://u:***@h/d'],
    ['ann:Sup3r@h/d', 'ann:***@h/d'],
    ['postgresql:/ann:Sup3r@h/d', 'postgresql:/ann:***@h/d'],
    ['postgres://u@h/d', 'postgres://u@h/d'],
    ['sqlite:///tmp/a@b.db', 'sqlite:///tmp/a@b.db'],
  ];
  for (const [url, want] of cases) assert.equal(redactUrl(url), want, url);
});

test('parse errors of malformed URLs never print the password', () => {
  for (const url of ['postgres:ann:Sup3r-s3cret@h/d', ' postgres://ann:Sup3r-s3cret@h:99999/d', 'postgres://ann:Sup3r-s3cret@/d', 'postgres://ann:Sup3r-s3cret@h:5432/a/b', 'mysql://ann:Sup3r-s3cret@h:5432', 'foo://ann:Sup3r-s3cret@h/d', 'postgres://ann:Sup3r-s3cret%zz@h/d']) {
    let caught: unknown;
    try {
      parseDatasourceUrl(url, {});
    } catch (e) {
      caught = e;
    }
    if (caught === undefined) continue; // accepted: nothing printed
    assert.ok(caught instanceof DatasourceError, url);
    assert.doesNotMatch(`${caught.message} ${caught.hint ?? ''}`, /Sup3r/, url);
  }
});

test('redactUrls finds URLs with credentials inside longer texts', () => {
  assert.equal(redactUrls('connect "postgres://ann:pw/x@y@db:5432/d" failed'), 'connect "postgres://ann:***@db:5432/d" failed');
  assert.equal(redactUrls('bad url postgres:ann:pw@db/d here'), 'bad url postgres:ann:***@db/d here');
  assert.equal(redactUrls('see https://example.com/a@b'), 'see https://example.com/a@b');
  const usage = 'Use postgres://user[:pass]@host:port/db or mysql://user[:pass]@host:port/db.';
  assert.equal(redactUrls(usage), usage, 'usage texts are not redacted');
});

test('scrubbing replaces whole secrets only, never inside unrelated words', () => {
  assert.equal(scrubSecrets('plan an answer; an', ['an']), 'plan *** answer; ***');
  assert.equal(scrubSecrets('password=an; again', ['an']), 'password=***; again');
  assert.equal(scrubSecrets('organisation failed for org', ['org']), 'organisation failed for ***');
  assert.equal(scrubSecrets('key sk-abc.def! used', ['sk-abc.def!']), 'key *** used');
  assert.equal(scrubSecrets('a b c', ['a', '', undefined]), 'a b c', 'single characters are never scrubbed');
  assert.equal(scrub('password authentication failed for user "ann" (pw: hunter2)\nhint', 'hunter2'), 'password authentication failed for user "ann" (pw: ***) hint');
  assert.equal(scrub('could not connect: an error', 'an'), 'could not connect: *** error');
  assert.equal(scrub('cannot plan', 'an'), 'cannot plan');
  assert.equal(redactText('postgres:u:pw@h/d and pw', ['pw']), 'postgres:u:***@h/d and ***');
});
