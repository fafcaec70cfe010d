//! Migrations apply, revert and re-apply on the backend under test, and both backends end
//! with the same tables and columns.

use crate::helpers::spawn_app;
use diesel::prelude::*;
use diesel::sql_types::Text;
use relais_db::connection::{revert_all_migrations, run_migrations, ConnectionManager};
use relais_db::DbConnection;
use std::collections::BTreeSet;

#[derive(QueryableByName, Debug)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

fn columns(conn: &mut DbConnection) -> BTreeSet<(String, String)> {
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'"
        }
        DbConnection::Postgresql(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'"
        }
    };
    diesel::sql_query(sql)
        .load::<Column>(conn)
        .expect("columns")
        .into_iter()
        .map(|c| (c.table_name, c.column_name))
        .collect()
}

#[actix_rt::test]
async fn migrations_apply_revert_and_apply_again() {
    let app = spawn_app().await;
    let mut conn = app.connection();
    let before = columns(&mut conn);
    assert!(before.contains(&("activity_events".to_owned(), "occurred_at".to_owned())));
    // The seeded rows would block DROP TABLE order on PostgreSQL only through foreign keys,
    // which the down migration drops child-first.
    revert_all_migrations(&mut conn).expect("revert");
    let left = columns(&mut conn);
    assert!(left.is_empty(), "everything reverted: {left:?}");
    run_migrations(&mut conn).expect("apply again");
    assert_eq!(columns(&mut conn), before);
}

/// A schema, as both backends can describe it (full-text search is each backend's own: SQLite's
/// FTS5 tables, named `*_fts*`, are left out; PostgreSQL's GIN index is on an expression,
/// which the index query does not list): columns with their kind of type and
/// nullability, indexes with their columns, uniqueness and partiality, foreign keys, and the
/// number of CHECK constraints per table.
#[derive(Debug, PartialEq, Eq)]
struct Schema {
    columns: BTreeSet<(String, String, String, bool)>,
    indexes: BTreeSet<(String, String, bool, bool)>,
    foreign_keys: BTreeSet<(String, String, String)>,
    checks: BTreeSet<(String, i64)>,
}

#[derive(QueryableByName, Debug)]
struct TypedColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    not_null: i32,
}

#[derive(QueryableByName, Debug)]
struct Index {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    is_unique: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    partial: i32,
}

#[derive(QueryableByName, Debug)]
struct ForeignKey {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    target: String,
}

#[derive(QueryableByName, Debug)]
struct CheckCount {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    checks: i64,
}

/// The same kind of type under both backends' names.
fn type_kind(declared: &str) -> String {
    let declared = declared.to_lowercase();
    match declared.as_str() {
        "timestamp without time zone" | "timestamp" => "timestamp",
        "double precision" => "double",
        "integer" | "int4" => "integer",
        "bigint" | "int8" => "bigint",
        "smallint" | "int2" => "smallint",
        other => other,
    }
    .to_owned()
}

