// The value index's matching and its sensitivity rules, on values as a user types them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeValue } from '../../src/core/values/normalize';
import { ValueIndex } from '../../src/core/values/valueIndex';
import { isSensitiveColumnName, looksSensitiveValue } from '../../src/core/values/sensitive';
import { columnCandidate } from '../../src/core/values/sample';
import type { Table } from '../../src/core/datasource/types';

const index = new ValueIndex([
  { table: 'Artist', column: 'Name', value: 'AC/DC' },
  { table: 'Artist', column: 'Name', value: 'Guns N\' Roses' },
  { table: 'Artist', column: 'Name', value: 'Beyoncé' },
  { table: 'Genre', column: 'Name', value: 'Jazz' },
  { table: 'Genre', column: 'Name', value: 'Rock' },
  { table: 'Region', column: 'RegionName', value: '华东区' },
  { table: 'Track', column: 'Name', value: 'Money' },
  { table: 'Status', column: 'Label', value: 'Unknown' },
  { table: 'Race', column: 'Name', value: 'Canadian Grand Prix' },
]);

const names = (q: string) => index.lookup(q).map((m) => `${m.table}.${m.column}=${m.value}:${m.kind}`);

test('normal form folds case, width and punctuation inside words', () => {
  assert.equal(normalizeValue('AC/DC'), 'acdc');
  assert.equal(normalizeValue('ＡＣ／ＤＣ'), 'acdc');
  assert.equal(normalizeValue('  Guns N\' Roses! '), 'guns n roses');
  assert.equal(normalizeValue('华东区'), '华东区');
});

test('exact matches, whatever the spelling of punctuation, case and accents', () => {
  assert.deepEqual(names('songs by AC/DC'), ['Artist.Name=AC/DC:exact']);
  assert.deepEqual(names('songs by acdc'), ['Artist.Name=AC/DC:exact']);
  assert.deepEqual(names('albums of guns n roses'), ["Artist.Name=Guns N' Roses:exact"]);
  assert.deepEqual(names('Beyonce hits'), ['Artist.Name=Beyoncé:exact']);
  assert.deepEqual(names('Jazz tracks longer than 5 minutes'), ['Genre.Name=Jazz:exact']);
  assert.deepEqual(names('Who won the Canadian Grand Prix in 2010?'), ['Race.Name=Canadian Grand Prix:exact']);
});

test('Chinese values are found inside a question without spaces', () => {
  assert.deepEqual(names('华东区的销售额是多少？'), ['Region.RegionName=华东区:exact']);
});

test('near misses match by trigrams; noise words never match', () => {
  assert.deepEqual(names('who won the Canadien Grand Prix'), ['Race.Name=Canadian Grand Prix:fuzzy']);
  assert.deepEqual(names('tracks with unknown status'), []);
  // A lower-case common word is a weaker hint than a capitalised name.
  const money = index.lookup('how much money did we make')[0];
  const jazz = index.lookup('Jazz tracks')[0];
  assert.ok(money.score < jazz.score, `${money.score} < ${jazz.score}`);
});

test('sensitive columns by name, in English, pinyin and Chinese, and by the shape of values', () => {
  for (const n of ['Email', 'customer_email', 'Phone', 'MobilePhone', 'password_hash', 'api_token', 'ssn', 'id_card_no', 'shouji', '身份证号', '手机号码', 'BillingAddress', 'PostalCode']) assert.ok(isSensitiveColumnName(n), n);
  for (const n of ['Name', 'Title', 'Country', 'City', 'GenreName', 'status', 'Composer']) assert.ok(!isSensitiveColumnName(n), n);
  for (const v of ['luisg@embraer.com.br', '+55 (12) 3923-5555', '11010519491231002X', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc']) assert.ok(looksSensitiveValue(v), v);
  for (const v of ['AC/DC', 'Rock', '华东区', 'Canadian Grand Prix', '1999']) assert.ok(!looksSensitiveValue(v), v);
});

test('which columns are read: names and categories; never keys or sensitive columns', () => {
  const col = (name: string, type = 'NVARCHAR(120)', primaryKey = false) => ({ name, type, nullable: true, default: null, primaryKey, comment: null });
  const t: Table = { name: 'Customer', schema: null, kind: 'table', rowEstimate: 59, columns: [col('CustomerId', 'INTEGER', true), col('FirstName'), col('Country'), col('Email'), col('SupportRepId', 'INTEGER'), col('Company'), col('Total', 'NUMERIC(10,2)')], foreignKeys: [{ columns: ['SupportRepId'], refTable: 'Employee', refColumns: ['EmployeeId'] }], uniques: [] };
  assert.deepEqual(t.columns.map((c) => [c.name, columnCandidate(t, c)]), [['CustomerId', null], ['FirstName', 'name'], ['Country', 'name'], ['Email', 'sensitive-name'], ['SupportRepId', null], ['Company', 'categorical'], ['Total', null]]);
});
