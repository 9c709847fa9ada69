/**
 * Functions known to be free of side effects, per server. PostgreSQL and MySQL/MariaDB let a login create its
 * own functions, and a function may take locks, wait, reach the file system or open its own connection
 * (dblink) whatever the transaction says; a deny-list can never name them all. So on those servers the guard
 * accepts only the built-in functions listed here (unqualified, or qualified by pg_catalog on PostgreSQL) and
 * refuses any other call. SQLite has no SQL-defined functions: the deny-list in sideEffects.ts is enough there.
 *
 * Deliberately absent although built in: random seeds (setseed), sequences (nextval...), configuration
 * (set_config), anything in sideEffects.ts, and functions that run SQL given as text (query_to_xml).
 */
import type { Dialect } from '../datasource/types';

const words = (s: string) => s.trim().split(/\s+/).map((w) => w.toLowerCase());

const postgres = new Set(words(`
  abs cbrt ceil ceiling degrees div exp factorial floor gcd lcm ln log log10 min_scale mod pi power radians round scale
  sign sqrt trim_scale trunc width_bucket random acos asin atan atan2 cos cot sin tan acosd asind atand atan2d cosd cotd
  sind tand sinh cosh tanh asinh acosh atanh erf erfc
  ascii bit_length btrim char_length character_length chr concat concat_ws convert convert_from convert_to decode encode
  format initcap left length lower lpad ltrim md5 normalize octet_length overlay parse_ident position quote_ident
  quote_literal quote_nullable regexp_count regexp_instr regexp_like regexp_match regexp_matches regexp_replace
  regexp_split_to_array regexp_split_to_table regexp_substr repeat replace reverse right rpad rtrim split_part starts_with
  string_to_array string_to_table strpos substr substring to_ascii to_hex translate trim upper unistr sha224 sha256 sha384
  sha512 get_bit get_byte bit_count
  age clock_timestamp current_date current_time current_timestamp date_add date_bin date_part date_subtract date_trunc
  extract isfinite justify_days justify_hours justify_interval localtime localtimestamp make_date make_interval make_time
  make_timestamp make_timestamptz now statement_timestamp timeofday transaction_timestamp to_timestamp to_char to_date
  to_number timezone
  coalesce nullif greatest least
  array_agg avg bit_and bit_or bit_xor bool_and bool_or count every json_agg jsonb_agg json_object_agg jsonb_object_agg
  max min range_agg range_intersect_agg string_agg sum xmlagg corr covar_pop covar_samp regr_avgx regr_avgy regr_count
  regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy stddev stddev_pop stddev_samp variance var_pop var_samp
  mode percentile_cont percentile_disc rank dense_rank percent_rank cume_dist grouping any_value
  row_number ntile lag lead first_value last_value nth_value
  array_append array_cat array_dims array_fill array_length array_lower array_ndims array_position array_positions
  array_prepend array_remove array_replace array_to_string array_upper cardinality trim_array unnest generate_series
  generate_subscripts array_to_json array row
  to_json to_jsonb json_build_array jsonb_build_array json_build_object jsonb_build_object json_object jsonb_object
  json_array_length jsonb_array_length json_each jsonb_each json_each_text jsonb_each_text json_extract_path
  jsonb_extract_path json_extract_path_text jsonb_extract_path_text json_object_keys jsonb_object_keys
  json_array_elements jsonb_array_elements json_array_elements_text jsonb_array_elements_text json_typeof jsonb_typeof
  json_strip_nulls jsonb_strip_nulls jsonb_set jsonb_insert jsonb_pretty jsonb_path_exists jsonb_path_match
  jsonb_path_query jsonb_path_query_array jsonb_path_query_first row_to_json json_to_record jsonb_to_record
  json_to_recordset jsonb_to_recordset
  to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd ts_headline
  pg_typeof format_type current_user session_user current_schema current_database user num_nonnulls num_nulls
  pg_size_pretty pg_column_size gen_random_uuid
  lower_inc upper_inc lower_inf upper_inf isempty range_merge int4range int8range numrange tsrange tstzrange daterange
`));

const mysql = new Set(words(`
  abs acos asin atan atan2 ceil ceiling conv cos cot crc32 degrees exp floor ln log log10 log2 mod pi pow power radians
  rand round sign sin sqrt tan truncate div
  ascii bin bit_length char char_length character_length concat concat_ws elt export_set field find_in_set format
  from_base64 hex insert instr lcase left length locate lower lpad ltrim make_set mid oct octet_length ord position
  quote regexp_instr regexp_like regexp_replace regexp_substr repeat replace reverse right rpad rtrim soundex space
  strcmp substr substring substring_index to_base64 trim ucase unhex upper sformat natural_sort_key
  adddate addtime convert_tz curdate current_date current_time current_timestamp curtime date date_add date_format
  date_sub datediff day dayname dayofmonth dayofweek dayofyear extract from_days from_unixtime get_format hour last_day
  localtime localtimestamp makedate maketime microsecond minute month monthname now period_add period_diff quarter
  sec_to_time second str_to_date subdate subtime sysdate time time_format time_to_sec timediff timestamp timestampadd
  timestampdiff to_days to_seconds unix_timestamp utc_date utc_time utc_timestamp week weekday weekofyear year yearweek
  if ifnull nullif coalesce greatest least isnull interval
  avg bit_and bit_or bit_xor count group_concat json_arrayagg json_objectagg max min std stddev stddev_pop stddev_samp
  sum var_pop var_samp variance median percentile_cont percentile_disc
  cume_dist dense_rank first_value lag last_value lead nth_value ntile percent_rank rank row_number
  json_array json_object json_quote json_contains json_contains_path json_extract json_keys json_length json_type
  json_unquote json_value json_valid json_search json_depth json_overlaps json_merge_patch json_merge_preserve json_set
  json_insert json_replace json_remove json_array_append json_array_insert json_pretty json_detailed json_compact
  json_exists json_query
  cast convert md5 sha sha1 sha2 uuid binary charset collation database schema version user current_user inet_aton
  inet_ntoa bit_count
`));

const lists: Partial<Record<Dialect, Set<string>>> = { postgres, mysql };

/**
 * Whether a call is allowed: true when the dialect keeps no list (SQLite), or the function is a listed built-in
 * and any schema it is qualified with is the built-ins' own.
 */
export function isKnownFunction(dialect: Dialect, name: string, schema: string | null): boolean {
  const list = lists[dialect];
  if (!list) return true;
  if (schema !== null && !(dialect === 'postgres' && schema.toLowerCase() === 'pg_catalog')) return false;
  return list.has(name.toLowerCase());
}
