// Dates, numbers and durations shown by the host (tooltips of the Datasets, Datasources and History views, the
// chat's row counts, the LLM test message) follow the display language: the same value in 'en' and 'zh-cn'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatDateTime, formatDuration, formatNumber } from '../../src/host/format';

// Local noon: the same calendar day in every time zone the machine may have.
const noon = new Date(2026, 11, 5, 12, 14, 32);

test('a date and time in English and in Chinese', () => {
  assert.match(formatDateTime(noon, 'en'), /^Dec 5, 2026, 12:14:32\sPM$/);
  assert.equal(formatDateTime(noon, 'zh-cn'), '2026年12月5日 12:14:32');
  assert.equal(formatDate(noon.toISOString(), 'zh-cn'), '2026年12月5日');
  assert.equal(formatDate(noon.toISOString(), 'en'), 'Dec 5, 2026');
  assert.equal(formatDateTime('not a date', 'zh-cn'), 'not a date', 'a stored value that is no date is shown as it came');
});

test('durations carry their unit in the display language', () => {
  assert.equal(formatDuration(18, 'en'), '18 ms');
  assert.equal(formatDuration(18, 'zh-cn'), '18毫秒');
  assert.equal(formatDuration(2430, 'en'), '2.4 sec');
  assert.equal(formatDuration(2430, 'zh-cn'), '2.4秒');
  assert.equal(formatDuration(180_000, 'zh-cn'), '3分钟');
});

test('numbers are grouped by the language; an unknown language tag falls back to English', () => {
  assert.equal(formatNumber(1234567, 'en'), '1,234,567');
  assert.equal(formatNumber(1234567, 'de'), '1.234.567');
  assert.equal(formatNumber(1234567, 'zh-cn'), '1,234,567');
  assert.equal(formatDuration(18, 'not a language!'), '18 ms');
});