fn schema(conn: &mut DbConnection) -> Schema {
    let (columns_sql, indexes_sql, foreign_keys_sql, checks_sql) = match conn {
        DbConnection::Sqlite(_) => (
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
                    CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 1 ELSE 0 END AS not_null \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '%\\_fts%' ESCAPE '\\' AND m.name <> '__diesel_schema_migrations'",
            "SELECT m.name AS table_name, \
                    (SELECT group_concat(name, ',') FROM (SELECT ii.name FROM pragma_index_info(il.name) ii ORDER BY ii.seqno)) AS columns, \
                    il.\"unique\" AS is_unique, il.partial AS partial \
             FROM sqlite_master m JOIN pragma_index_list(m.name) il \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '%\\_fts%' ESCAPE '\\' AND m.name <> '__diesel_schema_migrations' AND il.origin <> 'pk'",
            "SELECT m.name AS table_name, f.\"from\" AS column_name, f.\"table\" AS target \
             FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
            "SELECT name AS table_name, \
                    CAST((length(upper(sql)) - length(replace(upper(sql), 'CHECK', ''))) / 5 AS BIGINT) AS checks \
             FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%\\_fts%' ESCAPE '\\' AND name <> '__diesel_schema_migrations'",
        ),
        DbConnection::Postgresql(_) => (
            "SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type, \
                    CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END AS not_null \
             FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
            "SELECT t.relname::text AS table_name, \
                    string_agg(a.attname::text, ',' ORDER BY k.n) AS columns, \
                    CASE WHEN ix.indisunique THEN 1 ELSE 0 END AS is_unique, \
                    CASE WHEN ix.indpred IS NOT NULL THEN 1 ELSE 0 END AS partial \
             FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid \
             JOIN pg_namespace ns ON ns.oid = t.relnamespace \
             CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) \
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
             WHERE ns.nspname = 'public' AND NOT ix.indisprimary AND t.relname <> '__diesel_schema_migrations' \
             GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indpred",
            "SELECT cl.relname::text AS table_name, a.attname::text AS column_name, fcl.relname::text AS target \
             FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class fcl ON fcl.oid = c.confrelid \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
             JOIN pg_namespace ns ON ns.oid = cl.relnamespace WHERE c.contype = 'f' AND ns.nspname = 'public'",
            "SELECT t.table_name::text AS table_name, \
                    (SELECT COUNT(*) FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid \
                     JOIN pg_namespace ns ON ns.oid = cl.relnamespace \
                     WHERE c.contype = 'c' AND ns.nspname = 'public' AND cl.relname = t.table_name) AS checks \
             FROM information_schema.tables t \
             WHERE t.table_schema = 'public' AND t.table_name <> '__diesel_schema_migrations'",
        ),
    };
    let columns = diesel::sql_query(columns_sql)
        .load::<TypedColumn>(conn)
        .expect("columns")
        .into_iter()
        .map(|c| (c.table_name, c.column_name, type_kind(&c.data_type), c.not_null == 1))
        .collect();
    let indexes = diesel::sql_query(indexes_sql)
        .load::<Index>(conn)
        .expect("indexes")
        .into_iter()
        .map(|i| (i.table_name, i.columns, i.is_unique == 1, i.partial == 1))
        .collect();
    let foreign_keys = diesel::sql_query(foreign_keys_sql)
        .load::<ForeignKey>(conn)
        .expect("foreign keys")
        .into_iter()
        .map(|f| (f.table_name, f.column_name, f.target))
        .collect();
    let checks = diesel::sql_query(checks_sql)
        .load::<CheckCount>(conn)
        .expect("checks")
        .into_iter()
        .map(|c| (c.table_name, c.checks))
        .collect();
    Schema {
        columns,
        indexes,
        foreign_keys,
        checks,
    }
}

/// Both backends end with the same tables, columns (type and nullability), indexes,
/// foreign keys and CHECK constraints. Compared when the suite runs on PostgreSQL, where
/// both backends are at hand.
#[actix_rt::test]
async fn both_backends_have_the_same_schema() {
    let app = spawn_app().await;
    if !app.is_postgres() {
        return;
    }
    let mut postgres = app.connection();
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite_url = format!("sqlite://{}", dir.path().join("compare.db").display());
    let mut sqlite = ConnectionManager::new(&sqlite_url).establish().expect("sqlite");
    run_migrations(&mut sqlite).expect("migrate sqlite");
    let (lite, pg) = (schema(&mut sqlite), schema(&mut postgres));
    assert!(lite.columns.len() > 80 && lite.indexes.len() > 10, "{lite:?}");
    eprintln!(
        "compared {} columns, {} indexes, {} foreign keys, {} CHECK constraints",
        lite.columns.len(),
        lite.indexes.len(),
        lite.foreign_keys.len(),
        lite.checks.iter().map(|(_, n)| n).sum::<i64>()
    );
    assert_eq!(lite.columns, pg.columns, "columns, types and nullability");
    assert_eq!(lite.indexes, pg.indexes, "indexes");
    assert_eq!(lite.foreign_keys, pg.foreign_keys, "foreign keys");
    assert_eq!(lite.checks, pg.checks, "CHECK constraints per table");
}
